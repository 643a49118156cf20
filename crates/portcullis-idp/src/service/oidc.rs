//! Browser sign-in (OAuth 2.0 authorization code + PKCE, OpenID Connect): checking an
//! authorization request, browser sessions, issuing and exchanging codes, ID tokens.

use aws_lc_rs::digest;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use super::Idp;
use super::auth::SessionTarget;
use crate::error::{IdpError, Result};
use crate::ids::{new_token, token_hash};
use crate::secret::Secret;
use crate::store::{ClientRow, CodeRow};

/// Codes live this long (RFC 6749 §4.1.2 recommends at most 10 minutes).
pub const CODE_TTL: i64 = 60;
/// Browser sessions live this long.
pub const BROWSER_SESSION_TTL: i64 = 7 * 24 * 3600;

/// The parameters of `GET /authorize`, as received.
#[derive(Debug, Clone, Default)]
pub struct AuthorizeParams {
    /// `client_id`.
    pub client_id: Option<String>,
    /// `redirect_uri`.
    pub redirect_uri: Option<String>,
    /// `response_type`.
    pub response_type: Option<String>,
    /// `code_challenge`.
    pub code_challenge: Option<String>,
    /// `code_challenge_method`.
    pub code_challenge_method: Option<String>,
    /// `state`.
    pub state: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `scope`.
    pub scope: Option<String>,
    /// `audience` (Auth0 style: which API the access token is for).
    pub audience: Option<String>,
    /// `prompt`: `login` or `none`.
    pub prompt: Option<String>,
    /// `login_hint`.
    pub login_hint: Option<String>,
}

/// A checked authorization request.
#[derive(Debug, Clone)]
pub struct Authorize {
    /// The client.
    pub client_id: String,
    /// Where to return (registered, exact).
    pub redirect_uri: String,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// Echoed back.
    pub state: Option<String>,
    /// Put in the ID token.
    pub nonce: Option<String>,
    /// Granted scope.
    pub scope: String,
    /// The access token's audience.
    pub audience: String,
    /// `prompt`.
    pub prompt: Option<String>,
    /// Pre-fills the email field.
    pub login_hint: Option<String>,
}

/// Why an authorization request is refused (RFC 6749 §4.1.2.1).
#[derive(Debug, Clone)]
pub enum AuthorizeError {
    /// Client or redirect URI invalid: show an error page, never redirect.
    Page(String),
    /// Tell the client, at its (valid) redirect URI.
    Redirect {
        /// The registered redirect URI.
        redirect_uri: String,
        /// OAuth error code.
        error: &'static str,
        /// What went wrong.
        description: String,
        /// The request's `state`.
        state: Option<String>,
    },
}

/// A successful code exchange.
#[derive(Debug, Clone)]
pub struct CodeGrant {
    /// Access (and refresh) token.
    pub login: super::Login,
    /// OpenID Connect ID token, when `openid` was in scope.
    pub id_token: Option<String>,
    /// Granted scope.
    pub scope: String,
}

/// RFC 7636 §4.1: 43–128 unreserved characters.
fn pkce_value_ok(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

fn scope_ok(scope: &str) -> bool {
    scope.len() <= 1000
        && scope.split(' ').all(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
        })
}

impl Idp {
    /// Checks an authorization request. Client and redirect URI first: until both are
    /// known good, nothing redirects (no open redirect).
    pub async fn check_authorize(
        &self,
        p: &AuthorizeParams,
    ) -> std::result::Result<Authorize, AuthorizeError> {
        let page = |m: &str| AuthorizeError::Page(m.to_owned());
        let client_id = p
            .client_id
            .as_deref()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| page("The request has no client_id."))?;
        let client = match self.store().client_by_id(client_id).await {
            Ok(Some(c)) if c.disabled == 0 => c,
            Ok(_) => return Err(page("This application is not registered.")),
            Err(_) => {
                return Err(page(
                    "The service is temporarily unavailable. Please try again.",
                ));
            }
        };
        let registered = self
            .store()
            .redirect_uris(&client.id, "login")
            .await
            .map_err(|_| page("The service is temporarily unavailable."))?;
        let redirect_uri = match p.redirect_uri.as_deref() {
            Some(uri) if registered.iter().any(|r| r == uri) => uri.to_owned(),
            Some(_) => {
                return Err(page(
                    "The redirect_uri is not registered for this application.",
                ));
            }
            None if registered.len() == 1 => registered[0].clone(),
            None => return Err(page("The request has no redirect_uri.")),
        };
        let fail = |error: &'static str, description: &str| AuthorizeError::Redirect {
            redirect_uri: redirect_uri.clone(),
            error,
            description: description.to_owned(),
            state: p.state.clone(),
        };
        if p.response_type.as_deref() != Some("code") {
            return Err(fail(
                "unsupported_response_type",
                "only response_type=code is supported",
            ));
        }
        let challenge = p
            .code_challenge
            .as_deref()
            .ok_or_else(|| fail("invalid_request", "PKCE is required: send code_challenge"))?;
        if p.code_challenge_method.as_deref() != Some("S256") {
            return Err(fail(
                "invalid_request",
                "code_challenge_method must be S256 (plain is refused)",
            ));
        }
        if !pkce_value_ok(challenge) {
            return Err(fail("invalid_request", "code_challenge is malformed"));
        }
        if p.state.as_ref().is_some_and(|s| s.len() > 1000)
            || p.nonce.as_ref().is_some_and(|n| n.len() > 1000)
        {
            return Err(fail("invalid_request", "state or nonce too long"));
        }
        let scope = p
            .scope
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "openid".to_owned());
        if !scope_ok(&scope) {
            return Err(fail("invalid_scope", "scope is malformed"));
        }
        let prompt = p.prompt.clone().filter(|s| !s.is_empty());
        if prompt
            .as_deref()
            .is_some_and(|v| v != "login" && v != "none")
        {
            return Err(fail("invalid_request", "prompt must be login or none"));
        }
        let audience = match self
            .resolve_audience(p.audience.as_deref().or(client.audience.as_deref()))
            .await
        {
            Ok((a, _)) => a,
            Err(IdpError::UnknownAudience) => {
                return Err(fail("invalid_request", "audience is not a registered API"));
            }
            Err(_) => return Err(fail("temporarily_unavailable", "try again shortly")),
        };
        Ok(Authorize {
            client_id: client.id,
            redirect_uri,
            code_challenge: challenge.to_owned(),
            state: p.state.clone(),
            nonce: p.nonce.clone(),
            scope,
            audience,
            prompt,
            login_hint: p.login_hint.clone().filter(|h| h.len() <= 254),
        })
    }

    /// Signs a browser in: a session secret for the cookie, the user id, the auth time.
    pub async fn browser_login(
        &self,
        email: &str,
        password: String,
        now: i64,
    ) -> Result<(Secret, String, i64)> {
        let user = self.check_password(email, password, now).await?;
        let secret = new_token("pbs")?;
        self.store()
            .insert_browser_session(
                &token_hash(&secret),
                &user.id,
                now,
                now + BROWSER_SESSION_TTL,
            )
            .await?;
        self.audit(
            "login.success",
            Some(&user.id),
            Some(&user.id),
            json!({ "via": "hosted page" }),
            now,
        )
        .await;
        Ok((Secret::new(secret), user.id, now))
    }

    /// Starts a browser session for a user who just authenticated (signed in or up).
    pub async fn start_browser_session(&self, user_id: &str, now: i64) -> Result<Secret> {
        let secret = new_token("pbs")?;
        self.store()
            .insert_browser_session(
                &token_hash(&secret),
                user_id,
                now,
                now + BROWSER_SESSION_TTL,
            )
            .await?;
        Ok(Secret::new(secret))
    }

    /// The browser session behind a cookie: (user id, auth time).
    pub async fn browser_session(
        &self,
        secret: &Secret,
        now: i64,
    ) -> Result<Option<(String, i64)>> {
        self.store()
            .browser_session(&token_hash(secret.expose()), now)
            .await
    }

    /// Ends a browser session (single sign-out).
    pub async fn browser_logout(&self, secret: &Secret, now: i64) -> Result<()> {
        self.store()
            .revoke_browser_session(&token_hash(secret.expose()), now)
            .await
    }

    /// Issues a single-use code for a checked request and a signed-in user.
    pub async fn issue_code(
        &self,
        req: &Authorize,
        user_id: &str,
        auth_time: i64,
        now: i64,
    ) -> Result<Secret> {
        let code = new_token("pac")?;
        let row = CodeRow {
            client_id: req.client_id.clone(),
            user_id: user_id.to_owned(),
            redirect_uri: req.redirect_uri.clone(),
            code_challenge: req.code_challenge.clone(),
            scope: req.scope.clone(),
            audience: req.audience.clone(),
            nonce: req.nonce.clone(),
            auth_time,
            expires_at: now + CODE_TTL,
            used_at: None,
            session_id: None,
        };
        self.store().insert_code(&token_hash(&code), &row).await?;
        Ok(Secret::new(code))
    }

    /// Exchanges a code (RFC 6749 §4.1.3 with RFC 7636): single use, unexpired, same
    /// client and redirect URI, matching PKCE verifier. A replayed code revokes the
    /// session its first exchange created.
    pub async fn exchange_code(
        &self,
        code: &Secret,
        client: &ClientRow,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        now: i64,
    ) -> Result<CodeGrant> {
        let hash = token_hash(code.expose());
        let Some((row, first_use)) = self.store().spend_code(&hash, now).await? else {
            return Err(IdpError::InvalidGrant("unknown authorization code"));
        };
        if !first_use {
            if let Some(session) = &row.session_id {
                self.store().revoke_session(session, now).await?;
            }
            self.audit(
                "code.reuse_detected",
                Some(&row.client_id),
                Some(&row.user_id),
                json!({}),
                now,
            )
            .await;
            return Err(IdpError::InvalidGrant(
                "authorization code already used; its tokens are revoked",
            ));
        }
        if row.expires_at <= now {
            return Err(IdpError::InvalidGrant("authorization code expired"));
        }
        if row.client_id != client.id {
            return Err(IdpError::InvalidGrant(
                "authorization code was issued to another client",
            ));
        }
        if redirect_uri != Some(row.redirect_uri.as_str()) {
            return Err(IdpError::InvalidGrant(
                "redirect_uri does not match the authorization request",
            ));
        }
        let verifier = verifier
            .filter(|v| pkce_value_ok(v))
            .ok_or(IdpError::InvalidGrant(
                "code_verifier is missing or malformed",
            ))?;
        let computed = URL_SAFE_NO_PAD.encode(digest::digest(&digest::SHA256, verifier.as_bytes()));
        if aws_lc_rs::constant_time::verify_slices_are_equal(
            computed.as_bytes(),
            row.code_challenge.as_bytes(),
        )
        .is_err()
        {
            return Err(IdpError::InvalidGrant(
                "code_verifier does not match the code_challenge",
            ));
        }
        let user = self
            .store()
            .user_by_id(&row.user_id)
            .await?
            .filter(|u| u.disabled == 0)
            .ok_or(IdpError::InvalidGrant("the user is disabled"))?;
        let api_id = self
            .store()
            .api_by_identifier(&row.audience)
            .await?
            .map(|a| a.id);
        let target = SessionTarget {
            client_id: &client.id,
            scope: &row.scope,
            audience: &row.audience,
            api_id: api_id.as_deref(),
        };
        let (login, session_id) = self
            .start_session_for(user.clone(), &target, None, now)
            .await?;
        self.store().set_code_session(&hash, &session_id).await?;
        let scopes: Vec<&str> = row.scope.split(' ').collect();
        let id_token = if scopes.contains(&"openid") {
            let mut claims = json!({
                "iss": self.config().issuer,
                "sub": user.id,
                "aud": client.id,
                "iat": now,
                "exp": now + self.config().access_ttl,
                "auth_time": row.auth_time,
                "sid": session_id,
            });
            if let Some(map) = claims.as_object_mut() {
                if let Some(nonce) = &row.nonce {
                    map.insert("nonce".into(), nonce.clone().into());
                }
                if scopes.contains(&"email") {
                    map.insert("email".into(), user.email.clone().into());
                    map.insert("email_verified".into(), (user.email_verified != 0).into());
                }
                if scopes.contains(&"profile") {
                    map.insert("name".into(), user.name.clone().into());
                }
            }
            let key = self.keys().signer().await?;
            Some(
                key.sign_json(&claims, Some("JWT"))
                    .map_err(|e| IdpError::Keys(e.to_string()))?,
            )
        } else {
            None
        };
        self.audit(
            "token.issued",
            Some(&client.id),
            Some(&user.id),
            json!({ "grant": "authorization_code" }),
            now,
        )
        .await;
        Ok(CodeGrant {
            login,
            id_token,
            scope: row.scope,
        })
    }

    /// A client by id that is allowed to use the token endpoint without a secret only if
    /// it is public; a confidential client must present its secret.
    pub async fn client_for_token(
        &self,
        client_id: &str,
        secret: Option<&Secret>,
    ) -> Result<ClientRow> {
        match secret {
            Some(secret) => self.authenticate_client(client_id, secret).await,
            None => match self.store().client_by_id(client_id).await? {
                Some(c) if c.disabled == 0 && c.secret_hash.is_none() => Ok(c),
                _ => Err(IdpError::InvalidClient),
            },
        }
    }

    /// Registers a public client (a SPA: no secret) with its redirect URIs, or adds the
    /// URIs to an existing one. `client_id` is chosen by the caller.
    pub async fn ensure_public_client(
        &self,
        client_id: &str,
        name: &str,
        login_uris: &[&str],
        logout_uris: &[&str],
        now: i64,
    ) -> Result<()> {
        if self.store().client_by_id(client_id).await?.is_none() {
            let row = ClientRow {
                id: client_id.to_owned(),
                name: name.to_owned(),
                secret_hash: None,
                audience: None,
                disabled: 0,
            };
            match self.store().insert_client(&row, now).await {
                Ok(()) | Err(IdpError::InvalidInput(_)) => {}
                Err(e) => return Err(e),
            }
        }
        for uri in login_uris {
            check_redirect_uri(uri)?;
            self.store()
                .add_redirect_uri(client_id, uri, "login")
                .await?;
        }
        for uri in logout_uris {
            check_redirect_uri(uri)?;
            self.store()
                .add_redirect_uri(client_id, uri, "logout")
                .await?;
        }
        Ok(())
    }
}

/// Redirect URIs: absolute https, or http on loopback; no fragment.
fn check_redirect_uri(uri: &str) -> Result<()> {
    if crate::url_rules::https_or_loopback(uri) && !uri.contains('#') {
        Ok(())
    } else {
        Err(IdpError::invalid(
            "redirect URIs must be https (or http on loopback), without a fragment",
        ))
    }
}

impl Idp {
    /// [`Idp::refresh`] with the client checks of RFC 6749 §6: a refresh token issued to
    /// a confidential client needs that client's authentication (`authenticated_as`); one
    /// issued to a public client may name it (`client_id`), and naming another client is
    /// refused. Checked before the token is spent, so a wrong client cannot burn it.
    pub async fn refresh_for(
        &self,
        refresh_token: &Secret,
        client_id: Option<&str>,
        authenticated_as: Option<&str>,
        now: i64,
    ) -> Result<super::Refreshed> {
        if let Some(status) = self
            .store()
            .refresh_status(&token_hash(refresh_token.expose()))
            .await?
        {
            let owner = status.session.client_id;
            let named = authenticated_as.or(client_id);
            let confidential = match self.store().client_by_id(&owner).await? {
                Some(c) => c.secret_hash.is_some(),
                None => false,
            };
            if confidential && authenticated_as != Some(owner.as_str()) {
                return Err(IdpError::InvalidClient);
            }
            if named.is_some_and(|n| n != owner) {
                return Err(IdpError::InvalidGrant(
                    "refresh token was issued to another client",
                ));
            }
        }
        self.refresh(refresh_token, now).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_and_redirect_rules() {
        assert!(pkce_value_ok(&"a".repeat(43)));
        assert!(!pkce_value_ok(&"a".repeat(42)));
        assert!(!pkce_value_ok(&format!("{}=", "a".repeat(43))));
        assert!(check_redirect_uri("https://app.example.com/callback").is_ok());
        assert!(check_redirect_uri("http://localhost:4040/callback").is_ok());
        for bad in [
            "http://evil.example/cb",
            "https://a/b#frag",
            "javascript:alert(1)",
            "/relative",
        ] {
            assert!(check_redirect_uri(bad).is_err(), "{bad}");
        }
    }
}
