//! Recording audit events. Best effort: a failed write is logged, never fails the
//! operation it describes (a login must not fail because the audit table is locked).
//!
//! An event says what happened ([`AuditAction`]), who did it and to what
//! ([`AuditEvent::by`], [`AuditEvent::on`]: named, so they cannot be swapped), and the
//! details. A change made through the admin API runs inside [`audited_as`], which
//! names the administrator as the actor of every event the change records, and tells
//! the caller whether it recorded any.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;

use super::Idp;
use crate::ids::time_sorted_id;
use crate::store::AuditRow;

/// What an audit event records; its name (`as_str`) is also the webhook event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuditAction {
    /// An API key was created. (`api_key.created`)
    ApiKeyCreated,
    /// An API key was revoked. (`api_key.revoked`)
    ApiKeyRevoked,
    /// An API (audience) was registered. (`api.created`)
    ApiCreated,
    /// An API was deleted. (`api.deleted`)
    ApiDeleted,
    /// A permission was added to an API. (`api.permission_added`)
    ApiPermissionAdded,
    /// A permission was removed from an API. (`api.permission_removed`)
    ApiPermissionRemoved,
    /// A new signing key was published ahead of use. (`key.staged`)
    KeyStaged,
    /// A staged signing key began to sign. (`key.promoted`)
    KeyPromoted,
    /// A user signed in. (`login.success`)
    LoginSuccess,
    /// A sign-in failed (wrong password or unknown account). (`login.failure`)
    LoginFailure,
    /// An account's sign-in was throttled. (`login.throttled`)
    LoginThrottled,
    /// A password hash was upgraded to the current parameters. (`password.rehashed`)
    PasswordRehashed,
    /// A reset link was mailed. (`password.reset_requested`)
    PasswordResetRequested,
    /// A password was changed through a reset link. (`password.reset`)
    PasswordReset,
    /// A spent refresh token was presented again; its session was revoked. (`refresh.reuse_detected`)
    RefreshReuseDetected,
    /// A spent authorization code was presented again; its tokens were revoked. (`code.reuse_detected`)
    CodeReuseDetected,
    /// Tokens were issued for an authorization code. (`token.issued`)
    TokenIssued,
    /// A session ended (logout, revocation or an administrator). (`session.revoked`)
    SessionRevoked,
    /// An OAuth client was registered. (`client.created`)
    ClientCreated,
    /// An OAuth client was changed. (`client.updated`)
    ClientUpdated,
    /// An OAuth client was deleted. (`client.deleted`)
    ClientDeleted,
    /// A user allowed a third-party client. (`consent.granted`)
    ConsentGranted,
    /// A consent was withdrawn. (`consent.revoked`)
    ConsentRevoked,
    /// An address was confirmed. (`email.verified`)
    EmailVerified,
    /// An organization was created. (`org.created`)
    OrgCreated,
    /// A member was added to an organization or their role changed. (`org.member_set`)
    OrgMemberSet,
    /// A member left an organization. (`org.member_left`)
    OrgMemberLeft,
    /// A member was removed from an organization. (`org.member_removed`)
    OrgMemberRemoved,
    /// An invitation was sent. (`org.invited`)
    OrgInvited,
    /// An invitation was accepted. (`org.invitation_accepted`)
    OrgInvitationAccepted,
    /// An invitation was withdrawn. (`org.invitation_revoked`)
    OrgInvitationRevoked,
    /// A role was created. (`role.created`)
    RoleCreated,
    /// A role was deleted. (`role.deleted`)
    RoleDeleted,
    /// A role was given a permission. (`role.permission_granted`)
    RolePermissionGranted,
    /// A permission was taken from a role. (`role.permission_revoked`)
    RolePermissionRevoked,
    /// A user was given a role. (`role.assigned`)
    RoleAssigned,
    /// A role was taken from a user. (`role.unassigned`)
    RoleUnassigned,
    /// An authenticator app was confirmed, or a passkey registered (`"type"` says which). (`factor.enrolled`)
    FactorEnrolled,
    /// A user removed their authenticator app or a passkey (`"type"` says which). (`factor.removed`)
    FactorRemoved,
    /// An administrator removed a user's second factors. (`factor.reset`)
    FactorsReset,
    /// A second factor became required of an organization's members, a role's holders
    /// or a client's users. (`mfa.required`)
    MfaRequired,
    /// That requirement was lifted. (`mfa.no_longer_required`)
    MfaNoLongerRequired,
    /// A code from an authenticator app, or a passkey, was accepted. (`factor.used`)
    FactorUsed,
    /// A recovery code was accepted (and is spent). (`factor.recovery_code_used`)
    RecoveryCodeUsed,
    /// A second-factor code was wrong, malformed or replayed, or a passkey was refused. (`factor.failure`)
    FactorFailure,
    /// A user replaced their recovery codes with new ones. (`factor.recovery_codes_regenerated`)
    RecoveryCodesRegenerated,
    /// A sign-in code was mailed. (`email_code.sent`)
    EmailCodeSent,
    /// A sign-in code was wrong, expired or used, or not for that address. (`email_code.failure`)
    EmailCodeFailure,
    /// A connection to another identity provider was created. (`connection.created`)
    ConnectionCreated,
    /// A connection was turned on or off. (`connection.updated`)
    ConnectionUpdated,
    /// A connection was deleted, with the identities linked through it. (`connection.deleted`)
    ConnectionDeleted,
    /// A user signed in through a connection. (`connection.used`)
    ConnectionUsed,
    /// An identity at another provider was linked to a user. (`identity.linked`)
    IdentityLinked,
    /// An identity at another provider was unlinked from a user. (`identity.unlinked`)
    IdentityUnlinked,
    /// An administrator stated that an organization owns an email domain. (`org.domain_added`)
    OrgDomainAdded,
    /// An organization's email domain was removed. (`org.domain_removed`)
    OrgDomainRemoved,
    /// An organization's connection became required of its domains' users, or stopped being. (`org.sso_requirement`)
    OrgSsoRequirement,
    /// An account was created. (`user.signup`)
    UserSignup,
    /// Sign-up was attempted for an address that has an account. (`user.signup_existing`)
    UserSignupExisting,
    /// An account was disabled. (`user.disabled`)
    UserDisabled,
    /// An account was changed. (`user.updated`)
    UserUpdated,
    /// An account was deleted. (`user.deleted`)
    UserDeleted,
    /// A webhook was registered. (`webhook.created`)
    WebhookCreated,
    /// A webhook was deleted. (`webhook.deleted`)
    WebhookDeleted,
    /// An administrator's change through the admin API that no domain event describes. (`admin.change`)
    AdminChange,
}

impl AuditAction {
    /// Every action, for documentation and webhook filters.
    pub const ALL: [Self; 65] = [
        Self::ApiKeyCreated,
        Self::ApiKeyRevoked,
        Self::ApiCreated,
        Self::ApiDeleted,
        Self::ApiPermissionAdded,
        Self::ApiPermissionRemoved,
        Self::KeyStaged,
        Self::KeyPromoted,
        Self::LoginSuccess,
        Self::LoginFailure,
        Self::LoginThrottled,
        Self::PasswordRehashed,
        Self::PasswordResetRequested,
        Self::PasswordReset,
        Self::RefreshReuseDetected,
        Self::CodeReuseDetected,
        Self::TokenIssued,
        Self::SessionRevoked,
        Self::ClientCreated,
        Self::ClientUpdated,
        Self::ClientDeleted,
        Self::ConsentGranted,
        Self::ConsentRevoked,
        Self::EmailVerified,
        Self::OrgCreated,
        Self::OrgMemberSet,
        Self::OrgMemberLeft,
        Self::OrgMemberRemoved,
        Self::OrgInvited,
        Self::OrgInvitationAccepted,
        Self::OrgInvitationRevoked,
        Self::RoleCreated,
        Self::RoleDeleted,
        Self::RolePermissionGranted,
        Self::RolePermissionRevoked,
        Self::RoleAssigned,
        Self::RoleUnassigned,
        Self::FactorEnrolled,
        Self::FactorRemoved,
        Self::FactorsReset,
        Self::MfaRequired,
        Self::MfaNoLongerRequired,
        Self::FactorUsed,
        Self::RecoveryCodeUsed,
        Self::FactorFailure,
        Self::RecoveryCodesRegenerated,
        Self::EmailCodeSent,
        Self::EmailCodeFailure,
        Self::ConnectionCreated,
        Self::ConnectionUpdated,
        Self::ConnectionDeleted,
        Self::ConnectionUsed,
        Self::IdentityLinked,
        Self::IdentityUnlinked,
        Self::OrgDomainAdded,
        Self::OrgDomainRemoved,
        Self::OrgSsoRequirement,
        Self::UserSignup,
        Self::UserSignupExisting,
        Self::UserDisabled,
        Self::UserUpdated,
        Self::UserDeleted,
        Self::WebhookCreated,
        Self::WebhookDeleted,
        Self::AdminChange,
    ];

    /// The event's name: `<resource>.<what happened>`.
    ///
    /// ```
    /// use portcullis_idp::AuditAction;
    /// assert_eq!(AuditAction::RoleAssigned.as_str(), "role.assigned");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ApiKeyCreated => "api_key.created",
            Self::ApiKeyRevoked => "api_key.revoked",
            Self::ApiCreated => "api.created",
            Self::ApiDeleted => "api.deleted",
            Self::ApiPermissionAdded => "api.permission_added",
            Self::ApiPermissionRemoved => "api.permission_removed",
            Self::KeyStaged => "key.staged",
            Self::KeyPromoted => "key.promoted",
            Self::LoginSuccess => "login.success",
            Self::LoginFailure => "login.failure",
            Self::LoginThrottled => "login.throttled",
            Self::PasswordRehashed => "password.rehashed",
            Self::PasswordResetRequested => "password.reset_requested",
            Self::PasswordReset => "password.reset",
            Self::RefreshReuseDetected => "refresh.reuse_detected",
            Self::CodeReuseDetected => "code.reuse_detected",
            Self::TokenIssued => "token.issued",
            Self::SessionRevoked => "session.revoked",
            Self::ClientCreated => "client.created",
            Self::ClientUpdated => "client.updated",
            Self::ClientDeleted => "client.deleted",
            Self::ConsentGranted => "consent.granted",
            Self::ConsentRevoked => "consent.revoked",
            Self::EmailVerified => "email.verified",
            Self::OrgCreated => "org.created",
            Self::OrgMemberSet => "org.member_set",
            Self::OrgMemberLeft => "org.member_left",
            Self::OrgMemberRemoved => "org.member_removed",
            Self::OrgInvited => "org.invited",
            Self::OrgInvitationAccepted => "org.invitation_accepted",
            Self::OrgInvitationRevoked => "org.invitation_revoked",
            Self::RoleCreated => "role.created",
            Self::RoleDeleted => "role.deleted",
            Self::RolePermissionGranted => "role.permission_granted",
            Self::RolePermissionRevoked => "role.permission_revoked",
            Self::RoleAssigned => "role.assigned",
            Self::RoleUnassigned => "role.unassigned",
            Self::FactorEnrolled => "factor.enrolled",
            Self::FactorRemoved => "factor.removed",
            Self::FactorsReset => "factor.reset",
            Self::MfaRequired => "mfa.required",
            Self::MfaNoLongerRequired => "mfa.no_longer_required",
            Self::FactorUsed => "factor.used",
            Self::RecoveryCodeUsed => "factor.recovery_code_used",
            Self::FactorFailure => "factor.failure",
            Self::RecoveryCodesRegenerated => "factor.recovery_codes_regenerated",
            Self::EmailCodeSent => "email_code.sent",
            Self::EmailCodeFailure => "email_code.failure",
            Self::ConnectionCreated => "connection.created",
            Self::ConnectionUpdated => "connection.updated",
            Self::ConnectionDeleted => "connection.deleted",
            Self::ConnectionUsed => "connection.used",
            Self::IdentityLinked => "identity.linked",
            Self::IdentityUnlinked => "identity.unlinked",
            Self::OrgDomainAdded => "org.domain_added",
            Self::OrgDomainRemoved => "org.domain_removed",
            Self::OrgSsoRequirement => "org.sso_requirement",
            Self::UserSignup => "user.signup",
            Self::UserSignupExisting => "user.signup_existing",
            Self::UserDisabled => "user.disabled",
            Self::UserUpdated => "user.updated",
            Self::UserDeleted => "user.deleted",
            Self::WebhookCreated => "webhook.created",
            Self::WebhookDeleted => "webhook.deleted",
            Self::AdminChange => "admin.change",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One audit event, built by name so actor and target cannot be swapped.
///
/// ```
/// use portcullis_idp::{AuditAction, AuditEvent};
/// let e = AuditEvent::new(AuditAction::RoleAssigned)
///     .by("usr_admin")
///     .on("usr_ada")
///     .with(serde_json::json!({"role": "admin"}));
/// assert_eq!((e.actor(), e.target()), (Some("usr_admin"), Some("usr_ada")));
/// ```
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    action: AuditAction,
    actor: Option<&'a str>,
    target: Option<&'a str>,
    details: Value,
}

impl<'a> AuditEvent<'a> {
    /// An event with no actor, target or details yet.
    pub fn new(action: AuditAction) -> Self {
        Self {
            action,
            actor: None,
            target: None,
            details: Value::Object(serde_json::Map::new()),
        }
    }

    /// Who did it (a user or client id).
    #[must_use]
    pub fn by(mut self, actor: &'a str) -> Self {
        self.actor = Some(actor);
        self
    }

    /// What it was done to.
    #[must_use]
    pub fn on(mut self, target: &'a str) -> Self {
        self.target = Some(target);
        self
    }

    /// What changed (a JSON object; never put secrets in it).
    #[must_use]
    pub fn with(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    /// The actor.
    pub fn actor(&self) -> Option<&'a str> {
        self.actor
    }

    /// The target.
    pub fn target(&self) -> Option<&'a str> {
        self.target
    }
}

/// The administrator behind the change being made, and whether it recorded an event.
struct Scope {
    actor: String,
    recorded: AtomicBool,
}

tokio::task_local! {
    static ADMIN: Scope;
}

/// Runs `change` (an administrator's request) with `actor` as the actor of every event
/// it records that names none; returns its output and whether it recorded any event.
pub async fn audited_as<F: Future>(actor: &str, change: F) -> (F::Output, bool) {
    let scope = Scope {
        actor: actor.to_owned(),
        recorded: AtomicBool::new(false),
    };
    ADMIN
        .scope(scope, async {
            let out = change.await;
            let recorded = ADMIN.with(|s| s.recorded.load(Ordering::Relaxed));
            (out, recorded)
        })
        .await
}

impl Idp {
    /// Records `event` at `now`.
    pub async fn audit(&self, event: AuditEvent<'_>, now: i64) {
        let action = event.action.as_str();
        let Ok(id) = time_sorted_id("evt", now) else {
            tracing::error!(action, "audit event lost: no random source");
            return;
        };
        let admin = ADMIN
            .try_with(|s| {
                s.recorded.store(true, Ordering::Relaxed);
                s.actor.clone()
            })
            .ok();
        let row = AuditRow {
            id,
            at: now,
            action: action.to_owned(),
            actor: event.actor.map(str::to_owned).or(admin),
            target: event.target.map(str::to_owned),
            details: if event.details.is_object() {
                event.details.to_string()
            } else {
                "{}".to_owned()
            },
        };
        if let Err(e) = self.store().insert_audit(&row).await {
            tracing::error!(error = %e, action, "audit event lost");
            return;
        }
        if let Err(e) = self.store().enqueue_deliveries(&row.id, action, now).await {
            tracing::error!(error = %e, action, "webhook deliveries not queued");
        }
    }
}

impl Idp {
    /// One key rotation step (see [`crate::KeyRing::rotate`]), audited.
    pub async fn rotate_keys(&self, now: i64, publish_secs: i64) -> crate::Result<crate::Rotation> {
        let step = self.keys().rotate(now, publish_secs).await?;
        let (action, kid) = match &step {
            crate::Rotation::Staged { kid } => (AuditAction::KeyStaged, kid),
            crate::Rotation::Promoted { kid } => (AuditAction::KeyPromoted, kid),
            crate::Rotation::Waiting { .. } => return Ok(step),
        };
        self.audit(AuditEvent::new(action).on(kid), now).await;
        Ok(step)
    }
}

/// Reads (and worker bookkeeping) that the server and the CLI go through `Idp` for.
impl Idp {
    /// A page of audit events, oldest first after `after`, optionally only `action` (or a prefix ending in `.`).
    pub async fn audit_events(
        &self,
        after: Option<&str>,
        action: Option<&str>,
        limit: i64,
    ) -> crate::Result<Vec<crate::store::AuditRow>> {
        self.store().audit_events(after, action, limit).await
    }

    /// Every signing key with its state.
    pub async fn signing_keys(&self) -> crate::Result<Vec<crate::store::KeyRow>> {
        self.store().keys().await
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn every_action_is_listed_once_with_a_dotted_name() {
        let names: std::collections::HashSet<&str> =
            AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), AuditAction::ALL.len());
        for n in names {
            let (resource, what) = n.split_once('.').unwrap();
            assert!(!resource.is_empty() && !what.is_empty(), "{n}");
        }
    }
}
