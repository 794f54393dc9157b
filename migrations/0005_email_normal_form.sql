-- Emails in Unicode normalization form C. The server now stores every new
-- email in form C and looks emails up in it, so that "josé" typed with one
-- precomposed "é" or with "e" and a combining accent is one address; this
-- brings the emails stored before into that form (they are trimmed and in
-- lower case already).
--
-- Two stored emails may turn out to be one address, if accounts were made
-- with both spellings. Then the account whose email was in form C already
-- keeps the address, or else the oldest; the others keep their email as it
-- was, which sign-in no longer finds (it looks up what is typed in form C).
-- No account and no data is lost, and none is taken over: an administrator
-- finds them with
--
--   SELECT id, email, created_at FROM users WHERE email IS NOT NFC NORMALIZED;
--
-- and settles each with its owner.

-- +migrate Up

-- +migrate StatementBegin
DO $$
BEGIN
    -- normalize() needs a UTF-8 database; in any other, text is not Unicode.
    IF current_setting('server_encoding') <> 'UTF8' THEN
        RETURN;
    END IF;
    UPDATE users u SET email = normalize(u.email, NFC)
    FROM (
        SELECT id, row_number() OVER (
            PARTITION BY normalize(email, NFC)
            ORDER BY email IS NFC NORMALIZED DESC, created_at, id
        ) AS claim
        FROM users
    ) c
    WHERE u.id = c.id AND c.claim = 1 AND u.email IS NOT NFC NORMALIZED;
END
$$;
-- +migrate StatementEnd

-- +migrate Down

-- Nothing to undo: an email in form C is the same address.
