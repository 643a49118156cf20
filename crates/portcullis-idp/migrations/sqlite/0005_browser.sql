-- Public clients (SPAs) have no secret; browser clients register where they may return.
CREATE TABLE client_redirect_uris (
    client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    uri TEXT NOT NULL,
    kind TEXT NOT NULL, -- 'login' or 'logout'
    PRIMARY KEY (client_id, uri, kind)
);

-- The hosted pages' sign-in: one row per browser, the cookie holds the secret.
CREATE TABLE browser_sessions (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    auth_time BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- Authorization codes: single use, short-lived, bound to client, redirect and PKCE.
CREATE TABLE auth_codes (
    hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    scope TEXT NOT NULL,
    audience TEXT NOT NULL,
    nonce TEXT,
    auth_time BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    session_id TEXT
);
