//! Request bodies and query parameters of the issuer's JSON and OAuth endpoints.
//!
//! The server deserializes each JSON body into one of these types, and the OpenAPI
//! document describes the same type (feature `openapi`): one schema per body. JSON bodies
//! refuse unknown fields, and a required string must not be empty.
//!
//! The schemas state what the server enforces, so that generated clients and
//! schema-driven tests send what it accepts: formats (`email`, `uri`), lengths, patterns of
//! names and slugs, enumerations, ranges. Limits that the issuer's domain holds as
//! constants (password lengths, list sizes) are set on these schemas by the server from
//! those constants.
//!
//! ```
//! use portcullis_proto::requests::LoginRequest;
//! let r: LoginRequest = serde_json::from_str(r#"{"email":"a@example.com","password":"pw"}"#).unwrap();
//! assert_eq!((r.email.as_str(), r.audience), ("a@example.com", None));
//! assert!(serde_json::from_str::<LoginRequest>(r#"{"email":"a@example.com","password":"pw","pasword":"x"}"#).is_err());
//! assert!(serde_json::from_str::<LoginRequest>(r#"{"email":"","password":"pw"}"#).is_err());
//! ```

use serde::{Deserialize, Deserializer, Serialize};

mod params;
mod schemas;

pub use params::*;
#[cfg(feature = "openapi")]
pub use schemas::*;

/// Deserializers of the fields whose JSON form carries more than their Rust type.
mod field {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer};

    /// A required string: present and not empty (the message follows the field's name).
    pub(super) fn required<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        if s.is_empty() {
            return Err(D::Error::custom("is required"));
        }
        Ok(s)
    }

    /// A field that may be absent (`None`), but not `null`.
    pub(super) fn not_null<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        T::deserialize(d).map(Some)
    }

    /// A list of at most `N` items, or absent (`null` counts as absent).
    pub(super) fn at_most<'de, const N: usize, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        let list = Option::<Vec<T>>::deserialize(d)?;
        if list.as_ref().is_some_and(|l| l.len() > N) {
            return Err(D::Error::custom(format_args!(
                "must have at most {N} items"
            )));
        }
        Ok(list)
    }

    /// A field that may be absent (`None`), `null` (`Some(None)`) or a value.
    pub(super) fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(d).map(Some)
    }
}

/// Declares JSON request bodies: the same derives, unknown fields refused.
macro_rules! json_bodies {
    ($($item:item)*) => {$(
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(deny_unknown_fields)]
        $item
    )*};
}

mod connections;
mod passkeys;
pub use connections::*;
pub use passkeys::*;

/// Declares form request bodies (OAuth: unrecognized parameters are ignored, RFC 6749
/// §3.1).
macro_rules! form_bodies {
    ($($item:item)*) => {$(
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        $item
    )*};
}

/// The kind of an OAuth client.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ClientType {
    /// A server-side application holding a secret.
    #[default]
    Confidential,
    /// A browser or native application without a secret (PKCE).
    Public,
}

impl<'de> Deserialize<'de> for ClientType {
    /// From its name only (a string), so that anything else is refused as not a string.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        const NAMES: &[&str] = &["confidential", "public"];
        match String::deserialize(d)?.as_str() {
            "confidential" => Ok(Self::Confidential),
            "public" => Ok(Self::Public),
            other => Err(serde::de::Error::unknown_variant(other, NAMES)),
        }
    }
}

impl ClientType {
    /// `true` for [`ClientType::Confidential`].
    pub fn is_confidential(self) -> bool {
        self == Self::Confidential
    }
}

json_bodies! {
    /// `POST /api/auth/signup`.
    pub struct SignupRequest {
        /// The address to sign up with.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254, example = "ada@example.com"))]
        pub email: String,
        /// The new password: `minLength` characters or more, `maxLength` bytes of UTF-8 or
        /// fewer, neither too common nor the email.
        #[serde(deserialize_with = "field::required")]
        pub password: String,
        /// Display name (at most 200 characters, without control characters).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
        pub name: Option<String>,
        /// The API the tokens are for (when sign-up returns tokens at once): a registered
        /// API's identifier.
        #[serde(default)]
        pub audience: Option<String>,
    }

    /// `POST /api/auth/login`.
    pub struct LoginRequest {
        /// The account's email.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(format = Email, example = "ada@example.com"))]
        pub email: String,
        /// Its password.
        #[serde(deserialize_with = "field::required")]
        pub password: String,
        /// The API the access token is for (default: the issuer's default audience).
        #[serde(default)]
        pub audience: Option<String>,
        /// An organization (id `org_…` or slug) of the user to act in.
        #[serde(default)]
        pub organization: Option<String>,
    }

    /// `POST /api/auth/login/mfa`: the second step of a login.
    pub struct LoginMfaRequest {
        /// The `mfa_token` the login answered.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1))]
        pub mfa_token: String,
        /// A code from the authenticator app (6 digits), or a recovery code
        /// (`xxxx-xxxx-xxxx-xxxx`).
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1))]
        pub code: String,
    }

    /// `POST /api/auth/mfa/totp/confirm` and `/remove`.
    pub struct MfaCodeRequest {
        /// A code from the authenticator app (to remove it, a recovery code does too).
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1))]
        pub code: String,
    }

    /// `POST /api/auth/logout`.
    pub struct LogoutRequest {
        /// The refresh token of the session to end.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1))]
        pub refresh_token: String,
    }

    /// `POST /api/auth/invitations/accept`.
    pub struct AcceptInvitationRequest {
        /// The token of the invitation link.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1))]
        pub token: String,
    }

    /// `POST /api/admin/users`.
    pub struct CreateUserRequest {
        /// The new user's email.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254, example = "ada@example.com"))]
        pub email: String,
        /// Their password: `minLength` characters or more, `maxLength` bytes of UTF-8 or
        /// fewer, neither too common nor the email.
        #[serde(deserialize_with = "field::required")]
        pub password: String,
        /// Display name (at most 200 characters, without control characters).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
        pub name: Option<String>,
    }

    /// `PATCH /api/admin/users/{user}`: at least one field.
    pub struct UpdateUserRequest {
        /// A new display name (at most 200 characters, without control characters), or
        /// `null` to clear it.
        #[serde(default, deserialize_with = "field::nullable", skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
        pub name: Option<Option<String>>,
        /// A new email (must be free; becomes unverified).
        #[serde(default, deserialize_with = "field::not_null", skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false, format = Email, max_length = 254))]
        pub email: Option<String>,
        /// `false` re-enables the account, `true` disables it.
        #[serde(default, deserialize_with = "field::not_null", skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(nullable = false))]
        pub disabled: Option<bool>,
    }

    /// `POST /api/admin/apis`.
    pub struct CreateApiRequest {
        /// The audience identifier, e.g. `https://api.example.com`: at most 500 bytes of
        /// UTF-8 (so at most 125 characters of any kind), no spaces or control characters.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(pattern = r"^[^\s\x00-\x1f\x7f-\x9f]{1,125}$", example = "https://api.example.com"))]
        pub identifier: String,
        /// Display name (at most 200 characters, without control characters).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
        pub name: Option<String>,
        /// Permission names to create with it (at most 100; each 1 to 200 visible ASCII
        /// characters, no quotes or backslashes).
        #[serde(default, deserialize_with = "field::at_most::<100, _, _>")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<PermissionName>>, max_items = 100))]
        pub permissions: Option<Vec<String>>,
    }

    /// `POST /api/admin/apis/{api}/permissions`.
    pub struct CreatePermissionRequest {
        /// Its name, e.g. `read:messages`.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(value_type = PermissionName))]
        pub name: String,
        /// What it allows (at most 500 characters, without control characters).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 500, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
        pub description: Option<String>,
    }

    /// `POST /api/admin/roles`.
    pub struct CreateRoleRequest {
        /// Unique name (at most 100 bytes of UTF-8, without control characters).
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(max_length = 100, pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$", example = "support"))]
        pub name: String,
        /// What it is for (at most 500 characters, without control characters).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 500, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
        pub description: Option<String>,
    }

    /// `POST /api/admin/clients`.
    pub struct CreateClientRequest {
        /// Display name (at most 200 characters, without control characters).
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$", example = "Reports"))]
        pub name: String,
        /// `confidential` (the default, with a secret) or `public`.
        #[serde(rename = "type", default)]
        pub client_type: Option<ClientType>,
        /// A registered API its tokens are for by default; it may request it.
        #[serde(default)]
        pub audience: Option<String>,
        /// Other registered APIs it may request tokens for (the issuer's admin API only
        /// when named here or as `audience`).
        #[serde(default)]
        pub audiences: Option<Vec<String>>,
        /// `true`: users consent on a hosted page before it gets their tokens. Default
        /// `false` (first-party).
        #[serde(default)]
        pub third_party: Option<bool>,
        /// Permissions of that API it may ask for (at most 100).
        #[serde(default, deserialize_with = "field::at_most::<100, _, _>")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<PermissionName>>, max_items = 100))]
        pub permissions: Option<Vec<String>>,
        /// Where codes may be sent (https or loopback; required for public clients).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<RedirectUri>>))]
        pub redirect_uris: Option<Vec<String>>,
        /// Where RP-initiated logout may return.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<RedirectUri>>))]
        pub post_logout_redirect_uris: Option<Vec<String>>,
        /// The algorithm of its ID tokens: one of discovery's
        /// `id_token_signing_alg_values_supported` (default `RS256`).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(example = "RS256"))]
        pub id_token_signed_response_alg: Option<String>,
    }

    /// `PATCH /api/admin/clients/{client}`: at least one field; each list replaces the
    /// registered one.
    pub struct UpdateClientRequest {
        /// Display name (at most 200 characters, without control characters).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"))]
        pub name: Option<String>,
        /// Where codes may be sent.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<RedirectUri>>))]
        pub redirect_uris: Option<Vec<String>>,
        /// Where RP-initiated logout may return.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<RedirectUri>>))]
        pub post_logout_redirect_uris: Option<Vec<String>>,
        /// The algorithm of its ID tokens: one of discovery's
        /// `id_token_signing_alg_values_supported`.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(example = "RS256"))]
        pub id_token_signed_response_alg: Option<String>,
        /// The APIs it may request tokens for besides its default audience, which stays.
        #[serde(default)]
        pub audiences: Option<Vec<String>>,
        /// Whether users consent on a hosted page before it gets their tokens.
        #[serde(default)]
        pub third_party: Option<bool>,
        /// How its hosted pages look: replaces the current branding whole (`{}` clears
        /// it).
        #[serde(default)]
        pub branding: Option<crate::ClientBranding>,
    }

    /// `POST /api/admin/orgs`.
    pub struct CreateOrgRequest {
        /// Display name (at most 200 characters, without control characters).
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$", example = "Acme"))]
        pub name: String,
        /// Unique slug: 1 to 64 lowercase letters, digits or dashes, not starting or
        /// ending with a dash.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$", example = "acme"))]
        pub slug: String,
        /// A user (id `usr_…` or email) who becomes its owner.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<UserRef>))]
        pub owner: Option<String>,
        /// Opaque metadata (a JSON object of at most 16 KiB).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
        pub metadata: Option<serde_json::Value>,
    }

    /// `PUT /api/admin/orgs/{org}/members/{user}`.
    pub struct SetMemberRequest {
        /// The member's role in the organization: one of its roles, e.g. `owner`,
        /// `admin`, `member`.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(value_type = OrgRoleName))]
        pub role: String,
    }

    /// `POST /api/admin/orgs/{org}/invitations`.
    pub struct InviteRequest {
        /// Who is invited; the link goes there by email.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254, example = "ada@example.com"))]
        pub email: String,
        /// The role on accepting (default `member`).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<OrgRoleName>))]
        pub role: Option<String>,
    }

    /// `POST /api/admin/api-keys`: exactly one of `user` and `org`.
    pub struct CreateApiKeyRequest {
        /// Display name (at most 200 characters).
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$", example = "CI"))]
        pub name: String,
        /// Owner of a personal key (id `usr_…` or email).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<UserRef>))]
        pub user: Option<String>,
        /// Owner of an organization key (id `org_…` or slug).
        #[serde(default)]
        pub org: Option<String>,
        /// The API the key is for (a registered API's identifier; default: the issuer's
        /// default audience). Other APIs refuse it.
        #[serde(default)]
        pub audience: Option<String>,
        /// What it may do (at most 100).
        #[serde(default, deserialize_with = "field::at_most::<100, _, _>")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<PermissionName>>, max_items = 100))]
        pub permissions: Option<Vec<String>>,
        /// Lifetime in seconds (at most ten years; default: no expiry).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(minimum = 1))]
        pub expires_in: Option<i64>,
    }

    /// `POST /api/admin/webhooks`.
    pub struct CreateWebhookRequest {
        /// Where to POST events (https, or http on loopback where allowed; never a
        /// private address).
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(format = "uri", example = "https://hooks.example.com/portcullis"))]
        pub url: String,
        /// One action (e.g. `user.created`), a prefix ending in `.`, or `*` (the
        /// default).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(pattern = r"^(\*|[a-z._]{1,100})$", example = "user."))]
        pub events: Option<String>,
    }

    /// `POST /api/admin/keys/rotate` (the body is optional).
    pub struct RotateKeysRequest {
        /// Seconds a staged key is published before it may sign (default: the server's
        /// `key_publish_delay`).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(minimum = 0))]
        pub publish_delay: Option<i64>,
    }
}

form_bodies! {
    /// `POST /oauth/token` (form-encoded, RFC 6749 §4). Which fields apply depends on
    /// `grant_type`.
    pub struct TokenRequest {
        /// `authorization_code`, `refresh_token` or `client_credentials`.
        #[cfg_attr(feature = "openapi", schema(value_type = GrantType))]
        pub grant_type: String,
        /// For `authorization_code`: the code.
        pub code: Option<String>,
        /// For `authorization_code`: the redirect URI of the authorization request.
        pub redirect_uri: Option<String>,
        /// For `authorization_code`: the PKCE verifier.
        pub code_verifier: Option<String>,
        /// For `refresh_token`: the refresh token (rotated).
        pub refresh_token: Option<String>,
        /// The API the token is for: one the client may request. For
        /// `client_credentials` it chooses it (default: the client's default audience);
        /// for the other grants it must be the grant's own.
        pub audience: Option<String>,
        /// The same as `audience`, by its RFC 8707 name; if both are sent they must agree.
        pub resource: Option<String>,
        /// For `client_credentials`: space-separated permissions, narrowed to the
        /// client's grants (all of them when absent). For `refresh_token`: less than the
        /// session was granted, for this access token only (`invalid_scope` if it names
        /// anything the session was not granted).
        pub scope: Option<String>,
        /// The client (`client_secret_post`, or a public client).
        pub client_id: Option<String>,
        /// The client's secret (`client_secret_post`; never together with Basic).
        pub client_secret: Option<String>,
    }

    /// `POST /oauth/revoke` and `POST /oauth/introspect` (form-encoded, RFC 7009 /
    /// RFC 7662).
    pub struct TokenFormRequest {
        /// The token to revoke or inspect.
        pub token: String,
        /// A hint: `access_token` or `refresh_token`.
        #[cfg_attr(feature = "openapi", schema(value_type = Option<TokenTypeHint>))]
        pub token_type_hint: Option<String>,
        /// The client (`client_secret_post`).
        pub client_id: Option<String>,
        /// The client's secret (`client_secret_post`).
        pub client_secret: Option<String>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }

    #[test]
    fn bodies_refuse_unknown_fields_and_empty_required_strings() {
        let e = parse::<UpdateUserRequest>(json!({"emial": "a@example.com"})).unwrap_err();
        assert!(e.contains("unknown field `emial`"), "{e}");
        let e = parse::<LogoutRequest>(json!({"refresh_token": ""})).unwrap_err();
        assert_eq!(e, "is required");
        // Forms ignore what they do not know (RFC 6749 §3.1).
        assert!(parse::<TokenFormRequest>(json!({"token": "t", "extra": 1})).is_ok());
    }

    #[test]
    fn absent_null_and_present_are_told_apart_where_they_differ() {
        let absent: UpdateUserRequest = parse(json!({"disabled": true})).unwrap();
        assert_eq!((absent.name, absent.disabled), (None, Some(true)));
        let cleared: UpdateUserRequest = parse(json!({"name": null})).unwrap();
        assert_eq!(cleared.name, Some(None));
        assert!(parse::<UpdateUserRequest>(json!({"email": null})).is_err());
        let c: CreateClientRequest = parse(json!({"name": "x", "type": "public"})).unwrap();
        assert_eq!(c.client_type, Some(ClientType::Public));
        assert!(parse::<CreateClientRequest>(json!({"name": "x", "type": "secret"})).is_err());
    }
}
