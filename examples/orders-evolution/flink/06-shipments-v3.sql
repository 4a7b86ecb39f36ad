-- Reprocess a partial history: a new table of shipments per carrier, from a point in time on.
-- cdcbridge evolve route_events_v2 --to 06-shipments-v3.sql --strategy reprocess --from <time>
CREATE TABLE shipments_v3 (event_id STRING, order_id INT, carrier STRING) WITH (
  'connector' = 'kafka', 'topic' = 'shipments_v3',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json');

SET 'client.statement-name' = 'route_events_v3';
EXECUTE STATEMENT SET
BEGIN
  INSERT INTO shipments_v3 SELECT event_id, shipment.order_id, UPPER(shipment.carrier) FROM sales_lifecycle_events WHERE shipment IS NOT NULL;
  INSERT INTO order_events SELECT event_id, `order`.order_id, `order`.product FROM sales_lifecycle_events WHERE `order` IS NOT NULL;
END;
