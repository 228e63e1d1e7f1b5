-- PostgreSQL's form of h2/V4__calendar_versions.sql (same version, same tables; see ../README.md).
-- Calendars are synced like events: each change (added, renamed, recoloured, deleted) takes the next
-- version and a change-log row of kind CALENDAR; a deleted calendar stays as a tombstone, so that a
-- replica can be told it is gone. Calendars made before this migration count as made at the newest
-- version so far: a replica that starts over gets them in its pages (an empty store: in the Welcome).
ALTER TABLE calendars ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
UPDATE calendars SET version = (SELECT COALESCE(MAX(version), 0) FROM change_log);
ALTER TABLE calendars ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX calendars_by_owner ON calendars (owner, version);
