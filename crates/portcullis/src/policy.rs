//! ④ Authorization as a value: what a route requires, checked against a [`Principal`].
//!
//! A [`Policy`] is data with a pure [`Policy::check`]; it is unit-testable without HTTP,
//! usable as a route layer ([`Policy::layer`]) and as an extractor ([`crate::Require`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::{GuardError, Principal, StepUp};

type SyncCheck = dyn Fn(&Principal) -> bool + Send + Sync;
type AsyncCheck = dyn Fn(Principal) -> Pin<Box<dyn Future<Output = bool> + Send>> + Send + Sync;

/// Whether all or any of several values are required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    All,
    Any,
}

#[derive(Clone)]
enum Rule {
    Scopes(Match, Vec<String>),
    Permissions(Match, Vec<String>),
    Roles(Match, Vec<String>),
    OrgMember,
    OrgPermission(String),
    OrgRoleAtLeast(String, RoleHierarchy),
    OrgRoleExactly(String),
    MultiFactor,
    Acr(Vec<String>),
    MaxAge(Duration),
    All(Vec<Policy>),
    Any(Vec<Policy>),
    Custom(String, Arc<SyncCheck>),
    CustomAsync(String, Arc<AsyncCheck>),
}

/// Organization roles from most to least powerful, e.g. `owner > admin > member`.
/// A Clerk-style `org:` prefix is ignored when comparing.
///
/// ```
/// use portcullis::RoleHierarchy;
/// let h = RoleHierarchy::default();
/// assert!(h.at_least("owner", "admin"));
/// assert!(h.at_least("org:admin", "member"));
/// assert!(!h.at_least("member", "admin"));
/// assert!(!h.at_least("stranger", "member"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleHierarchy(Arc<Vec<String>>);

impl Default for RoleHierarchy {
    fn default() -> Self {
        RoleHierarchy::new(["owner", "admin", "member"])
    }
}

impl RoleHierarchy {
    /// Roles from most to least powerful.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(roles: I) -> Self {
        RoleHierarchy(Arc::new(roles.into_iter().map(Into::into).collect()))
    }

    fn rank(&self, role: &str) -> Option<usize> {
        let role = role.strip_prefix("org:").unwrap_or(role);
        self.0.iter().position(|r| r == role)
    }

    /// Whether `role` is `minimum` or above. Unknown roles are below everything.
    pub fn at_least(&self, role: &str, minimum: &str) -> bool {
        match (self.rank(role), self.rank(minimum)) {
            (Some(have), Some(need)) => have <= need,
            _ => false,
        }
    }
}

/// Why a policy said no: what it required, for the `scope` of the 403 challenge, and,
/// when a stronger or more recent sign-in alone would get the caller through, what to
/// ask for (the 401 step-up challenge of RFC 9470).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Denied {
    /// A space-separated description of what was required.
    pub required: String,
    /// Set when signing in again as this says would satisfy the policy.
    pub step_up: Option<StepUp>,
}

impl From<Denied> for GuardError {
    /// 401 `insufficient_user_authentication` when a step-up would do, else 403
    /// `insufficient_scope`.
    fn from(denied: Denied) -> GuardError {
        match denied.step_up {
            Some(step_up) => GuardError::InsufficientUserAuthentication(step_up),
            None => GuardError::InsufficientScope {
                required: denied.required,
            },
        }
    }
}

/// A requirement a route places on the caller.
///
/// ```
/// use portcullis::Policy;
/// let admin = Policy::permission("read:admin-messages");
/// let editors = Policy::roles_any(["editor", "admin"]).or(Policy::scope("write:all"));
/// let org_admin = Policy::org_role_at_least("admin");
/// assert_eq!(admin.describe(), "read:admin-messages");
/// # let _ = (editors, org_admin);
/// ```
#[derive(Clone)]
pub struct Policy(Arc<Rule>);

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Policy({})", self.describe())
    }
}

fn strings<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}

impl Policy {
    fn new(rule: Rule) -> Self {
        Policy(Arc::new(rule))
    }

    /// Requires one OAuth scope.
    pub fn scope(scope: impl Into<String>) -> Self {
        Self::new(Rule::Scopes(Match::All, vec![scope.into()]))
    }
    /// Requires every one of these scopes.
    pub fn scopes_all<I: IntoIterator<Item = S>, S: Into<String>>(scopes: I) -> Self {
        Self::new(Rule::Scopes(Match::All, strings(scopes)))
    }
    /// Requires at least one of these scopes.
    pub fn scopes_any<I: IntoIterator<Item = S>, S: Into<String>>(scopes: I) -> Self {
        Self::new(Rule::Scopes(Match::Any, strings(scopes)))
    }
    /// Requires one platform-wide permission (Auth0 RBAC `permissions`; organization
    /// grants do not count, see [`Policy::org_permission`]).
    pub fn permission(permission: impl Into<String>) -> Self {
        Self::new(Rule::Permissions(Match::All, vec![permission.into()]))
    }
    /// Requires every one of these permissions.
    pub fn permissions_all<I: IntoIterator<Item = S>, S: Into<String>>(p: I) -> Self {
        Self::new(Rule::Permissions(Match::All, strings(p)))
    }
    /// Requires at least one of these permissions.
    pub fn permissions_any<I: IntoIterator<Item = S>, S: Into<String>>(p: I) -> Self {
        Self::new(Rule::Permissions(Match::Any, strings(p)))
    }
    /// Requires one role.
    pub fn role(role: impl Into<String>) -> Self {
        Self::new(Rule::Roles(Match::All, vec![role.into()]))
    }
    /// Requires every one of these roles.
    pub fn roles_all<I: IntoIterator<Item = S>, S: Into<String>>(r: I) -> Self {
        Self::new(Rule::Roles(Match::All, strings(r)))
    }
    /// Requires at least one of these roles.
    pub fn roles_any<I: IntoIterator<Item = S>, S: Into<String>>(r: I) -> Self {
        Self::new(Rule::Roles(Match::Any, strings(r)))
    }
    /// Requires an active organization in the token.
    pub fn org_member() -> Self {
        Self::new(Rule::OrgMember)
    }
    /// Requires an organization role at or above `role` in the default hierarchy
    /// (`owner > admin > member`).
    pub fn org_role_at_least(role: impl Into<String>) -> Self {
        Self::org_role_at_least_in(role, RoleHierarchy::default())
    }
    /// Requires an organization role at or above `role` in your hierarchy.
    pub fn org_role_at_least_in(role: impl Into<String>, hierarchy: RoleHierarchy) -> Self {
        Self::new(Rule::OrgRoleAtLeast(role.into(), hierarchy))
    }
    /// Requires an active organization in which the token grants `permission`
    /// (`org_permissions`; platform-wide `permissions` do not count).
    ///
    /// The converse holds too: organization grants do not pass [`Policy::permission`],
    /// which asks about the whole platform, unless the guard's mapping opts in with
    /// [`crate::ClaimsMapping::merge_org_permissions`].
    pub fn org_permission(permission: impl Into<String>) -> Self {
        Self::new(Rule::OrgPermission(permission.into()))
    }
    /// Requires exactly this organization role.
    pub fn org_role_exactly(role: impl Into<String>) -> Self {
        Self::new(Rule::OrgRoleExactly(role.into()))
    }
    /// Requires a sign-in with two factors ([`Principal::is_multi_factor`]). A token
    /// without one is answered 401 `insufficient_user_authentication` with
    /// `acr_values` [`crate::ACR_MULTI_FACTOR`], so the client signs the user in again.
    ///
    /// ```
    /// use portcullis::Policy;
    /// let transfers = Policy::permission("create:transfers").and(Policy::mfa());
    /// # let _ = transfers;
    /// ```
    pub fn mfa() -> Self {
        Self::new(Rule::MultiFactor)
    }
    /// Requires a sign-in of one of these authentication context classes (`acr`,
    /// compared exactly; list every class you accept). Denied with a step-up challenge
    /// naming them.
    pub fn acr<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Self {
        Self::new(Rule::Acr(strings(values)))
    }
    /// Requires a sign-in (`auth_time`) at most `age` before the request. A token that
    /// does not say when the user signed in is denied. Denied with a step-up challenge
    /// carrying `max_age`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use portcullis::Policy;
    /// let delete_account = Policy::max_age(Duration::from_secs(300)).and(Policy::mfa());
    /// # let _ = delete_account;
    /// ```
    pub fn max_age(age: Duration) -> Self {
        Self::new(Rule::MaxAge(age))
    }
    /// Your own synchronous rule; `name` is what the 403 challenge says was required.
    pub fn custom(
        name: impl Into<String>,
        check: impl Fn(&Principal) -> bool + Send + Sync + 'static,
    ) -> Self {
        Self::new(Rule::Custom(name.into(), Arc::new(check)))
    }
    /// Your own asynchronous rule (a database lookup, say). Only [`Policy::evaluate`]
    /// runs it; [`Policy::check`] treats it as denied.
    pub fn custom_async<F, Fut>(name: impl Into<String>, check: F) -> Self
    where
        F: Fn(Principal) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = bool> + Send + 'static,
    {
        Self::new(Rule::CustomAsync(
            name.into(),
            Arc::new(move |a| Box::pin(check(a))),
        ))
    }
    /// Both this and `other`.
    pub fn and(self, other: Policy) -> Self {
        Self::new(Rule::All(vec![self, other]))
    }
    /// This or `other`.
    pub fn or(self, other: Policy) -> Self {
        Self::new(Rule::Any(vec![self, other]))
    }

    /// What the policy requires, space-separated (the `scope` of a 403 challenge).
    pub fn describe(&self) -> String {
        match &*self.0 {
            Rule::Scopes(_, v) | Rule::Permissions(_, v) | Rule::Roles(_, v) => v.join(" "),
            Rule::OrgMember => "org:member".into(),
            Rule::OrgPermission(p) => p.clone(),
            Rule::OrgRoleAtLeast(r, _) | Rule::OrgRoleExactly(r) => format!("org:{r}"),
            Rule::MultiFactor => "mfa".into(),
            Rule::Acr(values) => values.join(" "),
            Rule::MaxAge(age) => format!("max_age:{}", age.as_secs()),
            Rule::All(ps) | Rule::Any(ps) => ps
                .iter()
                .map(Policy::describe)
                .collect::<Vec<_>>()
                .join(" "),
            Rule::Custom(name, _) | Rule::CustomAsync(name, _) => name.clone(),
        }
    }

    /// The denial of a rule that failed on its own; a combination's comes from its
    /// parts' ([`Policy::combine`]).
    fn denied(&self) -> Denied {
        let step_up = match &*self.0 {
            Rule::MultiFactor => Some(StepUp::acr([crate::ACR_MULTI_FACTOR])),
            Rule::Acr(values) => Some(StepUp::acr(values.iter().cloned())),
            Rule::MaxAge(age) => Some(StepUp::max_age(*age)),
            _ => None,
        };
        Denied {
            required: self.describe(),
            step_up,
        }
    }

    /// The answer of `All`/`Any` from its parts' answers. A step-up is offered only
    /// when it alone would let the caller through: for `All`, when every failing part
    /// offers one (merged); for `Any`, when some alternative offers one.
    fn combine(&self, results: Vec<Result<(), Denied>>) -> Result<(), Denied> {
        let all = matches!(&*self.0, Rule::All(_));
        let failed: Vec<Denied> = results.into_iter().filter_map(Result::err).collect();
        let passed = if all {
            failed.is_empty()
        } else {
            failed.len() < self.parts().len()
        };
        if passed {
            return Ok(());
        }
        let step_up = if all {
            failed
                .iter()
                .map(|d| d.step_up.clone())
                .collect::<Option<Vec<_>>>()
                .and_then(|s| s.into_iter().reduce(StepUp::merge))
        } else {
            failed.into_iter().find_map(|d| d.step_up)
        };
        Err(Denied {
            required: self.describe(),
            step_up,
        })
    }

    fn parts(&self) -> &[Policy] {
        match &*self.0 {
            Rule::All(ps) | Rule::Any(ps) => ps,
            _ => &[],
        }
    }

    /// Decides synchronously. Asynchronous custom rules count as denied here.
    ///
    /// ```
    /// # use portcullis::Policy;
    /// # fn f(principal: &portcullis::Principal) {
    /// if Policy::permission("read:admin-messages").check(principal).is_ok() { /* … */ }
    /// # }
    /// ```
    pub fn check(&self, principal: &Principal) -> Result<(), Denied> {
        let ok = match &*self.0 {
            Rule::Scopes(m, v) => matches(*m, v, |s| principal.has_scope(s)),
            Rule::Permissions(m, v) => matches(*m, v, |p| principal.has_permission(p)),
            Rule::Roles(m, v) => matches(*m, v, |r| principal.has_role(r)),
            Rule::OrgMember => principal.org_id().is_some(),
            Rule::OrgPermission(p) => principal.has_org_permission(p),
            Rule::OrgRoleAtLeast(min, h) => {
                principal.org_id().is_some()
                    && principal.org_role().is_some_and(|r| h.at_least(r, min))
            }
            Rule::OrgRoleExactly(want) => {
                principal.org_id().is_some()
                    && principal
                        .org_role()
                        .is_some_and(|r| r == want || r.strip_prefix("org:") == Some(want.as_str()))
            }
            Rule::MultiFactor => principal.is_multi_factor(),
            Rule::Acr(values) => principal
                .acr()
                .is_some_and(|a| values.iter().any(|v| v == a)),
            Rule::MaxAge(age) => principal.auth_age().is_some_and(|have| have <= *age),
            Rule::All(ps) | Rule::Any(ps) => {
                return self.combine(ps.iter().map(|p| p.check(principal)).collect());
            }
            Rule::Custom(_, f) => f(principal),
            Rule::CustomAsync(..) => false,
        };
        if ok { Ok(()) } else { Err(self.denied()) }
    }

    /// Decides, running asynchronous custom rules too.
    pub fn evaluate<'a>(
        &'a self,
        principal: &'a Principal,
    ) -> Pin<Box<dyn Future<Output = Result<(), Denied>> + Send + 'a>> {
        Box::pin(async move {
            match &*self.0 {
                Rule::CustomAsync(_, f) => {
                    if f(principal.clone()).await {
                        Ok(())
                    } else {
                        Err(self.denied())
                    }
                }
                Rule::All(ps) | Rule::Any(ps) => {
                    // Stops as soon as the answer is known: at a passing alternative, or
                    // at a part no step-up could satisfy (an asynchronous check after it
                    // would be wasted). Otherwise every part is asked, so a denial can
                    // say whether a step-up alone would do.
                    let all = matches!(&*self.0, Rule::All(_));
                    let mut results = Vec::with_capacity(ps.len());
                    for p in ps {
                        let result = p.evaluate(principal).await;
                        let settled = match &result {
                            Ok(()) => !all,
                            Err(denied) => all && denied.step_up.is_none(),
                        };
                        results.push(result);
                        if settled {
                            break;
                        }
                    }
                    self.combine(results)
                }
                _ => self.check(principal),
            }
        })
    }

    /// A route layer enforcing this policy (after [`crate::Guard::layer`]).
    pub fn layer(&self) -> crate::RequireLayer {
        crate::RequireLayer::new(self.clone())
    }
}

fn matches(m: Match, values: &[String], has: impl Fn(&str) -> bool) -> bool {
    match m {
        Match::All => values.iter().all(|v| has(v)),
        Match::Any => values.iter().any(|v| has(v)),
    }
}
