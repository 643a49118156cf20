//! A typed client for the Portcullis issuer's admin API: fetch the full user,
//! organization or membership behind a token in one call (what
//! Clerk's `clerkClient.users.getUser(userId)` does for a Clerk backend).
//!
//! It authenticates as a machine client (client credentials, audience
//! `<issuer>api/admin`) and keeps the access token until shortly before it expires.
//!
//! Compiled only with the feature `admin-client` (off by default), so a resource server
//! that only verifies tokens does not carry it.
//!
//! ```no_run
//! # async fn demo(principal: portcullis::Principal) -> Result<(), portcullis::AdminError> {
//! use portcullis::AdminClient;
//!
//! let admin = AdminClient::new("https://id.example.com/", "cli_reports", "pcs_…")?;
//! let user = admin.user(principal.subject()).await?;
//! println!("{} <{}>", user.name.unwrap_or_default(), user.email);
//! # Ok(()) }
//! ```

mod clients;
mod error;
mod orgs;
mod rbac;
mod users;

use std::sync::Arc;
use std::time::{Duration, Instant};

pub use clients::{ClientChange, NewClientRequest};
pub use error::AdminError;
pub use portcullis_proto::{
    AdminUserView, ApiKeyView, ApiView, ClientBranding, ClientView, ConsentView, CreatedApiKey,
    CreatedClient, CreatedInvitation, GrantView, InvitationView, MembershipView, OrgView, Page,
    PermissionView, RoleView, SessionView, UserView,
};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::Mutex;
pub use users::UserChange;

/// The admin API client. Cheap to clone; clones share the token.
#[derive(Clone)]
pub struct AdminClient {
    inner: Arc<Inner>,
}

struct Inner {
    base: url::Url,
    audience: String,
    client_id: String,
    client_secret: zeroize::Zeroizing<String>,
    http: reqwest::Client,
    token: Mutex<Option<(String, Instant)>>,
}

impl std::fmt::Debug for AdminClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminClient")
            .field("issuer", &self.inner.base.as_str())
            .field("client_id", &self.inner.client_id)
            .finish_non_exhaustive()
    }
}

/// `s` as one path segment: everything but unreserved characters percent-encoded
/// (a space as `%20`: `+` would stay a plus in a path).
fn segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// `path?after=…&limit=…`.
fn paged(path: &str, after: Option<&str>, limit: u32) -> String {
    searched(path, None, after, limit)
}

/// `path?limit=…[&search=…][&after=…]`.
fn searched(path: &str, search: Option<&str>, after: Option<&str>, limit: u32) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("limit", &limit.to_string());
    if let Some(s) = search {
        query.append_pair("search", s);
    }
    if let Some(a) = after {
        query.append_pair("after", a);
    }
    format!("{path}?{}", query.finish())
}

impl AdminClient {
    /// A client for the issuer at `issuer` (its URL, e.g. `https://id.example.com/`),
    /// authenticating as `client_id` / `client_secret`. HTTPS is required except on
    /// loopback.
    pub fn new(
        issuer: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Result<Self, AdminError> {
        let mut base = crate::keys::url::checked_url(issuer, false)
            .map_err(|e| AdminError::Config(e.to_string()))?;
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| AdminError::Config(e.to_string()))?;
        Ok(Self {
            inner: Arc::new(Inner {
                audience: format!("{base}{}", portcullis_proto::admin::ADMIN_AUDIENCE_PATH),
                base,
                client_id: client_id.into(),
                client_secret: zeroize::Zeroizing::new(client_secret.into()),
                http,
                token: Mutex::new(None),
            }),
        })
    }

    async fn token(&self) -> Result<String, AdminError> {
        let mut slot = self.inner.token.lock().await;
        if let Some((token, _)) = slot.as_ref().filter(|(_, until)| Instant::now() < *until) {
            return Ok(token.clone());
        }
        let url = self
            .inner
            .base
            .join("oauth/token")
            .map_err(|e| AdminError::Config(e.to_string()))?;
        let res = self
            .inner
            .http
            .post(url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", self.inner.client_id.as_str()),
                ("client_secret", self.inner.client_secret.as_str()),
                ("audience", self.inner.audience.as_str()),
            ])
            .send()
            .await
            .map_err(AdminError::transport)?;
        let status = res.status();
        let body: Value = res.json().await.map_err(AdminError::transport)?;
        if status != StatusCode::OK {
            return Err(AdminError::Unauthorized(
                body["error_description"]
                    .as_str()
                    .unwrap_or("token request refused")
                    .to_owned(),
            ));
        }
        let token = body["access_token"]
            .as_str()
            .ok_or_else(|| AdminError::Protocol("no access_token".into()))?
            .to_owned();
        let ttl = body["expires_in"]
            .as_u64()
            .unwrap_or(60)
            .saturating_sub(30)
            .max(1);
        *slot = Some((token.clone(), Instant::now() + Duration::from_secs(ttl)));
        Ok(token)
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<T, AdminError> {
        let url = self
            .inner
            .base
            .join(&format!("api/admin/{path}"))
            .map_err(|e| AdminError::Config(e.to_string()))?;
        let mut req = self
            .inner
            .http
            .request(method, url)
            .bearer_auth(self.token().await?);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.map_err(AdminError::transport)?;
        let status = res.status();
        let text = res.text().await.map_err(AdminError::transport)?;
        if !status.is_success() {
            return Err(AdminError::from_status(status, &text));
        }
        let text = if text.is_empty() {
            "null"
        } else {
            text.as_str()
        };
        serde_json::from_str(text).map_err(|e| AdminError::Protocol(e.to_string()))
    }

    /// The user with this id (`usr_…`, a token's `sub`) or email.
    pub async fn user(&self, id_or_email: &str) -> Result<UserView, AdminError> {
        self.call(
            Method::GET,
            &format!("users/{}", segment(id_or_email)),
            None,
        )
        .await
    }

    /// One page of users, by id; `after` is the previous page's `next_after`.
    pub async fn users(
        &self,
        search: Option<&str>,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Page<UserView>, AdminError> {
        self.call(Method::GET, &searched("users", search, after, limit), None)
            .await
    }

    /// The organization with this id (a token's `org_id`) or slug.
    pub async fn organization(&self, id_or_slug: &str) -> Result<OrgView, AdminError> {
        self.call(Method::GET, &format!("orgs/{}", segment(id_or_slug)), None)
            .await
    }

    /// An organization's members.
    pub async fn members(&self, org: &str) -> Result<Vec<MembershipView>, AdminError> {
        self.call(Method::GET, &format!("orgs/{}/members", segment(org)), None)
            .await
    }

    /// Creates an organization, with an optional first owner (email or user id).
    pub async fn create_organization(
        &self,
        name: &str,
        slug: &str,
        owner: Option<&str>,
    ) -> Result<OrgView, AdminError> {
        self.call(
            Method::POST,
            "orgs",
            Some(json!({ "name": name, "slug": slug, "owner": owner })),
        )
        .await
    }

    /// Adds a member or changes their role.
    pub async fn set_member(
        &self,
        org: &str,
        user: &str,
        role: &str,
    ) -> Result<MembershipView, AdminError> {
        let path = format!("orgs/{}/members/{}", segment(org), segment(user));
        self.call(Method::PUT, &path, Some(json!({ "role": role })))
            .await
    }

    /// Creates an API key for an organization, for the API `audience` (a registered
    /// API's identifier; other APIs refuse the key); the key is in the answer, once.
    pub async fn create_org_api_key(
        &self,
        org: &str,
        name: &str,
        audience: &str,
        permissions: &[&str],
    ) -> Result<CreatedApiKey, AdminError> {
        self.call(
            Method::POST,
            "api-keys",
            Some(json!({
                "name": name, "org": org, "audience": audience, "permissions": permissions,
            })),
        )
        .await
    }

    /// Revokes an API key.
    pub async fn revoke_api_key(&self, id: &str) -> Result<(), AdminError> {
        self.call_unit(Method::DELETE, &format!("api-keys/{}", segment(id)), None)
            .await
    }

    /// A call whose answer has no body (204).
    async fn call_unit(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<(), AdminError> {
        let _: Value = self.call(method, path, body).await?;
        Ok(())
    }
}
