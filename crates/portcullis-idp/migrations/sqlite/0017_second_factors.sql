-- A user's authenticator app (RFC 6238), at most one: the secret sealed under the master
-- key (bound to the user id); it counts for sign-in once a first code confirmed it. The
-- last time step a code was accepted for: a code of that step or an earlier one is
-- refused, so no code works twice.
CREATE TABLE totp_factors (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed_secret BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    last_step BIGINT NOT NULL DEFAULT 0
);

-- Recovery codes: 80 random bits each, stored as hashes, each usable once.
CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- The second step of a sign-in whose password was right: short-lived, single use, and
-- given up after a few wrong codes.
CREATE TABLE mfa_challenges (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, -- 'api' (the JSON login) or 'browser' (the hosted pages)
    audience TEXT,
    organization TEXT,
    failures BIGINT NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX mfa_challenges_user ON mfa_challenges (user_id);

-- How each sign-in was made, as RFC 8176 `amr` values separated by spaces. Everything
-- signed in before this was signed in with a password.
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
ALTER TABLE browser_sessions ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
ALTER TABLE auth_codes ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
