-- Sync (PRODUCT.md §11): what changed since a time. A record's updated_at
-- says when it was created or last changed; a tombstone says that a record
-- was deleted, and when, so that a client that copies the records learns
-- of deletions too. A trigger writes the tombstones, whatever deletes the
-- records: deleteConsumptionRecord, a meter's readings re-deriving its
-- periods, a meter deleted with its periods, sample data removed. Deleting
-- the account leaves none: nobody is left to sync. Tombstones are kept 90
-- days; the servers delete older ones.
--
-- The keys hold user_id, so that the table can be distributed by user
-- (PRODUCT.md §12).

-- +migrate Up

CREATE TABLE record_tombstones (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id         uuid        NOT NULL,
    type       text        NOT NULL CHECK (type IN ('ELECTRICITY', 'WATER', 'GAS')),
    deleted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, id)
);
-- A user's deletions since a time, in order.
CREATE INDEX record_tombstones_user_deleted ON record_tombstones (user_id, deleted_at, id);
-- The old ones of every user, for the clean-up.
CREATE INDEX record_tombstones_deleted ON record_tombstones (deleted_at);

-- A sync reads one user's records changed since a time, in order.
CREATE INDEX consumption_records_user_updated ON consumption_records (user_id, updated_at, id);

-- +migrate StatementBegin
CREATE FUNCTION note_records_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Records deleted with their account (a cascade from users) leave no
    -- tombstone: the user's row is gone by now, and so would the
    -- tombstones be.
    INSERT INTO record_tombstones (user_id, id, type)
        SELECT gone.user_id, gone.id, gone.type FROM gone
        WHERE EXISTS (SELECT FROM users u WHERE u.id = gone.user_id)
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
-- +migrate StatementEnd

-- Once per statement, for all the rows it deleted.
CREATE TRIGGER consumption_records_deleted
    AFTER DELETE ON consumption_records
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION note_records_deleted();

ALTER TABLE record_tombstones ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_tombstones FORCE ROW LEVEL SECURITY;
CREATE POLICY record_tombstones_self ON record_tombstones TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
-- The clean-up sees only the tombstones past their 90 days, of every user.
CREATE POLICY record_tombstones_expired ON record_tombstones TO consumption_auth
    USING (deleted_at < now() - interval '90 days');

GRANT SELECT, INSERT ON record_tombstones TO consumption_user;
GRANT SELECT, DELETE ON record_tombstones TO consumption_auth;

-- +migrate Down

DROP TRIGGER consumption_records_deleted ON consumption_records;
DROP FUNCTION note_records_deleted();
DROP INDEX consumption_records_user_updated;
DROP TABLE record_tombstones;
