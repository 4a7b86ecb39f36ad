-- The seed's target table (src/schemas/postgres.sql), as written. The seed's guarded_upsert() function is not
-- needed: the cdcbridge-jdbc sink applies the same guard ('version-column' = 'updated_at') in its upsert.
CREATE TABLE IF NOT EXISTS users_enriched (
  user_id        BIGINT PRIMARY KEY,
  name           TEXT,
  email          TEXT,
  email_domain   TEXT,                        -- derived: domain part of email
  country_code   TEXT,
  country_name   TEXT,
  is_corporate   BOOLEAN DEFAULT FALSE,       -- Flag for enrichment
  is_deleted     BOOLEAN DEFAULT FALSE,       -- Added soft-delete flag for deleted users
  updated_at     TIMESTAMPTZ NOT NULL
);
