-- Aggregates read a user's records of one type by date and need only the
-- period, unit and amount: with those in the index, PostgreSQL answers from
-- the index alone, without visiting the table.

-- +migrate Up
CREATE INDEX consumption_records_user_type_start_covering
    ON consumption_records (user_id, type, period_start) INCLUDE (period_end, unit, amount);
DROP INDEX consumption_records_user_type_start;

-- +migrate Down
CREATE INDEX consumption_records_user_type_start ON consumption_records (user_id, type, period_start);
DROP INDEX consumption_records_user_type_start_covering;
