-- Email domains an organization owns, as an administrator stated: a user with an
-- address there is sent to the organization's connection from the sign-in page (home
-- realm discovery).
CREATE TABLE org_domains (
    domain TEXT PRIMARY KEY, -- lowercase, as in the users' normalized addresses
    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    verified_by TEXT NOT NULL, -- 'admin': an administrator's statement
    created_at BIGINT NOT NULL
);
CREATE INDEX org_domains_org ON org_domains (org_id);

-- A connection an organization owns (enterprise single sign-on): who signs in through
-- it joins that organization.
ALTER TABLE connections ADD COLUMN org_id TEXT REFERENCES organizations(id) ON DELETE SET NULL;

-- The organization's members with an address in its domains sign in only through its
-- connection.
ALTER TABLE organizations ADD COLUMN require_sso BIGINT NOT NULL DEFAULT 0;
