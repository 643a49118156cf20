//! Machine clients and the client credentials grant.

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
    /// Registers a machine client whose tokens default to `audience`.
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
        let row = ClientRow {
            id: new_id("cli")?,
            name: name.to_owned(),
            secret_hash: Some(token_hash(&secret)),
            audience: audience.map(str::to_owned),
            disabled: 0,
            id_token_signed_response_alg: None,
        };
        self.store().insert_client(&row, now).await?;
        self.audit(
            "client.created",
            None,
            Some(&row.id),
            serde_json::json!({ "name": row.name }),
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
                if c.disabled == 0
                    && c.secret_hash
                        .as_deref()
                        .is_some_and(|h| same_digest(h, &presented)) =>
            {
                Ok(c)
            }
            _ => Err(IdpError::InvalidClient),
        }
    }

    /// Issues a token to an authenticated client for `audience` (or its default), with
    /// the permissions granted to it there, narrowed to `scope` when one is requested.
    pub async fn client_credentials(
        &self,
        client: &ClientRow,
        audience: Option<&str>,
        scope: Option<&str>,
        now: i64,
    ) -> Result<ClientGrant> {
        let (audience, api_id) = self
            .resolve_audience(audience.or(client.audience.as_deref()))
            .await?;
        let granted = match api_id {
            Some(api) => self.store().client_permissions(&client.id, &api).await?,
            None => Vec::new(),
        };
        let permissions = match scope.map(str::split_whitespace) {
            Some(requested) => {
                let requested: Vec<String> = requested.map(str::to_owned).collect();
                if let Some(extra) = requested.iter().find(|p| !granted.contains(p)) {
                    return Err(IdpError::InvalidScope(format!(
                        "scope {extra} is not granted to this client"
                    )));
                }
                requested
            }
            None => granted,
        };
        let scope = permissions.join(" ");
        let access = self
            .mint(
                Grant {
                    sub: &client.id,
                    client_id: &client.id,
                    audience: &audience,
                    scope: &scope,
                    sid: None,
                    permissions,
                    org: None,
                },
                now,
            )
            .await?;
        // Not audited per token (it halves grant throughput); counted in metrics.
        Ok(ClientGrant { access, scope })
    }
}

impl Idp {
    /// Lets a machine client receive permissions of an API (added to the API if it
    /// lacks them).
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
        Ok(())
    }
}
