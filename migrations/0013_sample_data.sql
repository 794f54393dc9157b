-- Sample data (PRODUCT.md §13): loadSampleData fills an empty account with
-- three years of a household, and removeSampleData takes exactly that away
-- again. Records say so in their source ('SAMPLE', or 'METER' for the
-- periods of a sample meter); meters, tariffs and budgets, which have no
-- source, carry this mark instead.

-- +migrate Up

ALTER TABLE meters ADD COLUMN sample boolean NOT NULL DEFAULT false;
ALTER TABLE tariffs ADD COLUMN sample boolean NOT NULL DEFAULT false;
ALTER TABLE budgets ADD COLUMN sample boolean NOT NULL DEFAULT false;

-- +migrate Down

ALTER TABLE budgets DROP COLUMN sample;
ALTER TABLE tariffs DROP COLUMN sample;
ALTER TABLE meters DROP COLUMN sample;
