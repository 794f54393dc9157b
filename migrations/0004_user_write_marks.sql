-- Write marks: how many writes each user has made, counted in the writes'
-- own transactions. With a read replica (DATABASE_READ_URL), a user's reads
-- go to the replica only when it shows the same count as the primary: it
-- has then replayed every write of that user, so people always read their
-- own writes, whichever server instance takes each request.

-- +migrate Up

CREATE TABLE user_write_marks (
    user_id uuid   PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    writes  bigint NOT NULL CHECK (writes > 0)
);

ALTER TABLE user_write_marks ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_write_marks FORCE ROW LEVEL SECURITY;
CREATE POLICY user_write_marks_self ON user_write_marks TO consumption_user
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
-- The server reads a user's mark on the primary before it chooses where the
-- user's transaction runs, so before it acts for anyone: like signing in,
-- that is the work of consumption_auth, whose policies also hold for the
-- server's login role, a member of it. A mark is a count and nothing else.
CREATE POLICY user_write_marks_routing ON user_write_marks FOR SELECT TO consumption_auth USING (true);

GRANT SELECT, INSERT, UPDATE ON user_write_marks TO consumption_user;
GRANT SELECT ON user_write_marks TO consumption_auth;

-- +migrate Down

DROP TABLE user_write_marks;
