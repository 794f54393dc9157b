-- API tokens (PRODUCT.md §11): long-lived bearer tokens that people make for
-- their scripts, each with a scope (READ or READ_WRITE) and maybe an expiry.
-- Only the SHA-256 of a token is stored; the token is shown once.
--
-- Revoking a token deletes its row, and so does deleting its user. Either
-- way a trigger notes the token's id in session_revocations and announces
-- it with NOTIFY session_revoked, as a signed-out session's (migration
-- 0008): every server instance keeps the tokens it has verified in memory
-- for a while, and refuses them from the moment it hears of their end.
--
-- The keys hold user_id, so that the table can be distributed by user
-- (PRODUCT.md §12); a token is found by its hash before its user is known,
-- through the unique index that leads with the hash.

-- +migrate Up

CREATE TABLE api_tokens (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    scope        text        NOT NULL CHECK (scope IN ('READ', 'READ_WRITE')),
    -- SHA-256 of the token: the token itself is never stored.
    token_hash   bytea       NOT NULL CHECK (octet_length(token_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- NULL: the token never expires.
    expires_at   timestamptz CHECK (expires_at > created_at),
    -- Kept by the servers in memory and written here in batches, so it may
    -- be a minute behind; it never moves backwards.
    last_used_at timestamptz,
    PRIMARY KEY (user_id, id),
    CONSTRAINT api_tokens_hash UNIQUE (token_hash, user_id)
);

-- +migrate StatementBegin
CREATE FUNCTION note_api_token_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO session_revocations (session_id) VALUES (OLD.id)
        ON CONFLICT DO NOTHING;
    PERFORM pg_notify('session_revoked', OLD.id::text);
    RETURN NULL;
END
$$;
-- +migrate StatementEnd

CREATE TRIGGER api_tokens_revoked
    AFTER DELETE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION note_api_token_revoked();

ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY api_tokens_self ON api_tokens TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
-- A request's token is looked up by its hash before anyone is known, as
-- signing in looks up an email; and the time each was last used is written
-- for many users at once. Nothing else of consumption_auth's touches it.
CREATE POLICY api_tokens_verify ON api_tokens FOR SELECT TO consumption_auth USING (true);
CREATE POLICY api_tokens_last_used ON api_tokens FOR UPDATE TO consumption_auth USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, DELETE ON api_tokens TO consumption_user;
GRANT SELECT, UPDATE (last_used_at) ON api_tokens TO consumption_auth;

-- +migrate Down

DROP TABLE api_tokens;
DROP FUNCTION note_api_token_revoked();
