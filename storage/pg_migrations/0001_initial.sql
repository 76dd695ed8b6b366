-- Hearback on PostgreSQL, schema 1. Each record is kept whole as JSONB (its to_dict() form,
-- the same as in the TinyDB files); the columns beside it are copies of the fields the queries
-- select or order on.

CREATE TABLE users (
    key         text PRIMARY KEY,
    doc         jsonb NOT NULL
);

CREATE TABLE interviews (
    id          text PRIMARY KEY,
    seq         bigint GENERATED ALWAYS AS IDENTITY,  -- insertion order, for equal times
    user_key    text NOT NULL,
    created_at  timestamptz,
    doc         jsonb NOT NULL
);
CREATE INDEX interviews_by_user ON interviews (user_key, created_at);

CREATE TABLE nudges (
    id            text PRIMARY KEY,
    seq           bigint GENERATED ALWAYS AS IDENTITY,
    user_key      text NOT NULL,
    interview_id  text NOT NULL,
    status        text NOT NULL,
    due_at        timestamptz NOT NULL,
    leased_by     text,
    lease_until   timestamptz,
    attempts      integer NOT NULL DEFAULT 0,
    doc           jsonb NOT NULL
);
-- The due scan: pending nudges by due time.
CREATE INDEX nudges_due ON nudges (due_at, id) WHERE status = 'pending';
-- Each user's queue: what is pending or in flight, in order.
CREATE INDEX nudges_queue ON nudges (user_key, due_at, id) WHERE status IN ('pending', 'claimed');
-- Claims (in flight), and the leases that run out.
CREATE INDEX nudges_claimed ON nudges (lease_until) WHERE status = 'claimed';
CREATE INDEX nudges_by_interview ON nudges (interview_id);

CREATE TABLE dialogs (
    user_key    text PRIMARY KEY,
    doc         jsonb NOT NULL
);

CREATE TABLE shares (
    user_key    text NOT NULL,
    channel     text NOT NULL,
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    doc         jsonb NOT NULL,
    PRIMARY KEY (user_key, channel)
);

CREATE TABLE channels (
    key         text PRIMARY KEY,
    doc         jsonb NOT NULL
);

-- Handled platform events, so a redelivery is answered once; pruned by age.
CREATE TABLE events (
    platform    text NOT NULL,
    event_id    text NOT NULL,
    seen_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, event_id)
);
CREATE INDEX events_by_age ON events (seen_at);
