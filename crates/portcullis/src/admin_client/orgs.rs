//! Organizations: listing them, and inviting people into one.

use reqwest::Method;
use serde_json::json;

use super::{
    AdminClient, AdminError, CreatedInvitation, InvitationView, OrgView, Page, searched, segment,
};

impl AdminClient {
    /// One page of organizations, by id, optionally only those whose name or slug
    /// contains `search`; `after` is the previous page's `next_after`.
    ///
    /// ```no_run
    /// # async fn demo(admin: portcullis::AdminClient) -> Result<(), portcullis::AdminError> {
    /// let mut after = None;
    /// loop {
    ///     let page = admin.organizations(None, after.as_deref(), 100).await?;
    ///     for org in &page.items {
    ///         println!("{} {}", org.slug, org.name);
    ///     }
    ///     match page.next_after {
    ///         Some(next) => after = Some(next),
    ///         None => break,
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn organizations(
        &self,
        search: Option<&str>,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Page<OrgView>, AdminError> {
        self.call(Method::GET, &searched("orgs", search, after, limit), None)
            .await
    }

    /// Invites `email` into `org` with `role`: the link goes by email (7 days, single
    /// use), never in the answer.
    ///
    /// ```no_run
    /// # async fn demo(admin: portcullis::AdminClient) -> Result<(), portcullis::AdminError> {
    /// let sent = admin.invite("acme", "grace@example.com", "admin").await?;
    /// let pending = admin.invitations("acme").await?;
    /// assert!(pending.iter().any(|i| i.email == sent.email));
    /// # Ok(()) }
    /// ```
    pub async fn invite(
        &self,
        org: &str,
        email: &str,
        role: &str,
    ) -> Result<CreatedInvitation, AdminError> {
        self.call(
            Method::POST,
            &format!("orgs/{}/invitations", segment(org)),
            Some(json!({ "email": email, "role": role })),
        )
        .await
    }

    /// The invitations of `org` neither accepted nor expired, newest first.
    pub async fn invitations(&self, org: &str) -> Result<Vec<InvitationView>, AdminError> {
        let page: Page<InvitationView> = self
            .call(
                Method::GET,
                &format!("orgs/{}/invitations", segment(org)),
                None,
            )
            .await?;
        Ok(page.items)
    }

    /// Withdraws a pending invitation (its id from [`invitations`](Self::invitations)):
    /// its link stops working.
    pub async fn revoke_invitation(&self, org: &str, id: &str) -> Result<(), AdminError> {
        self.call_unit(
            Method::DELETE,
            &format!("orgs/{}/invitations/{}", segment(org), segment(id)),
            None,
        )
        .await
    }
}
