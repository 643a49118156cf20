-- SMTP delivery from the outbox: a message is due while `sent_at` is NULL and
-- `next_attempt_at` has passed; a claiming node pushes `next_attempt_at` ahead (a lease).
-- Messages queued before this migration have no `next_attempt_at` and are never sent.
ALTER TABLE outbox ADD COLUMN sent_at INTEGER;
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
