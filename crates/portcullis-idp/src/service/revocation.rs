//! Revoking refresh tokens (RFC 7009) for the client they were issued to, and nobody
//! else.

use super::Idp;
use crate::error::Result;
use crate::ids::token_hash;
use crate::secret::Secret;

impl Idp {
    /// Ends the session of `refresh_token` if the caller is the client it was issued to:
    /// the client that authenticated (`authenticated_as`), or a public client naming
    /// itself (`client_id`); a confidential client's token needs that client's
    /// authentication. Anything else (an unknown token, another client's token, an
    /// access token) changes nothing: RFC 7009 §2.2 answers the same either way.
    pub async fn revoke_for(
        &self,
        refresh_token: &Secret,
        client_id: Option<&str>,
        authenticated_as: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let Some(status) = self
            .store()
            .refresh_status(&token_hash(refresh_token.expose()))
            .await?
        else {
            return Ok(());
        };
        let owner = status.session.client_id;
        let confidential = self
            .store()
            .client_by_id(&owner)
            .await?
            .is_some_and(|c| c.secret_hash.is_some());
        let named = authenticated_as.or(client_id);
        if (confidential && authenticated_as != Some(owner.as_str()))
            || named.is_some_and(|n| n != owner)
        {
            tracing::info!("revocation of another client's refresh token ignored");
            return Ok(());
        }
        self.logout(refresh_token, now).await
    }
}
