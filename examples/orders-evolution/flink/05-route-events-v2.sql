-- Carry-over: the router, carriers now upper-cased. Stateless, so v2 continues at v1's offsets, exactly once.
-- cdcbridge evolve route_events_v1 --to 05-route-events-v2.sql --strategy carry-over
SET 'client.statement-name' = 'route_events_v2';
EXECUTE STATEMENT SET
BEGIN
  INSERT INTO shipments SELECT event_id, shipment.order_id, UPPER(shipment.carrier) FROM sales_lifecycle_events WHERE shipment IS NOT NULL;
  INSERT INTO order_events SELECT event_id, `order`.order_id, `order`.product FROM sales_lifecycle_events WHERE `order` IS NOT NULL;
END;
