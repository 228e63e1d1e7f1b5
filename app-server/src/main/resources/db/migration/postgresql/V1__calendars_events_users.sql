-- PostgreSQL's form of h2/V1__calendars_events_users.sql (same version, same tables; see ../README.md).
-- Users log in with a salted PBKDF2 password hash and get bearer tokens, stored hashed.
CREATE TABLE users (
    name          VARCHAR(64) PRIMARY KEY,
    password_salt BYTEA NOT NULL,
    password_hash BYTEA NOT NULL,
    iterations    INT NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE auth_tokens (
    token_hash BYTEA PRIMARY KEY,
    user_name  VARCHAR(64) NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE calendars (
    id     VARCHAR(64) PRIMARY KEY,
    owner  VARCHAR(64) NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    name   VARCHAR(100) NOT NULL,
    colour VARCHAR(16) NOT NULL
);

-- One server-wide version counter: every stored change takes the next value.
CREATE SEQUENCE change_version START WITH 1;

-- Events are keyed per owner: iCalendar UIDs from imports may repeat across users.
-- Times are instants in epoch milliseconds plus the zone they were made in.
CREATE TABLE events (
    owner         VARCHAR(64) NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    id            VARCHAR(64) NOT NULL,
    calendar_id   VARCHAR(64) NOT NULL REFERENCES calendars (id),
    title         VARCHAR(200) NOT NULL,
    location      VARCHAR(200) NOT NULL,
    notes         VARCHAR(4000) NOT NULL,
    start_ms      BIGINT NOT NULL,
    end_ms        BIGINT NOT NULL,
    zone          VARCHAR(64) NOT NULL,
    all_day       BOOLEAN NOT NULL,
    recurrence    VARCHAR(300),
    version       BIGINT NOT NULL,
    last_modified TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted       BOOLEAN NOT NULL,
    PRIMARY KEY (owner, id)
);
CREATE INDEX events_by_start ON events (owner, deleted, start_ms);
CREATE INDEX events_by_version ON events (owner, version);

-- What changed, in version order: sync tokens and display refresh read from here.
CREATE TABLE change_log (
    version    BIGINT PRIMARY KEY,
    owner      VARCHAR(64) NOT NULL,
    event_id   VARCHAR(64) NOT NULL,
    kind       VARCHAR(8) NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX change_log_by_owner ON change_log (owner, version);
