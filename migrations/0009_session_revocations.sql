-- Signed-out sessions. A session is a family of refresh tokens (one
-- sign-in and every token rotated from it); its access tokens name it. When
-- a session ends (logout, a password change, a reused refresh token, the
-- account deleted), a trigger notes it here and tells every server
-- instance at once with NOTIFY session_revoked, so that its access tokens
-- are refused everywhere within a second, not when they expire. A note
-- matters only as long as an access token lives; the servers delete older
-- ones.

-- +migrate Up

CREATE TABLE session_revocations (
    session_id uuid        PRIMARY KEY,
    revoked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX session_revocations_revoked_at ON session_revocations (revoked_at);

-- +migrate StatementBegin
CREATE FUNCTION note_session_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO session_revocations (session_id) VALUES (OLD.family_id)
        ON CONFLICT DO NOTHING;
    -- Sent when the transaction commits, once per session however many
    -- of its tokens changed.
    PERFORM pg_notify('session_revoked', OLD.family_id::text);
    RETURN NULL;
END
$$;
-- +migrate StatementEnd

-- A token revoked: logout, a password change, a reused token.
CREATE TRIGGER refresh_tokens_revoked
    AFTER UPDATE OF revoked_at ON refresh_tokens
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION note_session_revoked();
-- A token deleted while live: its user deleted, whoever deleted it.
CREATE TRIGGER refresh_tokens_deleted
    AFTER DELETE ON refresh_tokens
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL)
    EXECUTE FUNCTION note_session_revoked();

-- The roles that revoke tokens note the revocation; only the server's own
-- user reads the notes and deletes old ones.
GRANT INSERT ON session_revocations TO consumption_user, consumption_auth;

-- +migrate Down

DROP TRIGGER refresh_tokens_deleted ON refresh_tokens;
DROP TRIGGER refresh_tokens_revoked ON refresh_tokens;
DROP FUNCTION note_session_revoked();
DROP TABLE session_revocations;
