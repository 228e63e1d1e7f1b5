-- Each user's changes are numbered 1, 2, 3, ... as well: sync clients see these numbers, not the
-- server-wide versions, whose gaps would tell one user how much everyone else writes.
ALTER TABLE change_log ADD COLUMN user_seq BIGINT;
MERGE INTO change_log c USING (SELECT version, ROW_NUMBER() OVER (PARTITION BY owner ORDER BY version) AS n FROM change_log) r
    ON c.version = r.version WHEN MATCHED THEN UPDATE SET user_seq = r.n;
CREATE UNIQUE INDEX change_log_by_user_seq ON change_log (owner, user_seq);
-- Sync tokens held until now count server-wide versions: a new store id makes every replica start
-- over once rather than read them as its user's numbers.
UPDATE store_identity SET store_id = CAST((RAND() - 0.5) * 1.8E19 AS BIGINT);
