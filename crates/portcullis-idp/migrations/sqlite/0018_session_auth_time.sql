-- When the user of a session signed in (OpenID Connect `auth_time`), so refreshed access
-- tokens state it: the sign-in behind a code may be older than the session its exchange
-- starts. Sessions from before this are taken to start with their sign-in.
ALTER TABLE sessions ADD COLUMN auth_time BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET auth_time = created_at;
