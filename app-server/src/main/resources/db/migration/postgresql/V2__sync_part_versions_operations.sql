-- PostgreSQL's form of h2/V2__sync_part_versions_operations.sql (same version, same tables; see ../README.md).
-- The version at which each part of an event last changed, and which rich client changed it (null:
-- the HTTP API or a thin session). A rich client's edit conflicts only with changes that others
-- made to the parts it edits after its base version (see calendar-sync-protocol/PROTOCOL.md 4.4).
ALTER TABLE events ADD COLUMN calendar_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN title_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN location_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN notes_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN times_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN recurrence_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN calendar_writer UUID;
ALTER TABLE events ADD COLUMN title_writer UUID;
ALTER TABLE events ADD COLUMN location_writer UUID;
ALTER TABLE events ADD COLUMN notes_writer UUID;
ALTER TABLE events ADD COLUMN times_writer UUID;
ALTER TABLE events ADD COLUMN recurrence_writer UUID;
UPDATE events SET calendar_version = version, title_version = version, location_version = version,
    notes_version = version, times_version = version, recurrence_version = version;

-- Operations of rich clients that were applied, written in the same transaction as their change:
-- the same operation pushed again returns this result and changes nothing.
CREATE TABLE applied_operations (
    owner       VARCHAR(64) NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    client_id   UUID NOT NULL,
    op_seq      BIGINT NOT NULL,
    event_id    VARCHAR(64) NOT NULL,
    new_version BIGINT NOT NULL,
    applied_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (owner, client_id, op_seq)
);

-- Drawn once when the database is made: sync tokens of another database are never continued.
CREATE TABLE store_identity (
    store_id BIGINT NOT NULL
);
INSERT INTO store_identity (store_id) VALUES (CAST((random() - 0.5) * 1.8E19 AS BIGINT));
