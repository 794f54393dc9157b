-- Meters and their readings (PRODUCT.md §8), and where each consumption
-- record came from.
--
-- A reading is a meter's register at the end of a day. Between consecutive
-- readings on days a < b the meter consumed value(b) - value(a) (plus
-- 10^digits when the register rolled over) over days a+1 .. b: the server
-- stores each such period as a consumption record with source METER and the
-- meter's id, re-derived in the transaction that changes a reading. So the
-- records' exclusion constraint is also the rule for meters: a derived
-- period may overlap neither a bill nor another meter's period of the type.
--
-- The tables are ready to be distributed by user (Citus, PRODUCT.md §12):
-- their keys, unique constraints and foreign keys all start with user_id,
-- so that every row of one user, and every check between them, stays on one
-- shard.

-- +migrate Up

CREATE TABLE meters (
    id            uuid          NOT NULL DEFAULT gen_random_uuid(),
    user_id       uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type          text          NOT NULL CHECK (type IN ('ELECTRICITY', 'WATER', 'GAS')),
    unit          text          NOT NULL,
    name          text          NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    serial_number text          CHECK (char_length(serial_number) <= 100),
    -- The register rolls over to 0 after 10^digits - 1.
    digits        smallint      CHECK (digits BETWEEN 1 AND 12),
    installed_on  date          NOT NULL CHECK (installed_on >= DATE '1970-01-01'),
    removed_on    date,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    updated_at    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, id),
    CONSTRAINT meters_unit_of_type CHECK (
        (type = 'ELECTRICITY' AND unit IN ('WH', 'KWH', 'MWH')) OR
        (type = 'WATER' AND unit IN ('LITER', 'CUBIC_METER')) OR
        (type = 'GAS' AND unit IN ('CUBIC_METER', 'KWH'))
    ),
    CONSTRAINT meters_service CHECK (removed_on >= installed_on),
    -- Meters of one type follow each other: a replacement starts the day
    -- after the old one's removal. Their derived periods could not overlap
    -- anyway; this says so when the meter is made, not at its first reading.
    CONSTRAINT meters_one_per_type_at_a_time EXCLUDE USING gist (
        user_id WITH =,
        type WITH =,
        daterange(installed_on, removed_on, '[]') WITH &&
    )
);

CREATE TABLE meter_readings (
    id         uuid          NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid          NOT NULL,
    meter_id   uuid          NOT NULL,
    read_on    date          NOT NULL,
    value      numeric(19,6) NOT NULL CHECK (value >= 0 AND value <= 1000000000000),
    estimated  boolean       NOT NULL DEFAULT false,
    notes      text          CHECK (char_length(notes) <= 500),
    created_at timestamptz   NOT NULL DEFAULT now(),
    updated_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, id),
    -- One reading per meter and day; also the index that reads a meter's
    -- readings in order.
    CONSTRAINT meter_readings_one_per_day UNIQUE (user_id, meter_id, read_on),
    FOREIGN KEY (user_id, meter_id) REFERENCES meters (user_id, id) ON DELETE CASCADE
);

-- Where a record came from. Existing records were all typed in or imported
-- through the same mutation, which could not tell the two apart: MANUAL.
ALTER TABLE consumption_records
    ADD COLUMN source text NOT NULL DEFAULT 'MANUAL'
        CHECK (source IN ('MANUAL', 'IMPORT', 'METER', 'SAMPLE')),
    ADD COLUMN meter_id uuid,
    -- A record is derived from a meter exactly when it names the meter.
    ADD CONSTRAINT consumption_records_meter_source CHECK ((source = 'METER') = (meter_id IS NOT NULL)),
    -- Deleting a meter deletes its periods.
    ADD CONSTRAINT consumption_records_meter FOREIGN KEY (user_id, meter_id)
        REFERENCES meters (user_id, id) ON DELETE CASCADE;
-- A meter's periods, found by the day they end (the day of the reading that
-- closes each): for re-deriving them, for the reading that closes each, and
-- for the cascade when a meter is deleted.
CREATE UNIQUE INDEX consumption_records_meter_period
    ON consumption_records (user_id, meter_id, period_end) WHERE meter_id IS NOT NULL;

ALTER TABLE meters ENABLE ROW LEVEL SECURITY;
ALTER TABLE meters FORCE ROW LEVEL SECURITY;
ALTER TABLE meter_readings ENABLE ROW LEVEL SECURITY;
ALTER TABLE meter_readings FORCE ROW LEVEL SECURITY;
CREATE POLICY meters_self ON meters TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY meter_readings_self ON meter_readings TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE, DELETE ON meters TO consumption_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON meter_readings TO consumption_user;

-- +migrate Down

-- The derived periods go with the readings they came from.
DELETE FROM consumption_records WHERE source = 'METER';
DROP INDEX consumption_records_meter_period;
ALTER TABLE consumption_records
    DROP CONSTRAINT consumption_records_meter,
    DROP CONSTRAINT consumption_records_meter_source,
    DROP COLUMN meter_id,
    DROP COLUMN source;
DROP TABLE meter_readings;
DROP TABLE meters;
