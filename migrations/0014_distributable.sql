-- Keys for a Citus cluster (PRODUCT.md §12): every key, unique constraint
-- and foreign key of a user's rows holds user_id, so that a table
-- distributed by user keeps them on each shard. Safe on one PostgreSQL too.
--
-- An email is unique across users, which no key holding user_id can say:
-- emails get a table of their own, keyed by the email, which sign-up fills
-- and sign-in reads to find the account. On Citus it is a reference table
-- (every node holds it), which cannot refer to a distributed table, so it
-- has no foreign key to users: deleting an account deletes its email here.

-- +migrate Up

CREATE TABLE user_emails (
    email   text PRIMARY KEY,
    user_id uuid NOT NULL
);
INSERT INTO user_emails (email, user_id) SELECT email, id FROM users;
DROP INDEX users_email_key;
-- Deleting an account finds its email by the user.
CREATE INDEX user_emails_user ON user_emails (user_id);

ALTER TABLE user_emails ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_emails FORCE ROW LEVEL SECURITY;
CREATE POLICY user_emails_self ON user_emails TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY user_emails_sign_in ON user_emails TO consumption_auth USING (true) WITH CHECK (true);
GRANT SELECT, DELETE ON user_emails TO consumption_user;
GRANT SELECT, INSERT ON user_emails TO consumption_auth;

-- A refresh token is found by its hash before its user is known; then
-- everything else about it by its user too.
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_pkey;
ALTER TABLE refresh_tokens ADD PRIMARY KEY (user_id, id);
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_token_hash_key;
ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_hash UNIQUE (token_hash, user_id);
DROP INDEX refresh_tokens_user;
DROP INDEX refresh_tokens_family;
CREATE INDEX refresh_tokens_user_family ON refresh_tokens (user_id, family_id);

ALTER TABLE consumption_records DROP CONSTRAINT consumption_records_pkey;
ALTER TABLE consumption_records ADD PRIMARY KEY (user_id, id);

-- +migrate Down

ALTER TABLE consumption_records DROP CONSTRAINT consumption_records_pkey;
ALTER TABLE consumption_records ADD PRIMARY KEY (id);

DROP INDEX refresh_tokens_user_family;
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_hash;
ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash);
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_pkey;
ALTER TABLE refresh_tokens ADD PRIMARY KEY (id);

CREATE UNIQUE INDEX users_email_key ON users (email);
DROP TABLE user_emails;
