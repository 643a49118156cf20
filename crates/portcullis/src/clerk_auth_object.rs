//! The caller as Clerk's auth object: what `req.auth` holds in an Express app behind
//! `ClerkExpressWithAuth`, with `null`s when the request is anonymous.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::Principal;

/// A [`Principal`] (or no one) in the shape of Clerk's auth object
/// (`ClerkExpressWithAuth`'s `req.auth`: camelCase keys, `null` when anonymous), ready to
/// serialize: an API that moves off Clerk's Express middleware can keep answering with
/// the same JSON.
///
/// ```
/// use portcullis::ClerkAuthObject;
/// let anonymous = serde_json::to_value(ClerkAuthObject::from(None)).unwrap();
/// assert_eq!(anonymous["userId"], serde_json::Value::Null);
/// assert_eq!(anonymous["claims"], serde_json::Value::Null);
/// assert_eq!(anonymous.as_object().unwrap().len(), 11);
/// ```
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClerkAuthObject {
    /// All claims (same as `claims`).
    pub session_claims: Option<Map<String, Value>>,
    /// `sid`.
    pub session_id: Option<String>,
    /// Always `null`: sessions are not fetched from the issuer.
    pub session: Option<Value>,
    /// `sub`.
    pub user_id: Option<String>,
    /// Always `null`: users are not fetched from the issuer.
    pub user: Option<Value>,
    /// `act` (impersonation), if present.
    pub actor: Option<Value>,
    /// Active organization id.
    pub org_id: Option<String>,
    /// Role in the active organization.
    pub org_role: Option<String>,
    /// Active organization slug.
    pub org_slug: Option<String>,
    /// Always `null`: organizations are not fetched from the issuer.
    pub organization: Option<Value>,
    /// All claims.
    pub claims: Option<Map<String, Value>>,
}

impl From<Option<&Principal>> for ClerkAuthObject {
    fn from(principal: Option<&Principal>) -> Self {
        match principal {
            None => ClerkAuthObject {
                session_claims: None,
                session_id: None,
                session: None,
                user_id: None,
                user: None,
                actor: None,
                org_id: None,
                org_role: None,
                org_slug: None,
                organization: None,
                claims: None,
            },
            Some(principal) => ClerkAuthObject {
                session_claims: Some(principal.claims().clone()),
                session_id: principal.session_id().map(str::to_owned),
                session: None,
                user_id: Some(principal.subject().to_owned()),
                user: None,
                actor: principal.claim("act").cloned(),
                org_id: principal.org_id().map(str::to_owned),
                org_role: principal.org_role().map(str::to_owned),
                org_slug: principal.org_slug().map(str::to_owned),
                organization: None,
                claims: Some(principal.claims().clone()),
            },
        }
    }
}

impl From<&Principal> for ClerkAuthObject {
    fn from(principal: &Principal) -> Self {
        ClerkAuthObject::from(Some(principal))
    }
}
