-- In place: the same keyed table, products now upper-cased; from v1's savepoint (the join's state carries over).
-- cdcbridge evolve orders_with_customers_v2_1 --to 07-orders-with-customers-v2-2.sql --strategy in-place
SET 'table.exec.state.ttl' = '1h';
-- a source (or one of its subtasks) without new records must not hold the join's watermark back
SET 'table.exec.source.idle-timeout' = '1 s';
SET 'client.statement-name' = 'orders_with_customers_v2_2';
INSERT INTO orders_with_customers_v2
SELECT v_orders.order_id, UPPER(v_orders.product), to_minor_currency(v_orders.price), customers.id, customers.name,
       customers.country
FROM v_orders
JOIN customers FOR SYSTEM_TIME AS OF v_orders.event_time
ON v_orders.customer_id = customers.id;
