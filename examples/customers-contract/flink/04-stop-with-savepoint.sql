-- Column rename, part 1: stop the publishing statement with a savepoint (the seed's STOP JOB).
-- The savepoint goes to the workspace; `cdcbridge statements describe customers-public-v1` shows it.
STOP JOB 'customers-public-v1' WITH SAVEPOINT;
