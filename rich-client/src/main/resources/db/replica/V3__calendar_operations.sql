-- Calendar edits (add, rename or recolour, delete) wait in the outbox beside event edits, in the
-- order they were made: a calendar made here reaches the server before the events made in it.
ALTER TABLE outbox ADD COLUMN calendar_id VARCHAR(64);
ALTER TABLE outbox ALTER COLUMN event_id SET NULL;
CREATE INDEX outbox_by_calendar ON outbox (calendar_id, op_seq);
-- Whose replica this is, as the server's Welcome named the user: calendars made here belong to them.
ALTER TABLE sync_state ADD COLUMN owner VARCHAR(64);
