-- The server's copy each shown event was last built from (null for an event made here and not
-- yet pulled back): when an acknowledged edit turns out to be older than that copy, the event
-- is rebuilt from it with the edits still queued.
ALTER TABLE events ADD COLUMN server_body VARBINARY;
