//! The admin API's views of connections to other identity providers and of users'
//! identities at them.

use serde::{Deserialize, Serialize};

/// A connection to another OpenID Connect provider; never its client secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectionView {
    /// `con_…`.
    pub id: String,
    /// What `connection=` names at `/authorize`.
    pub name: String,
    /// What the sign-in button says.
    pub display_name: String,
    /// `oidc`.
    pub kind: String,
    /// The provider's issuer identifier.
    pub issuer: String,
    /// This issuer's client id at the provider.
    pub client_id: String,
    /// Whether a client secret is stored.
    pub has_client_secret: bool,
    /// The scopes asked for.
    pub scopes: String,
    /// Offered on the sign-in page and usable.
    pub enabled: bool,
    /// The redirect URI to register at the provider.
    pub redirect_uri: String,
    /// The organization that owns it (`org_…`), if any.
    pub organization: Option<String>,
    /// NumericDate.
    pub created_at: i64,
}

/// A user's account at another provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityView {
    /// The connection (`con_…`).
    pub connection_id: String,
    /// The provider's `sub`.
    pub subject: String,
    /// The email the provider last gave.
    pub email: Option<String>,
    /// NumericDate of the link.
    pub created_at: i64,
    /// NumericDate of the last sign-in through it.
    pub last_used_at: i64,
}

/// An email domain of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgDomainView {
    /// The domain.
    pub domain: String,
    /// How it was proved: `admin` (an administrator's statement).
    pub verified_by: String,
    /// NumericDate.
    pub created_at: i64,
}
