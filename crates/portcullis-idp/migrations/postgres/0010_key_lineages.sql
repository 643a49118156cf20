-- Two key lineages: slot 1 signs access tokens (the configured algorithm), slot 2 signs
-- ID tokens with RS256 (what OpenID Connect requires every provider to offer) when
-- slot 1 is not RS256 already. `active_slot` stays unique: one active key per slot.
ALTER TABLE signing_keys ADD COLUMN slot BIGINT NOT NULL DEFAULT 1;
