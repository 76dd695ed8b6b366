-- Hearback on PostgreSQL, schema 2: what the workers sharing the database pace their nudges by
-- (storage/pg_rates.py). One row per platform: its token bucket (`tokens` as of `updated_at`,
-- by the database's clock) and, after a 429, when the platform's hold lifts.

CREATE TABLE rate_limits (
    platform    text PRIMARY KEY,
    tokens      double precision NOT NULL,
    updated_at  timestamptz NOT NULL,
    hold_until  timestamptz
);
