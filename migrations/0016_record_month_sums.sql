-- Sums of whole months, for aggregates (PRODUCT.md §5). An aggregate reads every record of
-- its range, and for a year's totals that is some 430 records a user, whose
-- reading is most of PostgreSQL's work. The records of one calendar month
-- can be read as one row instead, summed beforehand: for a month that lies
-- wholly within one segment of an aggregate, the read takes this table's
-- rows of the month, and, through the partial index below, the records
-- that cross a month's boundary, which no row here holds.
--
-- A row holds, for one user, type, unit and calendar month, the sums of the
-- records whose first and last days both lie in the month: their amounts
-- (exactly: numeric without a scale), their days and how many they are.
-- Costs are not summed; a read that asks for costs reads the records.
--
-- A trigger keeps the table exact, in the transaction that writes the
-- records, whatever writes them: a record created, changed or deleted, a
-- meter's periods re-derived, sample data loaded or removed, an account
-- deleted. It runs once for each record (as the tombstones' trigger does,
-- see 0015, for a Citus cluster) and as the role that writes the record, so
-- row-level security holds for the sums as for the records.
--
-- The keys hold user_id, so that the table is distributed by user
-- (PRODUCT.md §12), beside the user's records.

-- +migrate Up

-- On a Citus cluster, the migration's commands on shards run over one
-- connection per worker: a function may not be created or dropped in a
-- transaction after commands over several (and without Citus the setting
-- is a placeholder that nothing reads, as the others below).
SET LOCAL citus.multi_shard_modify_mode = 'sequential';

CREATE TABLE record_month_sums (
    -- Refers to users once placed (below).
    user_id uuid    NOT NULL,
    type    text    NOT NULL,
    -- The month's first day.
    month   date    NOT NULL,
    unit    text    NOT NULL,
    amount  numeric NOT NULL,
    -- The records' days, both ends included, summed.
    days    integer NOT NULL,
    records integer NOT NULL,
    PRIMARY KEY (user_id, type, month, unit),
    -- A month's last record deleted takes its row with it.
    CHECK (records > 0 AND days >= records AND amount >= 0),
    CHECK (month = date_trunc('month', month::timestamp)::date)
);

ALTER TABLE record_month_sums ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_month_sums FORCE ROW LEVEL SECURITY;
CREATE POLICY record_month_sums_self ON record_month_sums TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
-- The trigger writes as the role that writes the records: the user's, in
-- every path (an account too is deleted in its user's scope). The cascade
-- from users needs no grant: PostgreSQL runs it as the table's owner.
GRANT SELECT, INSERT, DELETE, UPDATE (amount, days, records) ON record_month_sums TO consumption_user;

-- On a Citus cluster migrated before this migration, whose tables are
-- distributed already, the table is distributed here, beside users, before
-- it refers to them: Citus refuses a foreign key from a table of the
-- coordinator's to a distributed one. Elsewhere the table is placed with
-- the others after the migrations (store.distribute), if at all.
-- +migrate StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') THEN
        EXECUTE $citus$
            SELECT create_distributed_table('record_month_sums', 'user_id', colocate_with => 'users')
            FROM pg_dist_partition WHERE logicalrelid = 'users'::regclass
        $citus$;
    END IF;
END
$$;
-- +migrate StatementEnd
ALTER TABLE record_month_sums ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;

-- +migrate StatementBegin
CREATE FUNCTION sum_record_months() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_month date;
    new_month date;
    remaining integer;
BEGIN
    -- An update that leaves what is summed as it was (it changed the notes
    -- or the cost, whatever the statement set) changes no sum.
    IF TG_OP = 'UPDATE' AND (OLD.user_id, OLD.type, OLD.unit, OLD.amount, OLD.period_start, OLD.period_end)
            IS NOT DISTINCT FROM (NEW.user_id, NEW.type, NEW.unit, NEW.amount, NEW.period_start, NEW.period_end) THEN
        RETURN NULL;
    END IF;
    -- Date to timestamp without time zone, then date_trunc: both immutable,
    -- as the partial index needs, whatever the session's time zone.
    IF TG_OP <> 'INSERT' AND date_trunc('month', OLD.period_start::timestamp) = date_trunc('month', OLD.period_end::timestamp) THEN
        old_month := date_trunc('month', OLD.period_start::timestamp)::date;
    END IF;
    IF TG_OP <> 'DELETE' AND date_trunc('month', NEW.period_start::timestamp) = date_trunc('month', NEW.period_end::timestamp) THEN
        new_month := date_trunc('month', NEW.period_start::timestamp)::date;
    END IF;
    -- A record changed within its month's row (its amount, or its days
    -- within the month): the row keeps its count, and takes the difference.
    IF old_month = new_month AND (OLD.user_id, OLD.type, OLD.unit) = (NEW.user_id, NEW.type, NEW.unit) THEN
        UPDATE record_month_sums SET
            amount = amount - OLD.amount + NEW.amount,
            days = days - (OLD.period_end - OLD.period_start) + (NEW.period_end - NEW.period_start)
        WHERE user_id = NEW.user_id AND type = NEW.type AND month = new_month AND unit = NEW.unit;
        RETURN NULL;
    END IF;

    IF old_month IS NOT NULL THEN
        -- The row is locked first, and read as it is once the lock is held:
        -- whether this is its last record decides between deleting it and
        -- taking the record out, and a concurrent writer of the same month
        -- may have just changed the count. No row: the account is being
        -- deleted, and its sums went first, by the cascade from users.
        SELECT records INTO remaining FROM record_month_sums
            WHERE user_id = OLD.user_id AND type = OLD.type AND month = old_month AND unit = OLD.unit
            FOR UPDATE;
        IF remaining = 1 THEN
            DELETE FROM record_month_sums
                WHERE user_id = OLD.user_id AND type = OLD.type AND month = old_month AND unit = OLD.unit;
        ELSIF remaining > 1 THEN
            UPDATE record_month_sums SET
                amount = amount - OLD.amount,
                days = days - (OLD.period_end - OLD.period_start + 1),
                records = records - 1
            WHERE user_id = OLD.user_id AND type = OLD.type AND month = old_month AND unit = OLD.unit;
        END IF;
    END IF;

    IF new_month IS NOT NULL THEN
        INSERT INTO record_month_sums AS s (user_id, type, month, unit, amount, days, records)
            VALUES (NEW.user_id, NEW.type, new_month, NEW.unit, NEW.amount, NEW.period_end - NEW.period_start + 1, 1)
            ON CONFLICT (user_id, type, month, unit) DO UPDATE SET
                amount = s.amount + EXCLUDED.amount,
                days = s.days + EXCLUDED.days,
                records = s.records + 1;
    END IF;
    RETURN NULL;
END
$$;
-- +migrate StatementEnd

-- Citus lets a trigger onto a distributed table (the records, on a cluster
-- migrated before) only when told, as store.distribute tells it.
SET LOCAL citus.enable_unsafe_triggers = on;

-- Creating the trigger locks the records against writes until the
-- migration commits, so that the sums written below miss none.
CREATE TRIGGER consumption_records_month_sums
    AFTER INSERT OR DELETE OR UPDATE OF user_id, type, unit, amount, period_start, period_end ON consumption_records
    FOR EACH ROW EXECUTE FUNCTION sum_record_months();

INSERT INTO record_month_sums (user_id, type, month, unit, amount, days, records)
    SELECT user_id, type, date_trunc('month', period_start::timestamp)::date, unit,
        sum(amount), sum(period_end - period_start + 1), count(*)
    FROM consumption_records
    WHERE date_trunc('month', period_start::timestamp) = date_trunc('month', period_end::timestamp)
    GROUP BY 1, 2, 3, 4;

-- The records that cross a month's boundary, read beside the sums of the
-- months they touch, as the covering index has them.
CREATE INDEX consumption_records_month_crossing
    ON consumption_records (user_id, type, period_start) INCLUDE (period_end, unit, amount)
    WHERE date_trunc('month', period_start::timestamp) <> date_trunc('month', period_end::timestamp);

-- +migrate Down

SET LOCAL citus.multi_shard_modify_mode = 'sequential';
SET LOCAL citus.enable_unsafe_triggers = on;
DROP TRIGGER consumption_records_month_sums ON consumption_records;
DROP FUNCTION sum_record_months();
DROP INDEX consumption_records_month_crossing;
DROP TABLE record_month_sums;
