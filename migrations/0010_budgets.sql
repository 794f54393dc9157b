-- Budgets: at most so much of a type per month, quarter or year, in an
-- amount (with its unit) or in money (the user's currency, no unit). A user
-- has at most one per type, granularity and measure.
--
-- Every key holds user_id, so that the table can be distributed by user
-- like the others (PRODUCT.md §12).

-- +migrate Up

CREATE TABLE budgets (
    id           uuid          NOT NULL DEFAULT gen_random_uuid(),
    user_id      uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type         text          NOT NULL CHECK (type IN ('ELECTRICITY', 'WATER', 'GAS')),
    granularity  text          NOT NULL CHECK (granularity IN ('MONTH', 'QUARTER', 'YEAR')),
    measure      text          NOT NULL CHECK (measure IN ('AMOUNT', 'COST')),
    budget_limit numeric(19,6) NOT NULL CHECK (budget_limit > 0 AND budget_limit <= 1000000000000),
    unit         text,
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, id),
    CONSTRAINT budgets_one_per_period UNIQUE (user_id, type, granularity, measure),
    -- An amount has a unit of its type; a cost is in the user's currency.
    CONSTRAINT budgets_unit CHECK (
        (measure = 'COST' AND unit IS NULL) OR
        (measure = 'AMOUNT' AND (
            (type = 'ELECTRICITY' AND unit IN ('WH', 'KWH', 'MWH')) OR
            (type = 'WATER' AND unit IN ('LITER', 'CUBIC_METER')) OR
            (type = 'GAS' AND unit IN ('CUBIC_METER', 'KWH'))))
    )
);

ALTER TABLE budgets ENABLE ROW LEVEL SECURITY;
ALTER TABLE budgets FORCE ROW LEVEL SECURITY;
CREATE POLICY budgets_self ON budgets TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE, DELETE ON budgets TO consumption_user;

-- +migrate Down

DROP TABLE budgets;
