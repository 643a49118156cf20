//! The Portcullis identity domain: users and passwords, sessions and rotating refresh
//! tokens, signing keys sealed at rest, APIs, roles and machine clients, on SQLite or
//! PostgreSQL. No HTTP: `portcullis-server` maps these operations to endpoints.
//!
//! Every operation takes the current time as an argument (`now`, seconds since the
//! epoch), so tests control the clock.
//!
//! ```no_run
//! # async fn demo() -> portcullis_idp::Result<()> {
//! use portcullis_idp::{Idp, IdpConfig, KeyRing, MasterKey, PasswordHasher, Store};
//! use portcullis_jwt::Algorithm;
//! use std::time::Duration;
//!
//! let store = Store::open_sqlite_dir("./portcullis-data".as_ref()).await?;
//! let master = MasterKey::load_or_create("./portcullis-data/master.key".as_ref())?;
//! let keys = KeyRing::new(store.clone(), master, Algorithm::ES256)?;
//! let now = 1_700_000_000;
//! keys.ensure_active(now).await?;
//! let hasher = PasswordHasher::new(4, Duration::from_secs(5))?;
//! let idp = Idp::new(store, hasher, keys, IdpConfig::new("http://127.0.0.1:8080/"));
//! let login = idp.signup("ada@example.com", "correct horse battery".into(), None, None, now).await?;
//! println!("{}", login.access.token);
//! # Ok(()) }
//! ```

mod acr;
mod auth_methods;
mod branding;
mod email;
mod error;
mod ids;
pub mod keys;
mod mail;
pub mod outbound;
mod password;
mod secret;
mod service;
/// The records the issuer keeps, as its operations return them: users, clients,
/// sessions, organizations, keys. Storage itself (SQL, backends) is private to this
/// crate; every read and write goes through [`Idp`].
pub mod model {
    pub use crate::store::{
        ApiKeyRow, ApiRow, AuditRow, BrowserSession, ClientInfo, ClientRow, CodeRow, ConnectionRow,
        ConsentRow, DeliveryRow, DueDelivery, DueMail, IdentityRow, InvitationOffer, InvitationRow,
        KeyRow, KeyState, MAX_AUDIT_PAGE, MAX_PAGE, MembershipRow, OrgDomainRow, OrgRow, OutboxRow,
        PasskeyRow, PendingInvitation, PermissionRow, RefreshOutcome, RefreshStatus, RoleGrantRow,
        RoleRow, SENT_BODY, SessionRow, SessionSummary, TotpFactorRow, UserRow, WebhookRow,
    };
}
mod store;
mod url_rules;

pub use acr::{Acr, AcrValues};
pub use auth_methods::{AuthMethods, FirstFactor, SecondFactor};
pub use branding::{Branding, MAX_DISPLAY_NAME, MAX_LOGO_URI};
pub use email::Email;
pub use error::{IdpError, Result};
pub use ids::{constant_time_eq, random_token};
pub use keys::{KeyRing, MasterKey, Rotation};
pub use password::{
    MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS, NewPassword, PasswordHasher, Verification,
};
pub use secret::Secret;
pub use service::OwnAudience;
pub use service::{
    API_KEY_PREFIX, ATTEMPT_LEASE, AccessToken, ActiveToken, Authorize, AuthorizeError,
    AuthorizeParams, BROWSER_SESSION_TTL, BrandingSpec, BrowserSignIn, CODE_TTL, ClientChange,
    ClientDetails, ClientGrant, ClientSpec, CodeGrant, FIRST_PARTY_CLIENT, FREE_FAILURES, Idp,
    IdpConfig, KeyOwner, Login, MAX_AUDIENCES, MAX_DELAY, MAX_REDIRECT_URIS,
    MAX_RESET_MAILS_PER_TTL, NewApiKey, NewClient, OWNER_ROLE, OrgChoice, OrgOption, Prompt,
    RESET_TTL, Refreshed, UserUpdate, VERIFY_TTL,
};
pub use service::{
    AfterPassword, MAX_CODE_BYTES, MAX_CODE_FAILURES, MfaChallenge, RECOVERY_CODES,
    SECOND_STEP_TTL, SecondFactors, TOTP_STEP, TotpEnrollment,
};
pub use service::{AuditAction, AuditEvent, audited_as};
pub use service::{
    CEREMONY_TTL, MAX_CREDENTIAL_BYTES, MAX_PASSKEY_NAME_CHARS, MAX_PASSKEYS, PasskeyCeremony,
    PasskeyRefusal, PasskeySettings, SecondFactorAnswer,
};
pub use service::{
    Connection, ConnectionSpec, FederationRefusal, MAX_CONNECTION_NAME, SSO_MEMBER_ROLE, SsoRoute,
    UPSTREAM_LOGIN_TTL, UpstreamClaims, UpstreamLogin,
};
pub use service::{
    ConsentMode, GrantDecision, GrantError, GrantRequest, OIDC_SCOPES, OrgClaims, Requester,
    Subject, one_target,
};
pub use service::{EMAIL_CODE_TTL, MAX_EMAIL_CODES_PER_TTL, new_email_sign_in};
pub use service::{EnrolledSignIn, Enrolment, EnrolmentReason};
pub use service::{
    INVITATION_TTL, LogoutHint, MAX_ATTEMPTS, MAX_PENDING_INVITATIONS, retry_delay,
    webhook_signature,
};
pub use service::{MfaPolicy, MfaRequirement, MfaTarget};
pub use store::{Backend, Store};
