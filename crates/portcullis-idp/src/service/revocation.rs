//! Revoking refresh tokens (RFC 7009) for the client they were issued to, and nobody
//! else.

use super::Idp;
use crate::error::Result;
use crate::ids::token_hash;
use crate::secret::Secret;

/// Who is presenting a refresh token, against the client it was issued to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefreshCaller {
    /// The client it was issued to.
    Owner,
    /// Its (confidential) client, without that client's authentication.
    Unauthenticated,
    /// Another client.
    Other,
}

impl Idp {
    /// Whether the caller is the client `owner` a refresh token was issued to: the
    /// client that authenticated (`authenticated_as`), or a public client naming itself
    /// (`client_id`); a confidential owner must have authenticated. The one rule behind
    /// refresh and revocation.
    pub(crate) async fn refresh_caller(
        &self,
        owner: &str,
        client_id: Option<&str>,
        authenticated_as: Option<&str>,
    ) -> Result<RefreshCaller> {
        let confidential = self
            .store()
            .client_by_id(owner)
            .await?
            .is_some_and(|c| c.secret_hash.is_some());
        if confidential && authenticated_as != Some(owner) {
            return Ok(RefreshCaller::Unauthenticated);
        }
        if authenticated_as.or(client_id).is_some_and(|n| n != owner) {
            return Ok(RefreshCaller::Other);
        }
        Ok(RefreshCaller::Owner)
    }

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
        if self
            .refresh_caller(&status.session.client_id, client_id, authenticated_as)
            .await?
            != RefreshCaller::Owner
        {
            tracing::info!("revocation of another client's refresh token ignored");
            return Ok(());
        }
        self.logout(refresh_token, now).await
    }
}
