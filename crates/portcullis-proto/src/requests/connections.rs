//! Request bodies of the admin API's connections to other identity providers
//! (`/api/admin/connections…`).

use serde::{Deserialize, Serialize};

use super::field;

json_bodies! {
    /// `POST /api/admin/connections`.
    pub struct CreateConnectionRequest {
        /// What `connection=` names at `/authorize`: lowercase letters, digits and `-`.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40, pattern = r"^[a-z0-9][a-z0-9-]{0,39}$", example = "acme-sso"))]
        pub name: String,
        /// What the sign-in button says after "Continue with".
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80, pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$", example = "Acme"))]
        pub display_name: String,
        /// The provider's OpenID Connect issuer identifier (its discovery document is
        /// under it). https, or http on loopback where allowed; never a private address.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(format = "uri", example = "https://acme.okta.com"))]
        pub issuer: String,
        /// This issuer's client id at the provider.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 512))]
        pub client_id: String,
        /// The client secret at the provider (stored sealed, never shown again); absent
        /// for a public client (PKCE alone).
        #[serde(default, deserialize_with = "field::not_null")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 512))]
        pub client_secret: Option<String>,
        /// Scopes to ask for besides `openid` (default `email profile`).
        #[serde(default, deserialize_with = "field::not_null")]
        #[cfg_attr(feature = "openapi", schema(max_length = 1000, pattern = r"^[!#-\[\]-~ ]*$", example = "email profile"))]
        pub scopes: Option<String>,
        /// The organization (id or slug) that owns it: whoever signs in through it joins
        /// that organization, and the organization's email domains are sent to it.
        #[serde(default, deserialize_with = "field::not_null")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
        pub organization: Option<String>,
    }

    /// `PATCH /api/admin/connections/{connection}`.
    pub struct UpdateConnectionRequest {
        /// Offered on the sign-in page and usable (`false` stops every sign-in through
        /// it; its identities stay).
        #[serde(default, deserialize_with = "field::not_null")]
        pub enabled: Option<bool>,
        /// The organization (id or slug) that owns it; `null`: nobody's.
        #[serde(default, deserialize_with = "field::nullable")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, min_length = 1, max_length = 100))]
        pub organization: Option<Option<String>>,
    }

    /// `POST /api/admin/orgs/{org}/domains`.
    pub struct AddOrgDomainRequest {
        /// An email domain the organization owns (an administrator's statement): its
        /// users are sent to the organization's connection.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 253, example = "acme.com"))]
        pub domain: String,
    }
}
