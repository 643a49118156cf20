//! Machine clients and the client credentials grant.

use super::audit::{AuditAction, AuditEvent};
use super::grant::{ConsentMode, GrantError, GrantRequest, Requester, Subject};
use super::tokens::Grant;
use super::{AccessToken, Idp};
use crate::error::{IdpError, Result};
use crate::ids::{new_id, new_token, token_hash};
use crate::secret::Secret;
use crate::store::ClientRow;

/// A freshly registered client: the secret is shown this once and stored only hashed.
#[derive(Debug, Clone)]
pub struct NewClient {
    /// The client id.
    pub client_id: String,
    /// The secret.
    pub client_secret: Secret,
}

/// A client credentials grant.
#[derive(Debug, Clone)]
pub struct ClientGrant {
    /// The access token.
    pub access: AccessToken,
    /// Granted scope (the permissions, space-separated).
    pub scope: String,
}

/// Constant-time equality of two hex digests.
fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && aws_lc_rs::constant_time::verify_slices_are_equal(a.as_bytes(), b.as_bytes()).is_ok()
}

impl Idp {
    /// Registers a machine client whose tokens default to `audience` (a registered API,
    /// which it may then request).
    pub async fn create_client(
        &self,
        name: &str,
        audience: Option<&str>,
        now: i64,
    ) -> Result<NewClient> {
        let name = name.trim();
        if name.is_empty() || name.len() > 200 {
            return Err(IdpError::invalid(
                "name is required (at most 200 characters)",
            ));
        }
        let secret = new_token("pcs")?;
        let api = match audience {
            Some(aud) => Some(
                self.store()
                    .api_by_identifier(aud)
                    .await?
                    .ok_or(IdpError::UnknownAudience)?,
            ),
            None => None,
        };
        let row = ClientRow {
            id: new_id("cli")?,
            name: name.to_owned(),
            secret_hash: Some(token_hash(&secret)),
            audience: audience.map(str::to_owned),
            disabled: false,
            id_token_signed_response_alg: None,
            first_party: true,
        };
        self.store().insert_client(&row, now).await?;
        if let Some(api) = api {
            self.store().add_client_audience(&row.id, &api.id).await?;
        }
        self.audit(
            AuditEvent::new(AuditAction::ClientCreated)
                .on(&row.id)
                .with(serde_json::json!({ "name": row.name })),
            now,
        )
        .await;
        Ok(NewClient {
            client_id: row.id,
            client_secret: Secret::new(secret),
        })
    }

    /// Authenticates a client by id and secret; any failure is [`IdpError::InvalidClient`].
    pub async fn authenticate_client(&self, client_id: &str, secret: &Secret) -> Result<ClientRow> {
        let client = self.store().client_by_id(client_id).await?;
        let presented = token_hash(secret.expose());
        match client {
            Some(c)
                if !c.disabled
                    && c.secret_hash
                        .as_deref()
                        .is_some_and(|h| same_digest(h, &presented)) =>
            {
                Ok(c)
            }
            _ => Err(IdpError::InvalidClient),
        }
    }

    /// Issues a token to an authenticated client for `audience` (or its default), which
    /// must be one it may request, with its grants there narrowed to `scope` when one
    /// is requested ([`Idp::decide_grant`]).
    pub async fn client_credentials(
        &self,
        client: &ClientRow,
        audience: Option<&str>,
        scope: Option<&str>,
        now: i64,
    ) -> Result<ClientGrant> {
        let decision = self
            .decide_grant(GrantRequest {
                requester: Requester::Client(client),
                subject: Subject::Client,
                audience,
                scope,
                consent: ConsentMode::Narrow,
            })
            .await
            .map_err(GrantError::for_request)?;
        let access = self
            .mint(
                Grant {
                    sub: &client.id,
                    client_id: &client.id,
                    audience: &decision.audience,
                    scope: &decision.scope,
                    sid: None,
                    permissions: decision.permissions,
                    org: None,
                    sign_in: None,
                },
                now,
            )
            .await?;
        // Not audited per token (it halves grant throughput); counted in metrics.
        Ok(ClientGrant {
            access,
            scope: decision.scope,
        })
    }
}

impl Idp {
    /// Lets a machine client receive permissions of an API (added to the API if it
    /// lacks them), and request that API.
    pub async fn grant_client(
        &self,
        client_id: &str,
        api_identifier: &str,
        permissions: &[&str],
    ) -> Result<()> {
        let api = self
            .store()
            .api_by_identifier(api_identifier)
            .await?
            .ok_or(IdpError::NotFound("API"))?;
        for p in permissions {
            self.add_permission(&api.id, p).await?;
            self.store()
                .grant_client_permission(client_id, &api.id, p)
                .await?;
        }
        self.store().add_client_audience(client_id, &api.id).await
    }
}
