CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT,
    target TEXT,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_action ON audit_events (action, id);
