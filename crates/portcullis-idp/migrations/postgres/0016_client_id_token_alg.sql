-- The algorithm a client registered for its ID tokens (OpenID Connect Dynamic Client
-- Registration `id_token_signed_response_alg`); NULL means RS256, the default.
ALTER TABLE clients ADD COLUMN id_token_signed_response_alg TEXT;
