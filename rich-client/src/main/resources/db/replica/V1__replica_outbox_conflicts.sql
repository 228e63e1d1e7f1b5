-- One rich client's replica of one user's calendars on one server.
CREATE TABLE calendars (
    id       VARCHAR(64) PRIMARY KEY,
    owner    VARCHAR(64) NOT NULL,
    name     VARCHAR(100) NOT NULL,
    colour   VARCHAR(16) NOT NULL,
    position INT NOT NULL
);

-- What the user sees: the server's copy with this replica's unsent edits applied. The event is
-- kept in its wire form (body); the other columns are there to query by.
CREATE TABLE events (
    id          VARCHAR(64) PRIMARY KEY,
    start_ms    BIGINT NOT NULL,
    end_ms      BIGINT NOT NULL,
    recurring   BOOLEAN NOT NULL,
    deleted     BOOLEAN NOT NULL,
    version     BIGINT NOT NULL,
    search_text VARCHAR NOT NULL,
    body        VARBINARY NOT NULL
);
CREATE INDEX events_by_start ON events (deleted, start_ms);

-- Edits not yet acknowledged by the server, in the order they were made, in wire form.
CREATE TABLE outbox (
    op_seq   BIGINT PRIMARY KEY,
    event_id VARCHAR(64) NOT NULL,
    body     VARBINARY NOT NULL,
    made_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX outbox_by_event ON outbox (event_id, op_seq);

-- Edits the server did not take as they were, until the user decides. mine is null for a
-- refused new event that has nothing left to keep; theirs is null when the server has no copy.
CREATE TABLE conflicts (
    event_id    VARCHAR(64) PRIMARY KEY,
    reason      VARCHAR(1000) NOT NULL,
    mine        VARBINARY,
    theirs      VARBINARY,
    detected_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE sync_state (
    singleton   INT PRIMARY KEY,
    client_id   UUID NOT NULL,
    store_id    BIGINT,
    version     BIGINT NOT NULL,
    next_op_seq BIGINT NOT NULL,
    last_sync   TIMESTAMP WITH TIME ZONE
);
INSERT INTO sync_state (singleton, client_id, store_id, version, next_op_seq) VALUES (1, RANDOM_UUID(), NULL, 0, 1);
