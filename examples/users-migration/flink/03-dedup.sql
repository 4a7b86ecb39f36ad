-- Step 4 of the seed (04_create_users_latest.sql), as written: the latest change per user_id by event time.
-- A change older than the one kept (the seed's delete that arrives after a newer update) loses here.
CREATE TEMPORARY VIEW users_latest AS
SELECT * FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC) AS rn
  FROM users_changes
)
WHERE rn = 1;
