-- Other identity providers users may sign in with (OpenID Connect). The client secret
-- is sealed under the master key, bound to the connection's id.
CREATE TABLE connections (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE, -- what `connection=` names, and the button's id
    display_name TEXT NOT NULL,
    kind TEXT NOT NULL, -- 'oidc'
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    sealed_secret BLOB,
    scopes TEXT NOT NULL,
    enabled BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

-- A user's accounts at those providers: the provider's subject is the key, never the
-- email (which the user may change there, or another user may later hold).
CREATE TABLE identities (
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email TEXT,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    PRIMARY KEY (connection_id, subject)
);
CREATE INDEX identities_user ON identities (user_id);

-- A sign-in sent to a provider and not back yet: `state` (stored as its hash), the
-- `nonce` its ID token must carry, the PKCE verifier, and the authorization request to
-- resume, or the signed-in user whose account the identity is to be linked to. Single
-- use, short-lived.
CREATE TABLE upstream_logins (
    state_hash TEXT PRIMARY KEY,
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    resume TEXT NOT NULL,
    link_user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
