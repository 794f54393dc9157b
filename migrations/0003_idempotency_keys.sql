-- Idempotency keys. A client may send a key of its choosing with a create
-- mutation, so that sending the request again after a lost response creates
-- nothing twice and gets the first answer. A key belongs to one user; it
-- remembers a hash of the request it answered, so that the same key with
-- another request is refused, and the records it created; it lasts a day.

-- +migrate Up

CREATE TABLE idempotency_keys (
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key          text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 200),
    -- SHA-256 of the mutation's name and its input.
    request_hash bytea       NOT NULL CHECK (octet_length(request_hash) = 32),
    -- The records created, as rows of consumption_records. It is set in the
    -- transaction that takes the key, so no other ever sees it null.
    response     jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_self ON idempotency_keys TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO consumption_user;

-- +migrate Down

DROP TABLE idempotency_keys;
