//! OpenID Connect discovery / RFC 8414 metadata.

use serde::{Deserialize, Serialize};

use crate::paths;

/// The provider metadata the issuer publishes. Endpoint URLs are derived from
/// [`paths`], the same constants the router uses.
///
/// ```
/// use portcullis_proto::ProviderMetadata;
/// let m = ProviderMetadata::for_issuer("https://id.example.com/", &["ES256"]);
/// assert_eq!(m.issuer, "https://id.example.com/");
/// assert_eq!(m.jwks_uri, "https://id.example.com/.well-known/jwks.json");
/// assert_eq!(m.token_endpoint, "https://id.example.com/oauth/token");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderMetadata {
    /// The issuer identifier, exactly as it appears in `iss`.
    pub issuer: String,
    /// Where the signing keys are.
    pub jwks_uri: String,
    /// The authorization endpoint (code flow with PKCE).
    pub authorization_endpoint: String,
    /// The token endpoint.
    pub token_endpoint: String,
    /// RP-initiated logout.
    pub end_session_endpoint: String,
    /// The revocation endpoint (RFC 7009).
    pub revocation_endpoint: String,
    /// The introspection endpoint (RFC 7662).
    pub introspection_endpoint: String,
    /// OpenID Connect userinfo.
    pub userinfo_endpoint: String,
    /// Grant types the token endpoint accepts.
    pub grant_types_supported: Vec<String>,
    /// Response types (`code`).
    pub response_types_supported: Vec<String>,
    /// Subject identifier types.
    pub subject_types_supported: Vec<String>,
    /// Every algorithm the issuer signs with (ID tokens and access tokens), RS256
    /// first. Libraries that verify access tokens take this list as their allow-list.
    pub id_token_signing_alg_values_supported: Vec<String>,
    /// PKCE methods (S256 only).
    pub code_challenge_methods_supported: Vec<String>,
    /// Claims the ID token and userinfo can carry.
    pub claims_supported: Vec<String>,
    /// Client authentication methods at the token endpoint.
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// Scopes.
    pub scopes_supported: Vec<String>,
    /// Every authorization response carries `iss` (RFC 9207).
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
    /// Authentication context classes `/authorize` honours in `acr_values` and tokens
    /// state as `acr`, weakest first (empty from [`ProviderMetadata::for_issuer`]; the
    /// issuer fills it in).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acr_values_supported: Vec<String>,
}

impl ProviderMetadata {
    /// Metadata for `issuer` (trailing slash or not, kept as given).
    pub fn for_issuer(issuer: &str, algs: &[&str]) -> Self {
        let base = issuer.trim_end_matches('/');
        let url = |path: &str| format!("{base}{path}");
        let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
        Self {
            issuer: issuer.to_owned(),
            jwks_uri: url(paths::JWKS),
            authorization_endpoint: url(paths::AUTHORIZE),
            token_endpoint: url(paths::TOKEN),
            end_session_endpoint: url(paths::END_SESSION),
            revocation_endpoint: url(paths::REVOKE),
            introspection_endpoint: url(paths::INTROSPECT),
            userinfo_endpoint: url(paths::USERINFO),
            grant_types_supported: strings(&[
                "authorization_code",
                "refresh_token",
                "client_credentials",
            ]),
            response_types_supported: strings(&["code"]),
            code_challenge_methods_supported: strings(&["S256"]),
            claims_supported: strings(&[
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "amr",
                "acr",
                "nonce",
                "sid",
                "email",
                "email_verified",
                "name",
            ]),
            subject_types_supported: strings(&["public"]),
            id_token_signing_alg_values_supported: strings(algs),
            token_endpoint_auth_methods_supported: strings(&[
                "client_secret_basic",
                "client_secret_post",
                "none",
            ]),
            scopes_supported: strings(&["openid", "profile", "email", "offline_access"]),
            authorization_response_iss_parameter_supported: true,
            acr_values_supported: Vec::new(),
        }
    }
}
