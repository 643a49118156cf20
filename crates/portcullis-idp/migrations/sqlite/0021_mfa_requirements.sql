-- Who must sign in with a second factor, besides everyone when the issuer is configured
-- so: the members of an organization, the holders of a role, the users of a client.
-- A user without a factor who falls under one sets one up during the sign-in.
CREATE TABLE mfa_requirements (
    kind TEXT NOT NULL, -- 'organization', 'role' or 'client'
    target_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (kind, target_id)
);
