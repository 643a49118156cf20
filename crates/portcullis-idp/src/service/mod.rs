//! [`Idp`]: the domain operations the server calls, one per endpoint.

mod api_keys;
mod apis;
mod audit;
mod auth;
mod authorize;
mod client_credentials;
mod clients;
mod consents;
mod email_links;
mod email_sign_in;
mod enrolment;
mod grant;
mod introspect;
mod invitations;
mod logout;
mod mfa_policy;
mod oidc;
mod orgs;
mod passkeys;
mod rbac;
mod recovery;
mod registration;
mod revocation;
mod second_step;
mod sessions;
mod throttle;
mod tokens;
mod totp;
mod upstream;
mod users;
mod webhooks;

use std::sync::Arc;

pub use api_keys::{API_KEY_PREFIX, KeyOwner, NewApiKey};
pub use audit::{AuditAction, AuditEvent, audited_as};
pub use auth::{Login, Refreshed};
pub use authorize::{Authorize, AuthorizeError, AuthorizeParams, OrgChoice, OrgOption, Prompt};
pub use client_credentials::{ClientGrant, NewClient};
pub use clients::{
    BrandingSpec, ClientChange, ClientDetails, ClientSpec, MAX_AUDIENCES, MAX_REDIRECT_URIS,
};
pub use email_links::{MAX_RESET_MAILS_PER_TTL, RESET_TTL, VERIFY_TTL};
pub use email_sign_in::{EMAIL_CODE_TTL, MAX_EMAIL_CODES_PER_TTL, new_email_sign_in};
pub use enrolment::{EnrolledSignIn, Enrolment, EnrolmentReason};
pub use grant::{
    ConsentMode, GrantDecision, GrantError, GrantRequest, OIDC_SCOPES, Requester, Subject,
    one_target,
};
pub use introspect::{ActiveToken, OwnAudience};
pub use invitations::{INVITATION_TTL, MAX_PENDING_INVITATIONS};
pub use logout::LogoutHint;
pub use mfa_policy::{MfaPolicy, MfaRequirement, MfaTarget};
pub use oidc::{BROWSER_SESSION_TTL, BrowserSignIn, CODE_TTL, CodeGrant};
pub use orgs::OWNER_ROLE;
pub use passkeys::{
    CEREMONY_TTL, MAX_CREDENTIAL_BYTES, MAX_PASSKEY_NAME_CHARS, MAX_PASSKEYS, PasskeyCeremony,
    PasskeyRefusal, PasskeySettings, SecondFactorAnswer,
};
pub use recovery::{MAX_CODE_BYTES, RECOVERY_CODES};
pub use second_step::{AfterPassword, MAX_CODE_FAILURES, MfaChallenge, SECOND_STEP_TTL};
pub use throttle::{ATTEMPT_LEASE, FREE_FAILURES, MAX_DELAY};
pub use tokens::{AccessToken, OrgClaims};
pub use totp::{SecondFactors, TOTP_STEP, TotpEnrollment};
pub use upstream::{
    Connection, ConnectionSpec, FederationRefusal, MAX_CONNECTION_NAME, SSO_MEMBER_ROLE, SsoRoute,
    UPSTREAM_LOGIN_TTL, UpstreamClaims, UpstreamLogin,
};
pub use users::UserUpdate;
pub use webhooks::{MAX_ATTEMPTS, retry_delay, webhook_signature};

use crate::keys::KeyRing;
use crate::password::PasswordHasher;
use crate::store::Store;

/// Lifetimes and names the domain needs. Every duration is in seconds.
#[derive(Debug, Clone)]
pub struct IdpConfig {
    /// The issuer identifier (`iss`), e.g. `https://id.example.com/`.
    pub issuer: String,
    /// Access token lifetime (default 900 s).
    pub access_ttl: i64,
    /// A refresh token unused this long expires (default 14 days).
    pub refresh_idle_ttl: i64,
    /// A session ends this long after login whatever happens (default 90 days).
    pub refresh_absolute_ttl: i64,
    /// The audience of tokens whose request names none; `None` means the issuer itself.
    pub default_audience: Option<String>,
    /// Sign-in waits for a confirmed address (default `true`). With it, sign-up can
    /// answer the same for new and taken addresses ([`Idp::register`]); without it,
    /// accounts are usable at once and sign-up reveals taken addresses.
    pub require_verified_email: bool,
    /// Where URLs registered for the issuer to call (webhooks) may point (default:
    /// public addresses over HTTPS only).
    pub outbound: crate::outbound::OutboundPolicy,
    /// Every user must sign in with a second factor (default `false`); users without
    /// one set one up during their next sign-in. See [`MfaRequirement`].
    pub mfa_required: bool,
    /// The passkeys' relying party (default: from `issuer`).
    pub passkeys: PasskeySettings,
    /// Users may sign in with a code sent by email instead of a password (default
    /// `false`). See [`Idp::send_sign_in_code`].
    pub email_sign_in: bool,
}

impl IdpConfig {
    /// Defaults for `issuer`.
    ///
    /// ```
    /// let c = portcullis_idp::IdpConfig::new("https://id.example.com/");
    /// assert_eq!(c.access_ttl, 900);
    /// ```
    pub fn new(issuer: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            access_ttl: 15 * 60,
            refresh_idle_ttl: 14 * 24 * 3600,
            refresh_absolute_ttl: 90 * 24 * 3600,
            default_audience: None,
            require_verified_email: true,
            outbound: crate::outbound::OutboundPolicy::default(),
            mfa_required: false,
            passkeys: PasskeySettings::default(),
            email_sign_in: false,
        }
    }
}

/// The identity provider: storage, password hashing, keys and lifetimes together.
/// Cheap to clone.
#[derive(Debug, Clone)]
pub struct Idp {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    hasher: PasswordHasher,
    keys: KeyRing,
    config: IdpConfig,
    /// Why passkeys are off, when they are (see [`PasskeySettings::resolve`]).
    relying_party: std::result::Result<passkeys::RelyingParty, String>,
}

/// The client id first-party JSON logins are recorded under.
pub const FIRST_PARTY_CLIENT: &str = "first-party";

impl Idp {
    /// Puts the parts together.
    pub fn new(store: Store, hasher: PasswordHasher, keys: KeyRing, config: IdpConfig) -> Self {
        let relying_party = passkeys::RelyingParty::new(&config.issuer, &config.passkeys);
        Self {
            inner: Arc::new(Inner {
                store,
                hasher,
                keys,
                config,
                relying_party,
            }),
        }
    }

    /// The passkeys' relying party, if passkeys are on.
    fn passkeys_rp(&self) -> Option<&passkeys::RelyingParty> {
        self.inner.relying_party.as_ref().ok()
    }

    /// Why passkeys are off on this issuer (an IP address as its host, a relying party
    /// that does not fit it); `None` when they are on.
    pub fn passkeys_off_because(&self) -> Option<&str> {
        self.inner.relying_party.as_ref().err().map(String::as_str)
    }

    /// The store: only the domain reaches it. Tests of storage itself enable the
    /// `test-support` feature to reach it from outside the crate.
    #[cfg(not(feature = "test-support"))]
    pub(crate) fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The store, for white-box tests (feature `test-support`; never in a build that
    /// serves traffic).
    #[cfg(feature = "test-support")]
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Which database is behind the issuer.
    pub fn backend(&self) -> crate::Backend {
        self.inner.store.backend()
    }

    /// Whether the database answers (readiness).
    pub async fn ping(&self) -> bool {
        self.inner.store.ping().await
    }

    /// Closes the database's connections (shutdown).
    pub async fn close(&self) {
        self.inner.store.close().await;
    }

    /// The key ring.
    pub fn keys(&self) -> &KeyRing {
        &self.inner.keys
    }

    /// The configuration.
    pub fn config(&self) -> &IdpConfig {
        &self.inner.config
    }

    /// The password hasher (tests count its work).
    pub fn hasher(&self) -> &PasswordHasher {
        &self.inner.hasher
    }
}
