-- One password check in flight per email, across nodes: an attempt reserves the row
-- (busy_until, a lease, so a node that dies mid-check frees it) before hashing.
ALTER TABLE login_failures ADD COLUMN busy_until BIGINT NOT NULL DEFAULT 0;
-- Delivery errors recorded before the outbound policy said which status a URL answered
-- or whether it was reachable; keep only that the delivery failed.
UPDATE webhook_deliveries SET last_error = 'not delivered' WHERE last_error IS NOT NULL;
