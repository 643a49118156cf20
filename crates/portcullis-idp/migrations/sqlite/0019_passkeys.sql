-- Passkeys (WebAuthn). Each user who registers one gets a WebAuthn user handle: a random
-- UUID, the only user identifier an authenticator stores (never the email or the id).
CREATE TABLE passkey_handles (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    handle TEXT NOT NULL UNIQUE
);

-- A user's passkeys, several per user: the credential as webauthn-rs serialises it
-- (public key, algorithm, counter, flags; no secret), and beside it what the account page
-- shows and what a sign-in updates atomically: the signature counter, the backup flags
-- and the time of last use.
CREATE TABLE passkeys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE, -- base64url, as browsers name it
    name TEXT NOT NULL,
    credential TEXT NOT NULL,
    sign_count BIGINT NOT NULL DEFAULT 0,
    backup_eligible BIGINT NOT NULL DEFAULT 0,
    backup_state BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- A WebAuthn ceremony in progress: its state (the challenge) lives here, not in a
-- server's memory, so any node can finish what another began. Short-lived and single
-- use: finishing spends it whatever the outcome.
CREATE TABLE webauthn_ceremonies (
    hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL, -- 'register', 'sign_in' (discoverable) or 'second_step'
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX webauthn_ceremonies_expiry ON webauthn_ceremonies (expires_at);
