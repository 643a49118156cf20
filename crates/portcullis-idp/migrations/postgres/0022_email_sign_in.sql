-- Signing in with a code sent by email (the `email_sign_in` setting). A row exists only
-- for an address with an account: the browser's handle (stored as its hash) is made
-- before anything is looked up, so an unknown address leaves nothing behind. The code
-- is stored as a hash bound to the handle; single use, short-lived, and given up after
-- a few wrong codes.
CREATE TABLE email_codes (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    failures BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX email_codes_user ON email_codes (user_id, created_at);

-- What a second step continues after: a right password ('pwd') or an emailed code
-- ('email'), so its tokens say how the user signed in.
ALTER TABLE mfa_challenges ADD COLUMN first_factor TEXT NOT NULL DEFAULT 'pwd';
