-- Money: the currency of each account, the cost a bill states on its
-- record, and tariffs, the prices of a type of consumption over a span of
-- days. Costs are computed from these when asked; nothing computed is
-- stored, so changing a tariff recomputes nothing.

-- +migrate Up

-- An ISO 4217 code; the server checks it against the standard's list.
ALTER TABLE users ADD COLUMN currency text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$');
GRANT UPDATE (currency) ON users TO consumption_user;

-- Tax and standing charges included, in the user's currency.
ALTER TABLE consumption_records ADD COLUMN cost numeric(19,6)
    CHECK (cost >= 0 AND cost <= 1000000000000);

-- Aggregates read the cost beside the amount: with it in the covering
-- index they still read the index alone.
DROP INDEX consumption_records_user_type_start_covering;
CREATE INDEX consumption_records_user_type_start_covering
    ON consumption_records (user_id, type, period_start) INCLUDE (period_end, unit, amount, cost);

-- The user's id leads every key, so that the table can be distributed by
-- user, co-located with the user's records.
CREATE TABLE tariffs (
    id                      uuid          NOT NULL DEFAULT gen_random_uuid(),
    user_id                 uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type                    text          NOT NULL CHECK (type IN ('ELECTRICITY', 'WATER', 'GAS')),
    name                    text          NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    valid_from              date          NOT NULL CHECK (valid_from >= DATE '1970-01-01'),
    -- NULL: open-ended.
    valid_to                date          CHECK (valid_to >= valid_from),
    unit_price              numeric(19,6) NOT NULL CHECK (unit_price >= 0 AND unit_price <= 1000000000),
    price_unit              text          NOT NULL,
    standing_charge_per_day numeric(19,6) NOT NULL CHECK (standing_charge_per_day >= 0 AND standing_charge_per_day <= 1000000000),
    tax_rate                numeric(7,6)  NOT NULL CHECK (tax_rate >= 0 AND tax_rate <= 1),
    created_at              timestamptz   NOT NULL DEFAULT now(),
    updated_at              timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, id),
    CONSTRAINT tariffs_price_unit_of_type CHECK (
        (type = 'ELECTRICITY' AND price_unit IN ('WH', 'KWH', 'MWH')) OR
        (type = 'WATER' AND price_unit IN ('LITER', 'CUBIC_METER')) OR
        (type = 'GAS' AND price_unit IN ('CUBIC_METER', 'KWH'))
    ),
    -- A day has one price per type: tariffs of one type never overlap.
    CONSTRAINT tariffs_no_overlap EXCLUDE USING gist (
        user_id WITH =,
        type WITH =,
        daterange(valid_from, valid_to, '[]') WITH &&
    )
);
CREATE INDEX tariffs_user_type_from ON tariffs (user_id, type, valid_from);

ALTER TABLE tariffs ENABLE ROW LEVEL SECURITY;
ALTER TABLE tariffs FORCE ROW LEVEL SECURITY;
CREATE POLICY tariffs_self ON tariffs TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON tariffs TO consumption_user;

-- +migrate Down

DROP TABLE tariffs;
DROP INDEX consumption_records_user_type_start_covering;
CREATE INDEX consumption_records_user_type_start_covering
    ON consumption_records (user_id, type, period_start) INCLUDE (period_end, unit, amount);
ALTER TABLE consumption_records DROP COLUMN cost;
ALTER TABLE users DROP COLUMN currency;
