-- Triggers that run where the rows are (PRODUCT.md §12). On a Citus
-- cluster a table's triggers run on its shards, on the workers, as the
-- rows change; a statement there that reads or writes other tables of the
-- same user is routed to their shards beside it, in the same transaction.
--
-- Tombstones: once per deleted record rather than per statement, as the
-- statement's transition table is a relation of the shard's, which Citus
-- cannot route with the distributed tables. A delete writes few records at
-- a time (a bill, a meter's periods, sample data), so the cost is small.

-- +migrate Up

DROP TRIGGER consumption_records_deleted ON consumption_records;
DROP FUNCTION note_records_deleted();

-- +migrate StatementBegin
CREATE FUNCTION note_record_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Records deleted with their account (a cascade from users) leave no
    -- tombstone: the user's row is gone by now, and so would the
    -- tombstones be.
    IF EXISTS (SELECT FROM users WHERE id = OLD.user_id) THEN
        INSERT INTO record_tombstones (user_id, id, type) VALUES (OLD.user_id, OLD.id, OLD.type)
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
-- +migrate StatementEnd

CREATE TRIGGER consumption_records_deleted
    AFTER DELETE ON consumption_records
    FOR EACH ROW EXECUTE FUNCTION note_record_deleted();

-- +migrate Down

DROP TRIGGER consumption_records_deleted ON consumption_records;
DROP FUNCTION note_record_deleted();

-- +migrate StatementBegin
CREATE FUNCTION note_records_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_tombstones (user_id, id, type)
        SELECT gone.user_id, gone.id, gone.type FROM gone
        WHERE EXISTS (SELECT FROM users u WHERE u.id = gone.user_id)
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
-- +migrate StatementEnd
CREATE TRIGGER consumption_records_deleted
    AFTER DELETE ON consumption_records
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION note_records_deleted();
