//! Request bodies and query parameters of the issuer's JSON and OAuth endpoints.
//!
//! The server reads its bodies field by field (so each problem gets a message naming the
//! field); these types state the same shapes for clients and for the OpenAPI document
//! (feature `openapi`).
//!
//! ```
//! use portcullis_proto::requests::LoginRequest;
//! let r: LoginRequest = serde_json::from_str(r#"{"email":"a@example.com","password":"pw"}"#).unwrap();
//! assert_eq!((r.email.as_str(), r.audience), ("a@example.com", None));
//! ```

use serde::{Deserialize, Serialize};

/// Declares request types with the same derives and documentation lints.
macro_rules! wire {
    ($($item:item)*) => {$(
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        $item
    )*};
}

wire! {
    /// `POST /api/auth/signup`.
    pub struct SignupRequest {
        /// The address to sign up with.
        pub email: String,
        /// The new password (length, commonness and email-equality are checked).
        pub password: String,
        /// Display name.
        pub name: Option<String>,
        /// The API the tokens are for (when sign-up returns tokens at once).
        pub audience: Option<String>,
    }

    /// `POST /api/auth/login`.
    pub struct LoginRequest {
        /// The account's email.
        pub email: String,
        /// Its password.
        pub password: String,
        /// The API the access token is for (default: the issuer's default audience).
        pub audience: Option<String>,
        /// An organization (id or slug) of the user to act in.
        pub organization: Option<String>,
    }

    /// `POST /api/auth/login/mfa`: the second step of a login.
    pub struct LoginMfaRequest {
        /// The `mfa_token` the login answered.
        pub mfa_token: String,
        /// A code from the authenticator app, or a recovery code.
        pub code: String,
    }

    /// `POST /api/auth/mfa/totp/confirm` and `/remove`.
    pub struct MfaCodeRequest {
        /// A code from the authenticator app (to remove it, a recovery code does too).
        pub code: String,
    }

    /// `POST /api/auth/logout`.
    pub struct LogoutRequest {
        /// The refresh token of the session to end.
        pub refresh_token: String,
    }

    /// `POST /api/auth/invitations/accept`.
    pub struct AcceptInvitationRequest {
        /// The token of the invitation link.
        pub token: String,
    }

    /// `POST /api/admin/users`.
    pub struct CreateUserRequest {
        /// The new user's email.
        pub email: String,
        /// Their password.
        pub password: String,
        /// Display name.
        pub name: Option<String>,
    }

    /// `PATCH /api/admin/users/{user}`: at least one field.
    pub struct UpdateUserRequest {
        /// A new display name, or `null` to clear it.
        pub name: Option<String>,
        /// A new email (must be free; becomes unverified).
        pub email: Option<String>,
        /// `false` re-enables the account, `true` disables it.
        pub disabled: Option<bool>,
    }

    /// `POST /api/admin/apis`.
    pub struct CreateApiRequest {
        /// The audience identifier, e.g. `https://api.example.com`.
        pub identifier: String,
        /// Display name.
        pub name: Option<String>,
        /// Permission names to create with it (at most 100).
        pub permissions: Option<Vec<String>>,
    }

    /// `POST /api/admin/apis/{api}/permissions`.
    pub struct CreatePermissionRequest {
        /// Its name, e.g. `read:messages`.
        pub name: String,
        /// What it allows.
        pub description: Option<String>,
    }

    /// `POST /api/admin/roles`.
    pub struct CreateRoleRequest {
        /// Unique name.
        pub name: String,
        /// What it is for.
        pub description: Option<String>,
    }

    /// `POST /api/admin/clients`.
    pub struct CreateClientRequest {
        /// Display name.
        pub name: String,
        /// `confidential` (the default, with a secret) or `public`.
        #[serde(rename = "type")]
        pub client_type: Option<String>,
        /// A registered API its tokens are for by default; it may request it.
        pub audience: Option<String>,
        /// Other registered APIs it may request tokens for (the issuer's admin API only
        /// when named here or as `audience`).
        pub audiences: Option<Vec<String>>,
        /// `true`: users consent on a hosted page before it gets their tokens. Default
        /// `false` (first-party).
        pub third_party: Option<bool>,
        /// Permissions of that API it may ask for.
        pub permissions: Option<Vec<String>>,
        /// Where codes may be sent (https or loopback; required for public clients).
        pub redirect_uris: Option<Vec<String>>,
        /// Where RP-initiated logout may return.
        pub post_logout_redirect_uris: Option<Vec<String>>,
        /// The algorithm of its ID tokens: one of discovery's
        /// `id_token_signing_alg_values_supported` (default `RS256`).
        pub id_token_signed_response_alg: Option<String>,
    }

    /// `PATCH /api/admin/clients/{client}`: at least one field; each list replaces the
    /// registered one.
    pub struct UpdateClientRequest {
        /// Display name.
        pub name: Option<String>,
        /// Where codes may be sent.
        pub redirect_uris: Option<Vec<String>>,
        /// Where RP-initiated logout may return.
        pub post_logout_redirect_uris: Option<Vec<String>>,
        /// The algorithm of its ID tokens: one of discovery's
        /// `id_token_signing_alg_values_supported`.
        pub id_token_signed_response_alg: Option<String>,
        /// The APIs it may request tokens for besides its default audience, which stays.
        pub audiences: Option<Vec<String>>,
        /// Whether users consent on a hosted page before it gets their tokens.
        pub third_party: Option<bool>,
    }

    /// `POST /api/admin/orgs`.
    pub struct CreateOrgRequest {
        /// Display name.
        pub name: String,
        /// Unique slug.
        pub slug: String,
        /// A user (id or email) who becomes its owner.
        pub owner: Option<String>,
        /// Opaque metadata (a JSON object).
        pub metadata: Option<serde_json::Value>,
    }

    /// `PUT /api/admin/orgs/{org}/members/{user}`.
    pub struct SetMemberRequest {
        /// The member's role in the organization, e.g. `owner`, `admin`, `member`.
        pub role: String,
    }

    /// `POST /api/admin/orgs/{org}/invitations`.
    pub struct InviteRequest {
        /// Who is invited; the link goes there by email.
        pub email: String,
        /// The role on accepting (default `member`).
        pub role: Option<String>,
    }

    /// `POST /api/admin/api-keys`: exactly one of `user` and `org`.
    pub struct CreateApiKeyRequest {
        /// Display name.
        pub name: String,
        /// Owner of a personal key (id or email).
        pub user: Option<String>,
        /// Owner of an organization key (id or slug).
        pub org: Option<String>,
        /// The API the key is for (a registered API's identifier; default: the issuer's
        /// default audience). Other APIs refuse it.
        pub audience: Option<String>,
        /// What it may do (at most 100).
        pub permissions: Option<Vec<String>>,
        /// Lifetime in seconds (at most ten years; default: no expiry).
        pub expires_in: Option<i64>,
    }

    /// `POST /api/admin/webhooks`.
    pub struct CreateWebhookRequest {
        /// Where to POST events (https, or http on loopback).
        pub url: String,
        /// One action, a prefix ending in `.`, or `*` (the default).
        pub events: Option<String>,
    }

    /// `POST /api/admin/keys/rotate` (the body is optional).
    pub struct RotateKeysRequest {
        /// Seconds a staged key is published before it may sign (default: the server's
        /// `key_publish_delay`).
        pub publish_delay: Option<i64>,
    }

    /// `POST /oauth/token` (form-encoded, RFC 6749 §4). Which fields apply depends on
    /// `grant_type`.
    pub struct TokenRequest {
        /// `authorization_code`, `refresh_token` or `client_credentials`.
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
        pub token_type_hint: Option<String>,
        /// The client (`client_secret_post`).
        pub client_id: Option<String>,
        /// The client's secret (`client_secret_post`).
        pub client_secret: Option<String>,
    }
}

/// Query parameters of a list: where a page starts and how long it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageParams {
    /// Items per page (1..=200, default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// The `next_after` of the previous page.
    pub after: Option<String>,
}

/// Query parameters of `GET /api/admin/users`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UserListParams {
    /// Part of the email.
    pub search: Option<String>,
    /// Items per page (1..=200, default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// The `next_after` of the previous page.
    pub after: Option<String>,
}

/// Query parameters of `GET /api/admin/orgs`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OrgListParams {
    /// Part of the name or slug.
    pub search: Option<String>,
    /// Items per page (1..=200, default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// The `next_after` of the previous page.
    pub after: Option<String>,
}

/// Query parameters of `GET /api/admin/audit`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditListParams {
    /// An action, or a prefix ending in `.` (e.g. `login.`).
    pub action: Option<String>,
    /// Items per page (1..=500, default 100).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<u32>,
    /// The `next_after` of the previous page.
    pub after: Option<String>,
}

/// Query parameters of `GET /api/admin/api-keys`: exactly one of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ApiKeyListParams {
    /// The keys of this user (id or email).
    pub user: Option<String>,
    /// The keys of this organization (id or slug).
    pub org: Option<String>,
}
