-- Step 3 of the seed (03_create_users_changes.sql), as written: before/after flattened into one row per change.
-- Create (c) and update (u) carry the row in after, delete (d) in before; is_deleted marks a delete.
CREATE TEMPORARY VIEW users_changes AS
SELECT
  CASE WHEN op='d' THEN `before`.user_id ELSE `after`.user_id END AS user_id,
  CASE WHEN op='d' THEN `before`.name    ELSE `after`.name    END AS name,
  CASE WHEN op='d' THEN `before`.email   ELSE `after`.email   END AS email,
  CASE WHEN op='d' THEN `before`.country_code ELSE `after`.country_code END AS country_code,
  (op = 'd') AS is_deleted,
  ts
FROM users_cdc_raw;
