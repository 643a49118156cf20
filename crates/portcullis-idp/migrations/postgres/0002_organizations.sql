CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);

-- Roles inside organizations, ordered by rank (higher outranks lower).
CREATE TABLE org_roles (
    name TEXT PRIMARY KEY,
    rank BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
INSERT INTO org_roles (name, rank, created_at) VALUES ('owner', 300, 0), ('admin', 200, 0), ('member', 100, 0);

CREATE TABLE org_role_permissions (
    role TEXT NOT NULL REFERENCES org_roles(name) ON DELETE CASCADE,
    api_id TEXT NOT NULL,
    permission TEXT NOT NULL,
    PRIMARY KEY (role, api_id, permission),
    FOREIGN KEY (api_id, permission) REFERENCES permissions(api_id, name) ON DELETE CASCADE
);

CREATE TABLE memberships (
    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL REFERENCES org_roles(name),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

ALTER TABLE sessions ADD COLUMN org_id TEXT;
