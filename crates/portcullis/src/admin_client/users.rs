//! Users: changing, deleting, their sessions and consents.

use reqwest::Method;
use serde::Serialize;

use super::{
    AdminClient, AdminError, AdminUserView, ConsentView, Page, SessionView, paged, segment,
};

/// A change to a user for [`AdminClient::update_user`]: each `None` stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UserChange {
    /// The display name; `Some(None)` clears it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Option<String>>,
    /// A new email (it becomes unverified).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `true` disables the account (its sessions end), `false` re-enables it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

impl AdminClient {
    /// Changes a user (id or email).
    ///
    /// ```no_run
    /// # async fn demo(admin: portcullis::AdminClient) -> Result<(), portcullis::AdminError> {
    /// use portcullis::admin_client::UserChange;
    ///
    /// let change = UserChange { disabled: Some(false), ..UserChange::default() };
    /// let user = admin.update_user("ada@example.com", &change).await?;
    /// assert!(!user.disabled);
    /// # Ok(()) }
    /// ```
    pub async fn update_user(
        &self,
        user: &str,
        change: &UserChange,
    ) -> Result<AdminUserView, AdminError> {
        let body = serde_json::to_value(change).map_err(|e| AdminError::Config(e.to_string()))?;
        self.call(
            Method::PATCH,
            &format!("users/{}", segment(user)),
            Some(body),
        )
        .await
    }

    /// Deletes a user and everything hanging off them (sessions, API keys,
    /// memberships, roles). Refused for the last owner of an organization.
    pub async fn delete_user(&self, user: &str) -> Result<(), AdminError> {
        self.call_unit(Method::DELETE, &format!("users/{}", segment(user)), None)
            .await
    }

    /// One page of a user's active sessions; `after` is the previous page's
    /// `next_after`.
    pub async fn sessions(
        &self,
        user: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Page<SessionView>, AdminError> {
        let path = paged(&format!("users/{}/sessions", segment(user)), after, limit);
        self.call(Method::GET, &path, None).await
    }

    /// Revokes every session of a user: their refresh tokens stop working.
    pub async fn revoke_sessions(&self, user: &str) -> Result<(), AdminError> {
        let path = format!("users/{}/sessions", segment(user));
        self.call_unit(Method::DELETE, &path, None).await
    }

    /// Revokes one session of a user.
    pub async fn revoke_session(&self, user: &str, session: &str) -> Result<(), AdminError> {
        let path = format!("users/{}/sessions/{}", segment(user), segment(session));
        self.call_unit(Method::DELETE, &path, None).await
    }

    /// What a user allowed third-party clients, by client and audience.
    pub async fn consents(&self, user: &str) -> Result<Vec<ConsentView>, AdminError> {
        let path = format!("users/{}/consents", segment(user));
        self.call(Method::GET, &path, None).await
    }

    /// Withdraws a user's consents to a client: its sessions for the user end.
    pub async fn revoke_consent(&self, user: &str, client: &str) -> Result<(), AdminError> {
        let path = format!("users/{}/consents/{}", segment(user), segment(client));
        self.call_unit(Method::DELETE, &path, None).await
    }
}
