-- The first schema: accounts, refresh tokens, login throttling and
-- consumption records, with tenant isolation enforced by row-level security.
--
-- Two roles without login do the work of every request (the server switches
-- to one of them inside each transaction with set_config('role', ...)):
--
--   consumption_user  acts for one signed-in user; row-level security limits
--                     it to the rows whose owner is app.user_id.
--   consumption_auth  signs people in: it may look users up by email and
--                     manage refresh tokens, and cannot see any record.
--
-- Roles belong to the whole PostgreSQL cluster, so they are created only when
-- missing and never dropped: other databases on the cluster may use them.

-- +migrate Up

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- +migrate StatementBegin
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['consumption_user', 'consumption_auth'] LOOP
        -- Look first: a user that may not create roles is refused even a
        -- role that exists, as when an administrator made them beforehand.
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                -- Another database of this cluster created it first.
                NULL;
            END;
        END IF;
        IF NOT pg_has_role(current_user, role_name, 'MEMBER') THEN
            EXECUTE format('GRANT %I TO %I', role_name, current_user);
        END IF;
    END LOOP;
END
$$;
-- +migrate StatementEnd

CREATE TABLE users (
    id                      uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    email                   text          NOT NULL
                                          CHECK (char_length(email) BETWEEN 3 AND 254 AND email = lower(email)),
    password_hash           text          NOT NULL,
    time_zone               text          NOT NULL DEFAULT 'UTC',
    gas_kwh_per_cubic_meter numeric(12,6) NOT NULL DEFAULT 11.2
                                          CHECK (gas_kwh_per_cubic_meter > 0),
    created_at              timestamptz   NOT NULL DEFAULT now(),
    updated_at              timestamptz   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE refresh_tokens (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Every token rotated from one login shares its family; reusing a
    -- rotated token revokes the whole family.
    family_id   uuid        NOT NULL,
    -- SHA-256 of the token: the token itself is never stored.
    token_hash  bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Failed logins, by subject: an account ("account:" and a hash of the email,
-- whether or not such an account exists) or a client address ("address:...").
-- It holds no user data, so it has no row-level security.
CREATE TABLE login_failures (
    subject   text        NOT NULL CHECK (char_length(subject) <= 200),
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_subject ON login_failures (subject, failed_at);
CREATE INDEX login_failures_failed_at ON login_failures (failed_at);

CREATE TABLE consumption_records (
    id           uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type         text          NOT NULL CHECK (type IN ('ELECTRICITY', 'WATER', 'GAS')),
    unit         text          NOT NULL,
    amount       numeric(19,6) NOT NULL CHECK (amount >= 0 AND amount <= 1000000000000),
    period_start date          NOT NULL CHECK (period_start >= DATE '1970-01-01'),
    period_end   date          NOT NULL,
    notes        text          CHECK (char_length(notes) <= 500),
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT consumption_records_unit_of_type CHECK (
        (type = 'ELECTRICITY' AND unit IN ('WH', 'KWH', 'MWH')) OR
        (type = 'WATER' AND unit IN ('LITER', 'CUBIC_METER')) OR
        (type = 'GAS' AND unit IN ('CUBIC_METER', 'KWH'))
    ),
    -- Both days are included, so a one-day period has start = end.
    CONSTRAINT consumption_records_period CHECK (
        period_start <= period_end AND period_end - period_start < 400
    ),
    CONSTRAINT consumption_records_no_overlap EXCLUDE USING gist (
        user_id WITH =,
        type WITH =,
        daterange(period_start, period_end, '[]') WITH &&
    )
);
-- Aggregates and filtered lists read one user's records of one type by date.
CREATE INDEX consumption_records_user_type_start
    ON consumption_records (user_id, type, period_start);
-- The default list order: newest period first, across types.
CREATE INDEX consumption_records_user_start
    ON consumption_records (user_id, period_start DESC, id DESC);

-- Row-level security, enabled and forced so that it holds for the table
-- owner too. A superuser still bypasses it, which is why every request
-- switches to one of the roles above before touching these tables.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
ALTER TABLE consumption_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE consumption_records FORCE ROW LEVEL SECURITY;

-- app.user_id is set with set_config(..., true), so it lasts one transaction;
-- afterwards it reads as '' rather than NULL, hence nullif.
CREATE POLICY users_self ON users TO consumption_user
    USING (id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY refresh_tokens_self ON refresh_tokens TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY consumption_records_self ON consumption_records TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

-- Signing in needs to find an account by email before anyone is known.
CREATE POLICY users_sign_in ON users TO consumption_auth USING (true) WITH CHECK (true);
CREATE POLICY refresh_tokens_sign_in ON refresh_tokens TO consumption_auth USING (true) WITH CHECK (true);

GRANT SELECT, DELETE ON users TO consumption_user;
GRANT UPDATE (time_zone, gas_kwh_per_cubic_meter, password_hash, updated_at) ON users TO consumption_user;
GRANT SELECT, UPDATE (revoked_at) ON refresh_tokens TO consumption_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON consumption_records TO consumption_user;

GRANT SELECT, INSERT ON users TO consumption_auth;
GRANT UPDATE (password_hash, updated_at) ON users TO consumption_auth;
GRANT SELECT, INSERT ON refresh_tokens TO consumption_auth;
GRANT UPDATE (rotated_at, revoked_at) ON refresh_tokens TO consumption_auth;
GRANT SELECT, INSERT, DELETE ON login_failures TO consumption_auth;

-- +migrate Down

DROP TABLE consumption_records;
DROP TABLE login_failures;
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP EXTENSION IF EXISTS btree_gist;
