//! Registering and managing clients for administrators: confidential clients (a
//! secret, the client credentials grant) and public ones (browser apps, code + PKCE),
//! with their redirect URIs.

use serde_json::json;

use super::Idp;
use super::apis::check_text;
use super::audit::{AuditAction, AuditEvent};
use std::sync::Arc;

use portcullis_jwt::{Algorithm, SigningKey};

use crate::branding::Branding;
use crate::error::{IdpError, Result};
use crate::ids::{new_id, new_token, token_hash};
use crate::secret::Secret;
use crate::store::{ClientInfo, ClientRow};

/// Most redirect URIs of one kind a client may register.
pub const MAX_REDIRECT_URIS: usize = 20;
/// Most APIs a client may be allowed to request.
pub const MAX_AUDIENCES: usize = 50;

/// What a new client is.
#[derive(Debug, Clone, Default)]
pub struct ClientSpec<'a> {
    /// Display name (1 to 200 characters).
    pub name: &'a str,
    /// Whether it gets a secret (machine clients, server-side apps).
    pub confidential: bool,
    /// The audience (a registered API) its tokens are for by default; it may request
    /// it.
    pub audience: Option<&'a str>,
    /// Other registered APIs it may request tokens for.
    pub audiences: &'a [String],
    /// A third-party client: users consent on a hosted page before it gets their
    /// tokens. First-party clients (the default) get no consent page.
    pub third_party: bool,
    /// Existing permissions of `audience` it receives with client credentials
    /// (confidential clients only).
    pub permissions: &'a [String],
    /// Where authorization codes may be sent (required for public clients).
    pub redirect_uris: &'a [String],
    /// Where RP-initiated logout may return.
    pub post_logout_redirect_uris: &'a [String],
    /// The algorithm of its ID tokens (OpenID Connect Dynamic Client Registration
    /// `id_token_signed_response_alg`): one of [`Idp::signing_algorithms`]; `None` is
    /// RS256.
    pub id_token_signed_response_alg: Option<&'a str>,
}

/// A client, the APIs it may request and its redirect URIs; never its secret hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientDetails {
    /// The client.
    pub info: ClientInfo,
    /// The identifiers of the APIs it may request tokens for, sorted.
    pub audiences: Vec<String>,
    /// Its login redirect URIs, sorted.
    pub redirect_uris: Vec<String>,
    /// Its post-logout redirect URIs, sorted.
    pub post_logout_redirect_uris: Vec<String>,
    /// How its hosted pages look.
    pub branding: Branding,
}

/// A change to a client: each `None` stays as it is, each list replaces the current one.
#[derive(Debug, Clone, Default)]
pub struct ClientChange<'a> {
    /// Display name.
    pub name: Option<&'a str>,
    /// Where authorization codes may be sent.
    pub redirect_uris: Option<&'a [String]>,
    /// Where RP-initiated logout may return.
    pub post_logout_redirect_uris: Option<&'a [String]>,
    /// The APIs it may request (its default audience stays among them).
    pub audiences: Option<&'a [String]>,
    /// Whether its users consent on a hosted page.
    pub third_party: Option<bool>,
    /// The algorithm of its ID tokens (one the issuer signs with).
    pub id_token_signed_response_alg: Option<&'a str>,
    /// Its branding, replacing the current one whole (checked by [`Branding::parse`]).
    pub branding: Option<BrandingSpec<'a>>,
}

/// A client's branding as given, before [`Branding::parse`] checks it.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrandingSpec<'a> {
    /// The name users know the application by.
    pub display_name: Option<&'a str>,
    /// An `https` URL of its logo.
    pub logo_uri: Option<&'a str>,
    /// Its accent colour, `#rrggbb`.
    pub accent_color: Option<&'a str>,
}

/// Checks a list of redirect URIs ([`crate::url_rules::redirect_uri_ok`]).
fn check_uris(field: &str, uris: &[String]) -> Result<()> {
    if uris.len() > MAX_REDIRECT_URIS {
        return Err(IdpError::invalid(format!(
            "{field} may hold at most {MAX_REDIRECT_URIS} URIs"
        )));
    }
    match uris.iter().find(|u| !crate::url_rules::redirect_uri_ok(u)) {
        Some(bad) => Err(IdpError::invalid(format!(
            "{field}: {bad:?} is not https (or http on loopback) without a fragment"
        ))),
        None => Ok(()),
    }
}

fn check_name(name: &str) -> Result<String> {
    let name = check_text("name", name, 200)?;
    if name.is_empty() {
        return Err(IdpError::invalid(
            "name is required (at most 200 characters)",
        ));
    }
    Ok(name)
}

impl Idp {
    /// Registers a client. Returns it, and its secret (shown this once, stored only
    /// hashed) if it is confidential.
    pub async fn register_client(
        &self,
        spec: &ClientSpec<'_>,
        now: i64,
    ) -> Result<(ClientDetails, Option<Secret>)> {
        let name = check_name(spec.name)?;
        let id_token_alg = spec
            .id_token_signed_response_alg
            .map(|a| self.id_token_alg(a))
            .transpose()?;
        check_uris("redirect_uris", spec.redirect_uris)?;
        check_uris("post_logout_redirect_uris", spec.post_logout_redirect_uris)?;
        if !spec.confidential && spec.redirect_uris.is_empty() {
            return Err(IdpError::invalid(
                "a public client needs at least one redirect URI",
            ));
        }
        if !spec.confidential && !spec.permissions.is_empty() {
            return Err(IdpError::invalid(
                "permissions are for confidential clients (client credentials)",
            ));
        }
        let api = match spec.audience {
            Some(aud) => Some(
                self.store()
                    .api_by_identifier(aud)
                    .await?
                    .ok_or(IdpError::UnknownAudience)?,
            ),
            None if spec.permissions.is_empty() => None,
            None => return Err(IdpError::invalid("permissions need an audience")),
        };
        let mut allowed = self.api_ids(spec.audiences).await?;
        allowed.extend(api.as_ref().map(|a| a.id.clone()));
        if let Some(api) = &api {
            for p in spec.permissions {
                if !self.store().has_permission(&api.id, p).await? {
                    return Err(IdpError::invalid(format!(
                        "the audience has no permission {p:?}"
                    )));
                }
            }
        }
        let secret = if spec.confidential {
            Some(new_token("pcs")?)
        } else {
            None
        };
        let row = ClientRow {
            id: new_id("cli")?,
            name,
            secret_hash: secret.as_deref().map(token_hash),
            audience: api.as_ref().map(|a| a.identifier.clone()),
            disabled: false,
            id_token_signed_response_alg: id_token_alg.map(|a| a.name().to_owned()),
            first_party: !spec.third_party,
        };
        self.store().insert_client(&row, now).await?;
        self.store()
            .replace_client_audiences(&row.id, &allowed)
            .await?;
        if let Some(api) = &api {
            for p in spec.permissions {
                self.store()
                    .grant_client_permission(&row.id, &api.id, p)
                    .await?;
            }
        }
        let store = self.store();
        store
            .replace_redirect_uris(&row.id, "login", spec.redirect_uris)
            .await?;
        store
            .replace_redirect_uris(&row.id, "logout", spec.post_logout_redirect_uris)
            .await?;
        self.audit(
            AuditEvent::new(AuditAction::ClientCreated)
                .on(&row.id)
                .with(json!({
                    "name": row.name,
                    "confidential": spec.confidential,
                    "third_party": spec.third_party,
                })),
            now,
        )
        .await;
        Ok((self.find_client(&row.id).await?, secret.map(Secret::new)))
    }

    /// The branding of the client with this id (empty for an unknown client): what its
    /// hosted pages show.
    pub async fn client_branding(&self, id: &str) -> Result<Branding> {
        self.store().client_branding(id).await
    }

    /// The client with this id and its redirect URIs.
    pub async fn find_client(&self, id: &str) -> Result<ClientDetails> {
        let info = self
            .store()
            .client_info(id)
            .await?
            .ok_or(IdpError::NotFound("client"))?;
        Ok(ClientDetails {
            audiences: self.store().client_audiences(id).await?,
            redirect_uris: self.store().redirect_uris(id, "login").await?,
            post_logout_redirect_uris: self.store().redirect_uris(id, "logout").await?,
            branding: self.store().client_branding(id).await?,
            info,
        })
    }

    /// Changes a client (see [`ClientChange`]). Everything is checked before anything
    /// changes.
    pub async fn update_client(
        &self,
        id: &str,
        change: &ClientChange<'_>,
        now: i64,
    ) -> Result<ClientDetails> {
        let current = self.find_client(id).await?;
        let name = change.name.map(check_name).transpose()?;
        let id_token_alg = change
            .id_token_signed_response_alg
            .map(|a| self.id_token_alg(a))
            .transpose()?;
        if let Some(uris) = change.redirect_uris {
            check_uris("redirect_uris", uris)?;
            if current.info.confidential == 0 && uris.is_empty() {
                return Err(IdpError::invalid(
                    "a public client needs at least one redirect URI",
                ));
            }
        }
        if let Some(uris) = change.post_logout_redirect_uris {
            check_uris("post_logout_redirect_uris", uris)?;
        }
        let branding = change
            .branding
            .map(|b| Branding::parse(b.display_name, b.logo_uri, b.accent_color))
            .transpose()?;
        let audiences = match change.audiences {
            Some(list) => {
                let mut ids = self.api_ids(list).await?;
                if let Some(default) = &current.info.audience
                    && let Some(api) = self.store().api_by_identifier(default).await?
                {
                    ids.push(api.id);
                }
                Some(ids)
            }
            None => None,
        };
        let store = self.store();
        if let Some(name) = &name {
            store.rename_client(id, name).await?;
        }
        if let Some(uris) = change.redirect_uris {
            store.replace_redirect_uris(id, "login", uris).await?;
        }
        if let Some(uris) = change.post_logout_redirect_uris {
            store.replace_redirect_uris(id, "logout", uris).await?;
        }
        if let Some(alg) = id_token_alg {
            store.set_client_id_token_alg(id, alg.name()).await?;
        }
        if let Some(ids) = &audiences {
            store.replace_client_audiences(id, ids).await?;
        }
        if let Some(third_party) = change.third_party {
            store.set_first_party(id, !third_party).await?;
        }
        if let Some(branding) = &branding {
            store.set_client_branding(id, branding).await?;
        }
        self.audit(
            AuditEvent::new(AuditAction::ClientUpdated)
                .on(id)
                .with(json!({
                    "audiences": change.audiences,
                    "third_party": change.third_party,
                    "branding": branding.as_ref().map(|b| json!({
                        "display_name": b.display_name,
                        "logo_uri": b.logo_uri,
                        "accent_color": b.accent_color,
                    })),
                })),
            now,
        )
        .await;
        self.find_client(id).await
    }

    /// The ids of registered APIs named by identifier; an unknown one is an input error.
    async fn api_ids(&self, identifiers: &[String]) -> Result<Vec<String>> {
        if identifiers.len() > MAX_AUDIENCES {
            return Err(IdpError::invalid(format!(
                "audiences may hold at most {MAX_AUDIENCES} APIs"
            )));
        }
        let mut ids = Vec::with_capacity(identifiers.len());
        for identifier in identifiers {
            match self.store().api_by_identifier(identifier).await? {
                Some(api) => ids.push(api.id),
                None => {
                    return Err(IdpError::invalid(format!(
                        "audiences: {identifier:?} is not a registered API"
                    )));
                }
            }
        }
        Ok(ids)
    }

    /// Every algorithm this issuer signs with, RS256 first: what discovery lists in
    /// `id_token_signing_alg_values_supported` and what a client may register for its
    /// ID tokens.
    pub fn signing_algorithms(&self) -> Vec<Algorithm> {
        self.keys().signing_algorithms()
    }

    /// Parses a client's `id_token_signed_response_alg`: an algorithm this issuer signs
    /// with (names are case-sensitive, RFC 7518).
    fn id_token_alg(&self, name: &str) -> Result<Algorithm> {
        let algs = self.signing_algorithms();
        match Algorithm::from_name(name).filter(|a| algs.contains(a)) {
            Some(alg) => Ok(alg),
            None => Err(IdpError::invalid(format!(
                "id_token_signed_response_alg must be one of {}",
                algs.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// The key that signs `client`'s ID tokens now: RS256 unless it registered the
    /// access-token algorithm.
    pub(crate) async fn id_token_signer_of(&self, client: &ClientRow) -> Result<Arc<SigningKey>> {
        match client.id_token_signed_response_alg.as_deref() {
            None => self.keys().id_token_signer().await,
            Some(name) => {
                let alg = Algorithm::from_name(name).ok_or_else(|| {
                    IdpError::Keys(format!(
                        "client {} registered the unknown algorithm {name}",
                        client.id
                    ))
                })?;
                self.keys().id_token_signer_for(alg).await
            }
        }
    }

    /// Deletes a client: its grants, redirect URIs and pending codes go, and its
    /// sessions are revoked.
    pub async fn delete_client(&self, id: &str, now: i64) -> Result<()> {
        if !self.store().delete_client(id, now).await? {
            return Err(IdpError::NotFound("client"));
        }
        self.audit(AuditEvent::new(AuditAction::ClientDeleted).on(id), now)
            .await;
        Ok(())
    }
}

/// Reads (and worker bookkeeping) that the server and the CLI go through `Idp` for.
impl Idp {
    /// A client's registered URIs of `kind` (`login` or `logout`).
    pub async fn redirect_uris(&self, client_id: &str, kind: &str) -> crate::Result<Vec<String>> {
        self.store().redirect_uris(client_id, kind).await
    }

    /// Every client's login redirect URI (their origins are the CORS allow-list).
    pub async fn all_login_redirect_uris(&self) -> crate::Result<Vec<String>> {
        self.store().all_login_redirect_uris().await
    }

    /// A page of clients, by id after `after`.
    pub async fn list_clients(
        &self,
        after: Option<&str>,
        limit: i64,
    ) -> crate::Result<Vec<crate::store::ClientInfo>> {
        self.store().list_clients(after, limit).await
    }

    /// The client with this id, if any.
    pub async fn client_by_id(&self, id: &str) -> crate::Result<Option<crate::store::ClientRow>> {
        self.store().client_by_id(id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uri_lists() {
        let ok = vec!["https://app.example.com/cb".to_owned()];
        assert!(check_uris("redirect_uris", &ok).is_ok());
        let bad = vec!["http://evil.example/cb".to_owned()];
        let err = check_uris("redirect_uris", &bad).unwrap_err().to_string();
        assert!(
            err.contains("redirect_uris") && err.contains("evil"),
            "{err}"
        );
        let many = vec!["https://a.example/cb".to_owned(); MAX_REDIRECT_URIS + 1];
        assert!(check_uris("redirect_uris", &many).is_err());
        assert!(check_name("  ").is_err());
        assert_eq!(check_name(" App ").unwrap(), "App");
    }
}
