-- Login throttling that holds under concurrency. A sign-in first takes a
-- place among the failures its subjects (the account, the client address)
-- may have in the window, under a lock per subject, and only then checks
-- the password: N concurrent guesses check at most the limit's number of
-- passwords. The place is a row of login_failures that names its attempt,
-- so that a successful sign-in can give it back; a failed one clears the
-- name, and the row counts as a failure like any other. Registrations are
-- counted here too, under the subject "register:" and the client address.

-- +migrate Up

ALTER TABLE login_failures ADD COLUMN attempt uuid;
GRANT UPDATE (attempt) ON login_failures TO consumption_auth;

-- +migrate Down

ALTER TABLE login_failures DROP COLUMN attempt;
