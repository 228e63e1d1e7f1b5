-- Each user's live (not deleted) events, kept in the same transaction as every write that makes or
-- removes one: the quota is checked against an exact count, whichever process or server wrote,
-- without counting the events on each write.
ALTER TABLE users ADD COLUMN live_events BIGINT NOT NULL DEFAULT 0;
UPDATE users SET live_events = (SELECT COUNT(*) FROM events e WHERE e.owner = users.name AND e.deleted = FALSE);
