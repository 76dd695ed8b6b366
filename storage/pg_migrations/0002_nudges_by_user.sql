-- Schema 2: a user's nudges of every status, for `nudges_for_user` (issue 17: reminders the
-- user asked for belong to no interview, so they are found by their user, not an interview).
CREATE INDEX nudges_by_user ON nudges (user_key, due_at);
