-- Hearback on PostgreSQL, schema 3: what the workers sharing the database coordinate through.

-- The pace of nudges (storage/pg_rates.py): one row per platform, its token bucket (`tokens`
-- as of `updated_at`, by the database's clock) and, after a 429, when the platform's hold lifts.
CREATE TABLE rate_limits (
    platform    text PRIMARY KEY,
    tokens      double precision NOT NULL,
    updated_at  timestamptz NOT NULL,
    hold_until  timestamptz
);

-- Jobs only one worker may do at a time (storage/pg_roles.py), e.g. "telegram-polling": who
-- holds it and until when (by the database's clock); renewed by its holder, taken over by
-- another worker once it has run out.
CREATE TABLE worker_leases (
    name        text PRIMARY KEY,
    holder      text NOT NULL,
    until       timestamptz NOT NULL
);
