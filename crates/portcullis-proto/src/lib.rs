//! Wire types of the Portcullis issuer, shared by the server, its clients and tests.
//! Serde only: no I/O, no async runtime, no HTTP stack.
//!
//! The feature `openapi` (off by default; the issuer turns it on) derives `utoipa`'s
//! `ToSchema` and `IntoParams` on these types, for the issuer's OpenAPI document.
//!
//! ```
//! use portcullis_proto::{TokenResponse, paths};
//!
//! let body = TokenResponse::bearer("eyJ…".into(), 900, Some("rt_…".into()), None);
//! let json = serde_json::to_value(&body).unwrap();
//! assert_eq!(json["token_type"], "Bearer");
//! assert_eq!(paths::JWKS, "/.well-known/jwks.json");
//! ```

pub mod admin;
mod auth_api;
mod connections;
mod discovery;
mod mfa;
mod oauth;
mod passkeys;
pub mod paths;
pub mod requests;

pub use admin::{
    AdminUserView, ApiKeyView, ApiView, AuditView, ClientBranding, ClientView, ConsentView,
    CreatedApiKey, CreatedClient, CreatedInvitation, CreatedWebhook, GrantView, InvitationView,
    KeyView, MembershipView, MfaPolicyView, MfaTargetView, OrgView, Page, PermissionView, RoleView,
    RotationView, SessionView, WebhookView,
};
pub use auth_api::{LoginResponse, MessageBody, StatusBody, UserInfo, UserView};
pub use connections::{ConnectionView, IdentityView, OrgDomainView};
pub use discovery::ProviderMetadata;
pub use mfa::{LoginAnswer, MfaRequired, RecoveryCodesView, SecondFactorsView, TotpEnrollmentView};
pub use oauth::{IntrospectionResponse, OAuthError, OAuthErrorCode, TokenResponse, token_use};
pub use passkeys::{PasskeyCeremonyView, PasskeySignedIn, PasskeyView};
