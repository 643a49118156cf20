-- Mail that would be sent: delivered by SMTP when configured, otherwise kept here (and
-- shown by `portcullis outbox`) so development and tests can follow the links.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    to_email TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL
);

-- Single-use links sent by email: verify an address, reset a password.
CREATE TABLE email_tokens (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
