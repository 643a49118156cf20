-- How a client's hosted pages look: its name as users know it, a logo (an https URL
-- shown as an image) and an accent colour (#rrggbb). Checked by the domain
-- (`Branding::parse`) before it is stored; NULL means "the issuer's default".
CREATE TABLE client_branding (
    client_id TEXT PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    display_name TEXT,
    logo_uri TEXT,
    accent_color TEXT
);
