//! Bodies of the admin API (`/api/admin/*`).

use serde::{Deserialize, Serialize};

/// The admin API's audience is the issuer URL followed by this path.
pub const ADMIN_AUDIENCE_PATH: &str = "api/admin";
/// Permission to read through the admin API.
pub const ADMIN_READ: &str = "admin:read";
/// Permission to change things through the admin API.
pub const ADMIN_WRITE: &str = "admin:write";
/// The role granting both, created at start.
pub const ADMIN_ROLE: &str = "portcullis-admin";

/// One page of a list, and where the next one starts.
///
/// ```
/// let page = portcullis_proto::Page { items: vec![1, 2], next_after: Some("usr_2".to_owned()) };
/// assert_eq!(serde_json::to_string(&page).unwrap(), r#"{"items":[1,2],"next_after":"usr_2"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// Pass as `after` for the next page; `null` on the last page.
    pub next_after: Option<String>,
}

/// An organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgView {
    /// `org_…`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unique slug.
    pub slug: String,
    /// Opaque metadata (a JSON object).
    pub metadata: serde_json::Value,
    /// Creation time (NumericDate).
    pub created_at: i64,
}

/// A membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipView {
    /// The organization.
    pub org_id: String,
    /// Its slug.
    pub org_slug: String,
    /// The user.
    pub user_id: String,
    /// The user's email.
    pub email: String,
    /// The role.
    pub role: String,
}

/// A signing key, public facts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyView {
    /// Key id.
    pub kid: String,
    /// Algorithm.
    pub alg: String,
    /// `next`, `active` or `retired`.
    pub state: String,
    /// NumericDate.
    pub created_at: i64,
    /// When it started signing.
    pub activated_at: Option<i64>,
    /// When it stopped signing.
    pub retired_at: Option<i64>,
}

/// An API key, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyView {
    /// `key_…`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Owner, for a personal key.
    pub user_id: Option<String>,
    /// Owner, for an organization key.
    pub org_id: Option<String>,
    /// What it may do.
    pub permissions: Vec<String>,
    /// The API (audience) it works at: the one it was created for, else the issuer's
    /// default audience.
    pub audience: String,
    /// NumericDate.
    pub created_at: i64,
    /// When it stops working.
    pub expires_at: Option<i64>,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
    /// Last use (to the minute).
    pub last_used_at: Option<i64>,
}

/// A new API key: the only time the key itself is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    /// The key: send it as `Authorization: Bearer <key>`.
    pub key: String,
    /// What was stored.
    #[serde(flatten)]
    pub api_key: ApiKeyView,
}

/// An audit event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditView {
    /// `evt_…`, sortable by time.
    pub id: String,
    /// NumericDate.
    pub at: i64,
    /// What happened, e.g. `login.failure`.
    pub action: String,
    /// Who did it, when known.
    pub actor: Option<String>,
    /// What it was done to.
    pub target: Option<String>,
    /// More (a JSON object).
    pub details: serde_json::Value,
}

/// A user as the admin API shows it (the auth API's [`UserView`](crate::UserView)
/// plus whether the account is disabled).
///
/// ```
/// use portcullis_proto::{AdminUserView, UserView};
/// let user = UserView { id: "usr_1".into(), email: "a@example.com".into(), name: None, email_verified: true, created_at: 0 };
/// let v = serde_json::to_value(AdminUserView { user, disabled: false }).unwrap();
/// assert_eq!((v["email"].as_str(), v["disabled"].as_bool()), (Some("a@example.com"), Some(false)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUserView {
    /// The user.
    #[serde(flatten)]
    pub user: crate::UserView,
    /// Whether the account is disabled (no login, no refresh).
    pub disabled: bool,
}

/// An active session of a user (a refresh-token family): never token material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    /// `ses_…` (the `sid` claim of its tokens).
    pub id: String,
    /// The client it was created for.
    pub client_id: String,
    /// The audience of its access tokens.
    pub audience: String,
    /// Its active organization, if one was chosen.
    pub org_id: Option<String>,
    /// When it started (NumericDate).
    pub created_at: i64,
    /// When it was last refreshed (`null`: never).
    pub last_used_at: Option<i64>,
    /// When it ends whatever happens (NumericDate).
    pub expires_at: i64,
    /// When it ends if not refreshed before (NumericDate).
    pub idle_expires_at: i64,
}

/// A registered API (a resource server, the `aud` of its tokens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiView {
    /// `api_…`.
    pub id: String,
    /// The audience identifier, e.g. `https://api.example.com`.
    pub identifier: String,
    /// Display name.
    pub name: String,
    /// NumericDate.
    pub created_at: i64,
}

/// A permission of an API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermissionView {
    /// Its name, e.g. `read:messages`.
    pub name: String,
    /// What it allows.
    pub description: Option<String>,
}

/// One permission of one API, as a role grants it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantView {
    /// The API's identifier.
    pub api: String,
    /// The permission.
    pub permission: String,
}

/// A role and what it grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleView {
    /// `rol_…`.
    pub id: String,
    /// Unique name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// NumericDate.
    pub created_at: i64,
    /// The permissions it grants, by API.
    pub permissions: Vec<GrantView>,
}

/// An OAuth client, never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientView {
    /// The client id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether it has a secret (`false`: a public client, e.g. a browser app).
    pub confidential: bool,
    /// The audience its tokens are for by default.
    pub audience: Option<String>,
    /// The APIs (audiences) it may request tokens for, its default among them.
    pub audiences: Vec<String>,
    /// Whether it is a third-party client: users consent on a hosted page before it
    /// gets their tokens (`false`: first-party, no consent page).
    pub third_party: bool,
    /// Whether it is disabled.
    pub disabled: bool,
    /// NumericDate.
    pub created_at: i64,
    /// Where authorization codes may be sent.
    pub redirect_uris: Vec<String>,
    /// Where RP-initiated logout may return.
    pub post_logout_redirect_uris: Vec<String>,
    /// The algorithm its ID tokens are signed with (`RS256` unless it registered
    /// another one the issuer signs with).
    #[serde(default = "rs256")]
    pub id_token_signed_response_alg: String,
    /// How its hosted pages look (each part absent when not set).
    #[serde(default)]
    pub branding: ClientBranding,
}

/// How a client's hosted pages (sign-in, sign-up, consent) look. Each part is optional;
/// an absent or empty one means the issuer's default.
///
/// ```
/// use portcullis_proto::ClientBranding;
/// let b: ClientBranding = serde_json::from_str(r##"{"accent_color":"#0a7b83"}"##).unwrap();
/// assert_eq!(b.accent_color.as_deref(), Some("#0a7b83"));
/// assert_eq!(serde_json::to_string(&ClientBranding::default()).unwrap(), "{}");
/// assert!(serde_json::from_str::<ClientBranding>(r#"{"colour":"red"}"#).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClientBranding {
    /// The name users know the application by, shown instead of the client's name (at
    /// most 100 characters, without control characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 100,
            pattern = r"^[^\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]*$",
            example = "Acme Cloud"
        )
    )]
    pub display_name: Option<String>,
    /// An `https` URL of a named host (no credentials, no fragment, at most 512
    /// bytes): the logo shown above the form. Only the page showing it may load images,
    /// and only from this URL's origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 512,
            format = "uri",
            pattern = r"^https://[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?)+(/[A-Za-z0-9._~-]{1,40}){0,4}$",
            example = "https://cdn.acme.example/logo.svg"
        )
    )]
    pub logo_uri: Option<String>,
    /// The accent colour of buttons and the card's edge, `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^#[0-9A-Fa-f]{6}$", example = "#0a7b83")
    )]
    pub accent_color: Option<String>,
}

fn rs256() -> String {
    "RS256".to_owned()
}

/// A new client: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedClient {
    /// The secret of a confidential client (`null` for a public one).
    pub client_secret: Option<String>,
    /// What was stored.
    #[serde(flatten)]
    pub client: ClientView,
}

/// The answer to an invitation: the link goes to `email` by mail, never in the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedInvitation {
    /// The invited address, normalized.
    pub email: String,
    /// The role the member gets on accepting.
    pub role: String,
    /// When the link stops working (NumericDate).
    pub expires_at: i64,
}

/// A pending invitation (neither accepted nor expired).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationView {
    /// Its id (the hash of its token; the token is never stored).
    pub id: String,
    /// The invited address.
    pub email: String,
    /// The role the member gets on accepting.
    pub role: String,
    /// When it was sent (NumericDate).
    pub created_at: i64,
    /// When its link stops working (NumericDate).
    pub expires_at: i64,
}

/// The outcome of one key rotation step.
///
/// ```
/// use portcullis_proto::RotationView;
/// let staged = RotationView { result: "staged".into(), kid: "k2".into(), until: None };
/// assert_eq!(serde_json::to_string(&staged).unwrap(), r#"{"result":"staged","kid":"k2"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotationView {
    /// `staged` (a new key is published), `promoted` (it now signs) or `waiting` (it is
    /// published but not long enough yet).
    pub result: String,
    /// The key the step concerns.
    pub kid: String,
    /// For `waiting`: when it can be promoted (NumericDate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<i64>,
}

/// A webhook and how its deliveries went; never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookView {
    /// `whk_…`.
    pub id: String,
    /// Where events are POSTed.
    pub url: String,
    /// The actions it receives: one action, a prefix ending in `.`, or `*`.
    pub events: String,
    /// NumericDate.
    pub created_at: i64,
    /// Deliveries attempted or queued.
    pub deliveries: usize,
    /// Deliveries that succeeded.
    pub delivered: usize,
    /// The most recent delivery error, if any.
    pub last_error: Option<String>,
}

/// A new webhook: the only time its signing secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    /// `whk_…`.
    pub id: String,
    /// Where events are POSTed.
    pub url: String,
    /// The actions it receives.
    pub events: String,
    /// The HMAC-SHA256 key of the `Portcullis-Signature` header.
    pub secret: String,
}

/// What a user allowed a third-party client for one audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentView {
    /// The client.
    pub client_id: String,
    /// The client's display name.
    pub client_name: String,
    /// The audience (API) the consent is for.
    pub audience: String,
    /// The consented scopes.
    pub scopes: Vec<String>,
    /// When it was first given (NumericDate).
    pub created_at: i64,
    /// When it last changed (NumericDate).
    pub updated_at: i64,
}

/// Something marked as needing a second factor: its id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaTargetView {
    /// `org_…`, `rol_…` or the client id.
    pub id: String,
    /// Its name (a client's display name).
    pub name: String,
}

/// Who must sign in with a second factor. A user who falls under any of these and has no
/// factor sets up an authenticator app during their next sign-in.
///
/// ```
/// use portcullis_proto::MfaPolicyView;
/// let v: MfaPolicyView = serde_json::from_str(
///     r#"{"everyone":false,"organizations":[{"id":"org_1","name":"Acme"}],"roles":[],"clients":[]}"#,
/// ).unwrap();
/// assert_eq!(v.organizations[0].name, "Acme");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaPolicyView {
    /// Everyone must (the `mfa_required` setting; not changed through the API).
    pub everyone: bool,
    /// The members of these organizations must.
    pub organizations: Vec<MfaTargetView>,
    /// The holders of these roles must.
    pub roles: Vec<MfaTargetView>,
    /// Whoever signs in to these clients must.
    pub clients: Vec<MfaTargetView>,
}
