-- Who may get which token. A client names the APIs (audiences) it may request, and is
-- first-party (no consent page) or third-party (the user consents, once per audience).
ALTER TABLE clients ADD COLUMN first_party BIGINT NOT NULL DEFAULT 1;

CREATE TABLE client_audiences (
    client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
    PRIMARY KEY (client_id, api_id)
);

-- Existing clients keep what they were set up for: their default audience, and every
-- API they hold client-credentials grants on. They stay first-party.
INSERT INTO client_audiences (client_id, api_id)
    SELECT c.id, a.id FROM clients c JOIN apis a ON a.identifier = c.audience
    UNION
    SELECT DISTINCT client_id, api_id FROM client_grants;

-- What a user allowed a third-party client: the scopes (space-separated) of one audience.
CREATE TABLE consents (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    scope TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, client_id, audience)
);
