//! Who may get which token: the one decision behind every grant.
//!
//! [`Idp::decide_grant`] runs on every path that issues a token: the authorization
//! request (before a code is issued), the code exchange, refresh, client credentials and
//! the issuer's own password login. The rule:
//! - **Audience.** The issuer itself, or an API the client may request (its list; the
//!   issuer's admin API only when an administrator put it there). The issuer's own
//!   password login, where the user types the password every time, may request any
//!   registered API.
//! - **A user's token.** The requested scope, narrowed to the OpenID Connect scopes and
//!   to the audience's permissions the user holds (through roles, or through the role of
//!   the organization the token is for). A first-party client may have all of them; a
//!   third-party client only what the user consented to for that client and audience.
//! - **A client's own token** (client credentials): the requested scope narrowed to the
//!   client's grants on the audience (all of them when nothing is requested).
//! - **An API key**, decided each time it is introspected: its stored permissions
//!   narrowed to what its owner holds now. A user's key: the user's permissions on the
//!   key's API (platform-wide, never the OpenID Connect scopes). An organization's key:
//!   the permissions the organization roles grant on that API, stated as
//!   `org_permissions`, never as platform-wide `permissions`.
//!
//! Anything else is dropped, not refused (RFC 6749 §3.3 lets the server narrow); the
//! token response says what was granted. Refresh and code exchange decide again, so they
//! only ever narrow.

use super::Idp;
use super::tokens::OrgClaims;
use crate::error::IdpError;
use crate::store::{ClientRow, MembershipRow, OrgRow};

/// The OpenID Connect scopes every client may use for a user.
pub const OIDC_SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

/// Who asks for the token.
#[derive(Debug, Clone, Copy)]
pub enum Requester<'a> {
    /// The issuer's own password login (`/api/auth/login`, `/api/auth/signup`).
    OwnLogin,
    /// A registered client.
    Client(&'a ClientRow),
    /// An API key, asking for the permissions stored with it.
    ApiKey,
}

/// Whom the token is about.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// A signed-in user, in an organization or not.
    User {
        /// The user id.
        id: &'a str,
        /// The organization the token is for.
        membership: Option<&'a MembershipRow>,
    },
    /// The client itself (client credentials).
    Client,
    /// An organization acting as itself (an organization's API key).
    Org(&'a OrgRow),
}

/// What happens when a third-party client asks for more than the user consented to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentMode {
    /// At authorization: [`GrantError::ConsentRequired`], and the hosted page asks.
    Ask,
    /// At authorization with `prompt=consent`: the page asks even when the consent
    /// covers the request.
    AskAgain,
    /// Afterwards (code exchange, refresh): the grant narrows to the consent; no
    /// consent at all is [`GrantError::ConsentRequired`].
    Narrow,
}

/// A request for a token.
#[derive(Debug, Clone, Copy)]
pub struct GrantRequest<'a> {
    /// Who asks.
    pub requester: Requester<'a>,
    /// For whom.
    pub subject: Subject<'a>,
    /// The audience asked for; `None` is the client's default audience, else the
    /// configured default, else the issuer.
    pub audience: Option<&'a str>,
    /// The scope asked for (space-separated); `None` for client credentials is every
    /// grant of the client.
    pub scope: Option<&'a str>,
    /// See [`ConsentMode`].
    pub consent: ConsentMode,
}

/// What a grant carries.
#[derive(Debug, Clone)]
pub struct GrantDecision {
    /// The audience.
    pub audience: String,
    /// The API behind it (`None` for the issuer itself).
    pub api_id: Option<String>,
    /// The granted scope, space-separated, in the order requested.
    pub scope: String,
    /// The `permissions` claim: a first-party client's user token carries every
    /// permission the user holds on the audience; any other token only granted ones.
    pub permissions: Vec<String>,
    /// The organization the token acts in, with what it grants there.
    pub org: Option<OrgClaims>,
}

/// Why a grant is refused.
#[derive(Debug)]
pub enum GrantError {
    /// The audience is not a registered API (RFC 8707 `invalid_target`).
    UnknownAudience,
    /// The client may not request this audience (RFC 8707 `invalid_target`); the
    /// message is safe to show.
    NotAllowed(String),
    /// A third-party client asks for what the user has not consented to: these scopes
    /// are what the hosted page asks for.
    ConsentRequired(Vec<String>),
    /// Storage or keys failed.
    Failed(IdpError),
}

impl From<IdpError> for GrantError {
    fn from(e: IdpError) -> Self {
        match e {
            IdpError::UnknownAudience => Self::UnknownAudience,
            e => Self::Failed(e),
        }
    }
}

impl GrantError {
    /// The error of a new request (client credentials, password login).
    pub(crate) fn for_request(self) -> IdpError {
        match self {
            Self::UnknownAudience => IdpError::UnknownAudience,
            Self::NotAllowed(m) => IdpError::InvalidTarget(m),
            Self::ConsentRequired(_) => {
                IdpError::InvalidGrant("the user has not consented to this client")
            }
            Self::Failed(e) => e,
        }
    }

    /// The error of a grant decided again (code exchange, refresh): what was allowed
    /// when it was issued no longer is.
    pub(crate) fn for_existing(self) -> IdpError {
        match self {
            Self::UnknownAudience | Self::NotAllowed(_) => {
                IdpError::InvalidGrant("the client may no longer have tokens for this audience")
            }
            Self::ConsentRequired(_) => {
                IdpError::InvalidGrant("the user's consent to this client was withdrawn")
            }
            Self::Failed(e) => e,
        }
    }
}

/// The scope's values, each once, in order.
pub(crate) fn scope_values(scope: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for s in scope.split_whitespace() {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// RFC 6749 §6: a refresh may ask for less than was granted, never for more.
pub(crate) fn within_grant(asked: &str, granted: &str) -> Result<(), IdpError> {
    let granted = scope_values(granted);
    let beyond: Vec<&str> = scope_values(asked)
        .into_iter()
        .filter(|s| !granted.contains(s))
        .collect();
    if beyond.is_empty() {
        Ok(())
    } else {
        Err(IdpError::InvalidScope(format!(
            "the refresh token was not granted {}",
            beyond.join(" ")
        )))
    }
}

/// The one target of a request that may name it as `audience` (Auth0) or `resource`
/// (RFC 8707): both may be sent only if they agree. `Err` says why not.
pub fn one_target<'a>(
    audience: Option<&'a str>,
    resource: Option<&'a str>,
) -> Result<Option<&'a str>, &'static str> {
    let present = |v: Option<&'a str>| v.filter(|v| !v.trim().is_empty());
    match (present(audience), present(resource)) {
        (Some(a), Some(r)) if a != r => {
            Err("audience and resource name different targets; send one of them")
        }
        (a, r) => Ok(a.or(r)),
    }
}

impl Idp {
    /// The audience a request names (or its default) with its API id, if the
    /// requester may have tokens for it.
    pub(crate) async fn grant_target(
        &self,
        requester: Requester<'_>,
        requested: Option<&str>,
    ) -> Result<(String, Option<String>), GrantError> {
        let fallback = match requester {
            Requester::Client(c) => c.audience.as_deref(),
            Requester::OwnLogin | Requester::ApiKey => None,
        };
        let requested = requested.map(str::trim).filter(|a| !a.is_empty());
        let (audience, api_id) = self.resolve_audience(requested.or(fallback)).await?;
        if let (Requester::Client(client), Some(api)) = (requester, &api_id)
            && !self.store().client_may_request(&client.id, api).await?
        {
            return Err(GrantError::NotAllowed(format!(
                "this client may not request tokens for {audience}"
            )));
        }
        Ok((audience, api_id))
    }

    /// Decides a grant. The audience is the issuer itself or an API the client may
    /// request; a user's scope is narrowed to the OpenID Connect scopes and the
    /// permissions the user holds for that audience (and, for a third-party client, what
    /// the user consented to); a client's own scope is narrowed to its grants.
    pub async fn decide_grant(&self, r: GrantRequest<'_>) -> Result<GrantDecision, GrantError> {
        let (audience, api_id) = self.grant_target(r.requester, r.audience).await?;
        match r.subject {
            Subject::Client => {
                let (Requester::Client(client), Some(api)) = (r.requester, api_id.as_deref())
                else {
                    return Err(GrantError::NotAllowed(
                        "client credentials need an API the client may request".into(),
                    ));
                };
                let grants = self.store().client_permissions(&client.id, api).await?;
                let permissions: Vec<String> = match r.scope.map(scope_values) {
                    Some(asked) if !asked.is_empty() => grants
                        .into_iter()
                        .filter(|g| asked.contains(&g.as_str()))
                        .collect(),
                    _ => grants,
                };
                Ok(GrantDecision {
                    scope: permissions.join(" "),
                    permissions,
                    audience,
                    api_id,
                    org: None,
                })
            }
            Subject::Org(org) => {
                if !matches!(r.requester, Requester::ApiKey) {
                    return Err(GrantError::NotAllowed(
                        "only an organization's API key acts as the organization".into(),
                    ));
                }
                let grantable = match &api_id {
                    Some(api) => self.store().org_grantable_permissions(api).await?,
                    None => Vec::new(),
                };
                let permissions: Vec<String> = scope_values(r.scope.unwrap_or_default())
                    .into_iter()
                    .filter(|p| grantable.iter().any(|g| g == p))
                    .map(str::to_owned)
                    .collect();
                Ok(GrantDecision {
                    scope: permissions.join(" "),
                    permissions: Vec::new(),
                    audience,
                    api_id,
                    org: Some(OrgClaims {
                        id: org.id.clone(),
                        slug: org.slug.clone(),
                        role: None,
                        permissions,
                    }),
                })
            }
            Subject::User { id, membership } => {
                self.user_grant(r, id, membership, audience, api_id).await
            }
        }
    }

    async fn user_grant(
        &self,
        r: GrantRequest<'_>,
        user_id: &str,
        membership: Option<&MembershipRow>,
        audience: String,
        api_id: Option<String>,
    ) -> Result<GrantDecision, GrantError> {
        let (held, org_held) = match (&api_id, membership) {
            (Some(api), m) => (
                self.store().user_permissions(user_id, api).await?,
                match m {
                    Some(m) => self.store().org_role_permissions(&m.role, api).await?,
                    None => Vec::new(),
                },
            ),
            (None, _) => (Vec::new(), Vec::new()),
        };
        let holds = |s: &str| held.iter().chain(&org_held).any(|p| p == s);
        // An API key is no OpenID Connect client: it carries permissions only.
        let oidc = |s: &str| !matches!(r.requester, Requester::ApiKey) && OIDC_SCOPES.contains(&s);
        let mut scope: Vec<String> = scope_values(r.scope.unwrap_or_default())
            .into_iter()
            .filter(|s| oidc(s) || holds(s))
            .map(str::to_owned)
            .collect();
        let granted = |scope: &[String], list: Vec<String>| -> Vec<String> {
            list.into_iter().filter(|p| scope.contains(p)).collect()
        };
        let (permissions, org_permissions) = match r.requester {
            Requester::Client(client) if !client.first_party => {
                let consent = self.store().consent(user_id, &client.id, &audience).await?;
                let Some(consent) = consent else {
                    return Err(GrantError::ConsentRequired(scope));
                };
                let consented = scope_values(&consent);
                let covered = |s: &String| consented.contains(&s.as_str());
                let ask = match r.consent {
                    ConsentMode::Ask => !scope.iter().all(covered),
                    ConsentMode::AskAgain => true,
                    ConsentMode::Narrow => false,
                };
                if ask {
                    return Err(GrantError::ConsentRequired(scope));
                }
                scope.retain(covered);
                (granted(&scope, held), granted(&scope, org_held))
            }
            Requester::ApiKey => (granted(&scope, held), granted(&scope, org_held)),
            _ => (held, org_held),
        };
        Ok(GrantDecision {
            audience,
            api_id,
            scope: scope.join(" "),
            permissions,
            org: membership.map(|m| OrgClaims {
                id: m.org_id.clone(),
                slug: m.org_slug.clone(),
                role: Some(m.role.clone()),
                permissions: org_permissions,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_values_are_unique_and_ordered() {
        assert_eq!(
            scope_values(" openid  email openid read:x "),
            ["openid", "email", "read:x"]
        );
        assert!(scope_values("").is_empty());
    }

    #[test]
    fn audience_and_resource_must_agree() {
        assert_eq!(one_target(Some("https://a"), None), Ok(Some("https://a")));
        assert_eq!(one_target(None, Some("https://a")), Ok(Some("https://a")));
        assert_eq!(
            one_target(Some("https://a"), Some("https://a")),
            Ok(Some("https://a"))
        );
        assert!(one_target(Some("https://a"), Some("https://b")).is_err());
        assert_eq!(one_target(Some(""), None), Ok(None));
    }
}
