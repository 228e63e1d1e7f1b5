-- Tombstones older than the retention are forgotten; a replica whose token is below the highest
-- version forgotten could miss a deletion, so the server tells it to start over.
ALTER TABLE store_identity ADD COLUMN sync_horizon BIGINT NOT NULL DEFAULT 0;
