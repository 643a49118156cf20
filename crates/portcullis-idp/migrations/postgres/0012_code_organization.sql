-- The organization an authorization request named (or the user chose on the hosted
-- page): its exchange signs the tokens into that organization.
ALTER TABLE auth_codes ADD COLUMN org_id TEXT;
