-- The API (audience) an API key is for: introspection answers it as `aud`, and the guard
-- of every other API refuses the key. NULL, as for every key created before this
-- column, means the issuer's default audience (its `default_audience` setting, else the
-- issuer itself), as configured on the server answering.
ALTER TABLE api_keys ADD COLUMN audience TEXT;
