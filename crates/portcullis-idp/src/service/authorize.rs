//! Checking an authorization request (`GET /authorize`): client and redirect URI first,
//! then the rest of RFC 6749 §4.1.1, PKCE (RFC 7636, S256 only) and OpenID Connect's
//! parameters. Until client and redirect URI are known good, nothing redirects.

use super::Idp;
use super::grant::{GrantError, Requester, one_target};
use crate::AcrValues;
use crate::error::{IdpError, Result};
use crate::store::MembershipRow;

/// The parameters of `GET /authorize`, as received.
#[derive(Debug, Clone, Default)]
pub struct AuthorizeParams {
    /// `client_id`.
    pub client_id: Option<String>,
    /// `redirect_uri`.
    pub redirect_uri: Option<String>,
    /// `response_type`.
    pub response_type: Option<String>,
    /// `code_challenge`.
    pub code_challenge: Option<String>,
    /// `code_challenge_method`.
    pub code_challenge_method: Option<String>,
    /// `state`.
    pub state: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `scope`.
    pub scope: Option<String>,
    /// `audience` (Auth0 style: which API the access token is for).
    pub audience: Option<String>,
    /// `resource` (RFC 8707: the same, by its standard name).
    pub resource: Option<String>,
    /// `prompt`: `none`, or any of `login` and `consent` (space-separated).
    pub prompt: Option<String>,
    /// `login_hint`.
    pub login_hint: Option<String>,
    /// `max_age`: seconds since the user last typed a password, at most.
    pub max_age: Option<String>,
    /// `acr_values`: the authentication context classes acceptable for this sign-in,
    /// space-separated (see [`crate::Acr`]).
    pub acr_values: Option<String>,
    /// `organization`: an organization id or slug, or `select` to let the user choose
    /// on the hosted page.
    pub organization: Option<String>,
}

/// What `prompt` asks of the authorization server (OpenID Connect Core §3.1.2.1).
///
/// ```
/// use portcullis_idp::Prompt;
/// let p = Prompt::parse("login consent").unwrap();
/// assert!(p.login && p.consent && !p.none);
/// assert!(Prompt::parse("none login").is_err());
/// assert!(Prompt::parse("select_account").is_err());
/// assert_eq!(Prompt::parse("").unwrap(), Prompt::default());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prompt {
    /// `none`: answer without any page (`login_required`, `consent_required`).
    pub none: bool,
    /// `login`: sign in again, even with a session.
    pub login: bool,
    /// `consent`: a third-party client's consent page, even when consent was given
    /// (first-party clients need none).
    pub consent: bool,
}

impl Prompt {
    /// Parses the space-separated values; `none` stands alone, and values this server
    /// cannot honour (`select_account`, unknown ones) are refused.
    pub fn parse(value: &str) -> std::result::Result<Self, &'static str> {
        let mut prompt = Self::default();
        for v in value.split_whitespace() {
            match v {
                "none" => prompt.none = true,
                "login" => prompt.login = true,
                "consent" => prompt.consent = true,
                _ => return Err("prompt must be none, or login and/or consent"),
            }
        }
        if prompt.none && (prompt.login || prompt.consent) {
            return Err("prompt=none cannot be combined with other values");
        }
        Ok(prompt)
    }
}

/// A checked authorization request.
#[derive(Debug, Clone)]
pub struct Authorize {
    /// The client.
    pub client_id: String,
    /// The client's display name, shown on the hosted pages.
    pub client_name: String,
    /// Where to return (registered, exact).
    pub redirect_uri: String,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// Echoed back (required: it is how the client ties the answer to its request).
    pub state: String,
    /// Put in the ID token.
    pub nonce: Option<String>,
    /// Requested scope (well-formed; what is granted is decided with the user).
    pub scope: String,
    /// The access token's audience (one the client may request).
    pub audience: String,
    /// `prompt`.
    pub prompt: Prompt,
    /// `max_age` (OpenID Connect Core §3.1.2.1): a sign-in older than this many seconds
    /// is not good enough; the user types the password again.
    pub max_age: Option<i64>,
    /// `acr_values`: a sign-in weaker than all of these is not good enough; the user
    /// signs in again with a stronger factor, and a user who has none is refused
    /// (`unmet_authentication_requirements`).
    pub acr_values: AcrValues,
    /// Pre-fills the email field.
    pub login_hint: Option<String>,
    /// The organization asked for, if any (see [`AuthorizeParams::organization`]).
    pub organization: Option<String>,
}

impl Authorize {
    /// Whether a browser's sign-in (how, and when) is good enough for this request:
    /// recent enough for `max_age` and strong enough for `acr_values`.
    pub fn accepts_sign_in(&self, amr: crate::AuthMethods, auth_time: i64, now: i64) -> bool {
        self.max_age.is_none_or(|m| now - auth_time <= m) && self.acr_values.satisfied_by(amr.acr())
    }
}

/// Why an authorization request is refused (RFC 6749 §4.1.2.1).
#[derive(Debug, Clone)]
pub enum AuthorizeError {
    /// Client or redirect URI invalid: show an error page, never redirect.
    Page(String),
    /// Tell the client, at its (valid) redirect URI.
    Redirect {
        /// The registered redirect URI.
        redirect_uri: String,
        /// OAuth error code.
        error: &'static str,
        /// What went wrong.
        description: String,
        /// The request's `state`.
        state: Option<String>,
    },
}

/// RFC 7636 §4.1: 43–128 unreserved characters.
pub(super) fn pkce_value_ok(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

fn scope_ok(scope: &str) -> bool {
    scope.len() <= 1000
        && scope.split(' ').all(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
        })
}

impl Idp {
    /// Checks an authorization request. Client and redirect URI first: until both are
    /// known good, nothing redirects (no open redirect).
    pub async fn check_authorize(
        &self,
        p: &AuthorizeParams,
    ) -> std::result::Result<Authorize, AuthorizeError> {
        let page = |m: &str| AuthorizeError::Page(m.to_owned());
        let client_id = p
            .client_id
            .as_deref()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| page("The request has no client_id."))?;
        let client = match self.store().client_by_id(client_id).await {
            Ok(Some(c)) if !c.disabled => c,
            Ok(_) => return Err(page("This application is not registered.")),
            Err(_) => {
                return Err(page(
                    "The service is temporarily unavailable. Please try again.",
                ));
            }
        };
        let registered = self
            .store()
            .redirect_uris(&client.id, "login")
            .await
            .map_err(|_| page("The service is temporarily unavailable."))?;
        let redirect_uri = match p.redirect_uri.as_deref() {
            Some(uri) if registered.iter().any(|r| r == uri) => uri.to_owned(),
            Some(_) => {
                return Err(page(
                    "The redirect_uri is not registered for this application.",
                ));
            }
            None if registered.len() == 1 => registered[0].clone(),
            None => return Err(page("The request has no redirect_uri.")),
        };
        let fail = |error: &'static str, description: &str| AuthorizeError::Redirect {
            redirect_uri: redirect_uri.clone(),
            error,
            description: description.to_owned(),
            state: p.state.clone(),
        };
        if p.response_type.as_deref() != Some("code") {
            return Err(fail(
                "unsupported_response_type",
                "only response_type=code is supported",
            ));
        }
        let challenge = p
            .code_challenge
            .as_deref()
            .ok_or_else(|| fail("invalid_request", "PKCE is required: send code_challenge"))?;
        if p.code_challenge_method.as_deref() != Some("S256") {
            return Err(fail(
                "invalid_request",
                "code_challenge_method must be S256 (plain is refused)",
            ));
        }
        if !pkce_value_ok(challenge) {
            return Err(fail("invalid_request", "code_challenge is malformed"));
        }
        let state = p
            .state
            .clone()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                fail(
                    "invalid_request",
                    "state is required: it ties the answer to the request and protects the client from cross-site request forgery",
                )
            })?;
        let organization = p.organization.clone().filter(|o| !o.is_empty());
        if organization.as_ref().is_some_and(|o| {
            o.len() > 200
                || !o
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        }) {
            return Err(fail("invalid_request", "organization is malformed"));
        }
        if state.len() > 1000 || p.nonce.as_ref().is_some_and(|n| n.len() > 1000) {
            return Err(fail("invalid_request", "state or nonce too long"));
        }
        let scope = p
            .scope
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "openid".to_owned());
        if !scope_ok(&scope) {
            return Err(fail("invalid_scope", "scope is malformed"));
        }
        let prompt = Prompt::parse(p.prompt.as_deref().unwrap_or_default())
            .map_err(|why| fail("invalid_request", why))?;
        let max_age = match p.max_age.as_deref().filter(|m| !m.is_empty()) {
            None => None,
            Some(m) if m.len() <= 10 && m.bytes().all(|b| b.is_ascii_digit()) => m.parse().ok(),
            Some(_) => {
                return Err(fail(
                    "invalid_request",
                    "max_age must be a non-negative number of seconds",
                ));
            }
        };
        let acr_values = match p.acr_values.as_deref() {
            Some(list) if list.len() > 1000 => {
                return Err(fail("invalid_request", "acr_values too long"));
            }
            Some(list) => AcrValues::parse(list).map_err(|why| fail("invalid_request", why))?,
            None => AcrValues::default(),
        };
        let requested = one_target(p.audience.as_deref(), p.resource.as_deref())
            .map_err(|why| fail("invalid_target", why))?;
        let audience = match self
            .grant_target(Requester::Client(&client), requested)
            .await
        {
            Ok((a, _)) => a,
            Err(GrantError::UnknownAudience) => {
                return Err(fail("invalid_target", "audience is not a registered API"));
            }
            Err(GrantError::NotAllowed(why)) => return Err(fail("invalid_target", &why)),
            Err(_) => return Err(fail("temporarily_unavailable", "try again shortly")),
        };
        Ok(Authorize {
            client_id: client.id,
            client_name: client.name,
            redirect_uri,
            code_challenge: challenge.to_owned(),
            state,
            nonce: p.nonce.clone(),
            scope,
            audience,
            prompt,
            max_age,
            acr_values,
            login_hint: p.login_hint.clone().filter(|h| h.len() <= 254),
            organization,
        })
    }
}

/// Which organization a signed-in user's code is for.
#[derive(Debug, Clone)]
pub enum OrgChoice {
    /// The request named none: tokens without an organization.
    NoOrganization,
    /// This membership.
    Member(MembershipRow),
    /// `organization=select` and several memberships: the user chooses among these.
    Choose(Vec<OrgOption>),
    /// The user is not a member of the organization named (or of any, for `select`).
    NotMember,
}

/// An organization the user may choose on the hosted page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgOption {
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its slug.
    pub slug: String,
}

/// At most this many organizations are offered on the hosted page.
const MAX_CHOICES: usize = 50;

impl Idp {
    /// Resolves the request's `organization` for `user_id`.
    pub async fn organization_for(&self, req: &Authorize, user_id: &str) -> Result<OrgChoice> {
        match req.organization.as_deref() {
            None => Ok(OrgChoice::NoOrganization),
            Some("select") => {
                let mut all = self.store().memberships_of_user(user_id).await?;
                match all.len() {
                    0 => Ok(OrgChoice::NotMember),
                    1 => Ok(OrgChoice::Member(all.remove(0))),
                    _ => Ok(OrgChoice::Choose(
                        all.into_iter()
                            .take(MAX_CHOICES)
                            .map(|m| OrgOption {
                                id: m.org_id,
                                name: m.org_name,
                                slug: m.org_slug,
                            })
                            .collect(),
                    )),
                }
            }
            Some(org) => match self.membership_of(org, user_id).await {
                Ok(m) => Ok(OrgChoice::Member(m)),
                Err(IdpError::NotFound(_)) => Ok(OrgChoice::NotMember),
                Err(e) => Err(e),
            },
        }
    }
}
