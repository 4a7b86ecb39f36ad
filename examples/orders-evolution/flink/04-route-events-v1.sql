-- A router (seed 002's stateless example): each event goes to the table of its kind.
CREATE TABLE shipments (event_id STRING, order_id INT, carrier STRING) WITH (
  'connector' = 'kafka', 'topic' = 'shipments',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json');
CREATE TABLE order_events (event_id STRING, order_id INT, product STRING) WITH (
  'connector' = 'kafka', 'topic' = 'order_events',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}', 'format' = 'json');

SET 'client.statement-name' = 'route_events_v1';
EXECUTE STATEMENT SET
BEGIN
  INSERT INTO shipments SELECT event_id, shipment.order_id, shipment.carrier FROM sales_lifecycle_events WHERE shipment IS NOT NULL;
  INSERT INTO order_events SELECT event_id, `order`.order_id, `order`.product FROM sales_lifecycle_events WHERE `order` IS NOT NULL;
END;
