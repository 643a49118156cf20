//! Browser sign-in (OAuth 2.0 authorization code + PKCE, OpenID Connect): browser
//! sessions, issuing and exchanging codes, ID tokens.

use aws_lc_rs::digest;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use super::authorize::{Authorize, pkce_value_ok};
use super::grant::{
    ConsentMode, GrantDecision, GrantError, GrantRequest, Requester, Subject, scope_values,
};
use super::second_step::AfterPassword;
use super::tokens::SignIn;
use crate::AuthMethods;
use crate::error::{IdpError, Result};
use crate::ids::{new_token, token_hash};
use crate::secret::Secret;
use crate::store::BrowserSession;
use crate::store::{ClientRow, CodeRow, MembershipRow};

/// Codes live this long (RFC 6749 §4.1.2 recommends at most 10 minutes).
pub const CODE_TTL: i64 = 60;
/// Browser sessions live this long.
pub const BROWSER_SESSION_TTL: i64 = 7 * 24 * 3600;

/// A successful code exchange.
#[derive(Debug, Clone)]
pub struct CodeGrant {
    /// The access token.
    pub access: super::AccessToken,
    /// The refresh token: always for a first-party client, for a third-party client only
    /// when `offline_access` was granted (OpenID Connect Core §11).
    pub refresh_token: Option<Secret>,
    /// OpenID Connect ID token, when `openid` was in scope.
    pub id_token: Option<String>,
    /// Granted scope.
    pub scope: String,
}

/// A browser just signed in: the secret its cookie carries, and the session.
#[derive(Debug, Clone)]
pub struct BrowserSignIn {
    /// The cookie's value (shown to the browser only).
    pub secret: Secret,
    /// Who, and when.
    pub session: BrowserSession,
}

impl Idp {
    /// Checks a browser's email and password: the session's secret (for the cookie) and
    /// the session, or, for a user with a second factor, the second step
    /// ([`Idp::complete_browser_login`] finishes it, and only then is there a session).
    pub async fn browser_login(
        &self,
        email: &str,
        password: String,
        now: i64,
    ) -> Result<AfterPassword<BrowserSignIn>> {
        self.browser_sign_in(email, password, None, now).await
    }

    /// The browser session of a user who proved who they are (`amr`), audited.
    pub(crate) async fn finish_browser_login(
        &self,
        user_id: &str,
        amr: AuthMethods,
        now: i64,
    ) -> Result<BrowserSignIn> {
        let user = self
            .store()
            .user_by_id(user_id)
            .await?
            .ok_or(IdpError::NotFound("user"))?;
        self.check_sso_requirement(&user.email, amr).await?;
        let session = BrowserSession {
            user_id: user_id.to_owned(),
            auth_time: now,
            amr,
        };
        let secret = self.insert_browser_session(&session, now).await?;
        self.audit(
            AuditEvent::new(AuditAction::LoginSuccess)
                .by(user_id)
                .on(user_id)
                .with(json!({ "via": "hosted page", "amr": amr.amr() })),
            now,
        )
        .await;
        Ok(BrowserSignIn { secret, session })
    }

    /// Starts a browser session for a user who just signed up (and so chose a
    /// password).
    pub async fn start_browser_session(&self, user_id: &str, now: i64) -> Result<BrowserSignIn> {
        let session = BrowserSession {
            user_id: user_id.to_owned(),
            auth_time: now,
            amr: AuthMethods::PASSWORD,
        };
        let secret = self.insert_browser_session(&session, now).await?;
        Ok(BrowserSignIn { secret, session })
    }

    async fn insert_browser_session(&self, session: &BrowserSession, now: i64) -> Result<Secret> {
        let secret = new_token("pbs")?;
        self.store()
            .insert_browser_session(&token_hash(&secret), session, now + BROWSER_SESSION_TTL)
            .await?;
        Ok(Secret::new(secret))
    }

    /// The live browser session behind a cookie.
    pub async fn browser_session(
        &self,
        secret: &Secret,
        now: i64,
    ) -> Result<Option<BrowserSession>> {
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

    /// Issues a single-use code for a checked request and a signed-in browser, carrying
    /// the grant [`Idp::decide_grant`] allows (a third-party client without the user's
    /// consent gets [`GrantError::ConsentRequired`]) and how the user signed in.
    pub async fn authorize_code(
        &self,
        req: &Authorize,
        signed_in: &BrowserSession,
        membership: Option<&MembershipRow>,
        now: i64,
    ) -> std::result::Result<Secret, GrantError> {
        let user_id = signed_in.user_id.as_str();
        let decision = self.decide_for_request(req, user_id, membership).await?;
        let code = new_token("pac")?;
        let row = CodeRow {
            client_id: req.client_id.clone(),
            user_id: user_id.to_owned(),
            redirect_uri: req.redirect_uri.clone(),
            code_challenge: req.code_challenge.clone(),
            scope: decision.scope,
            audience: decision.audience,
            nonce: req.nonce.clone(),
            auth_time: signed_in.auth_time,
            expires_at: now + CODE_TTL,
            used_at: None,
            session_id: None,
            org_id: membership.map(|m| m.org_id.clone()),
            amr: signed_in.amr,
        };
        self.store().insert_code(&token_hash(&code), &row).await?;
        Ok(Secret::new(code))
    }

    /// What a checked request would be granted for a signed-in user
    /// ([`ConsentMode::Ask`]: a third-party client without the consent is refused).
    pub(crate) async fn decide_for_request(
        &self,
        req: &Authorize,
        user_id: &str,
        membership: Option<&MembershipRow>,
    ) -> std::result::Result<GrantDecision, GrantError> {
        // The client may have been disabled or deleted since the request was checked.
        let client = self
            .store()
            .client_by_id(&req.client_id)
            .await?
            .filter(|c| !c.disabled)
            .ok_or(IdpError::NotFound("client"))?;
        self.decide_grant(GrantRequest {
            requester: Requester::Client(&client),
            subject: Subject::User {
                id: user_id,
                membership,
            },
            audience: Some(&req.audience),
            scope: Some(&req.scope),
            consent: if req.prompt.consent {
                ConsentMode::AskAgain
            } else {
                ConsentMode::Ask
            },
        })
        .await
    }

    /// Exchanges a code (RFC 6749 §4.1.3 with RFC 7636): single use, unexpired, same
    /// client and redirect URI, matching PKCE verifier, and the same audience if the
    /// request names one (`target`, RFC 8707). A replayed code revokes the session its
    /// first exchange created.
    pub async fn exchange_code(
        &self,
        code: &Secret,
        client: &ClientRow,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        target: Option<&str>,
        now: i64,
    ) -> Result<CodeGrant> {
        let hash = token_hash(code.expose());
        let Some((row, first_use)) = self.store().spend_code(&hash, now).await? else {
            return Err(IdpError::InvalidGrant("unknown authorization code"));
        };
        if !first_use {
            if let Some(session) = self.store().mark_code_replayed(&hash).await? {
                self.store().revoke_session(&session, now).await?;
            }
            self.audit(
                AuditEvent::new(AuditAction::CodeReuseDetected)
                    .by(&row.client_id)
                    .on(&row.user_id),
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
        if target.is_some_and(|t| t != row.audience) {
            return Err(IdpError::InvalidTarget(
                "the code was issued for another audience".into(),
            ));
        }
        let user = self
            .store()
            .user_by_id(&row.user_id)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(IdpError::InvalidGrant("the user is disabled"))?;
        // Membership is checked again: it may have ended since the code was issued.
        let membership = match &row.org_id {
            Some(org) => Some(self.membership_of(org, &user.id).await.map_err(|_| {
                IdpError::InvalidGrant("the user is no longer a member of the organization")
            })?),
            None => None,
        };
        // Decided again: roles, the client's audiences or the consent may have changed.
        let decision = self
            .decide_grant(GrantRequest {
                requester: Requester::Client(client),
                subject: Subject::User {
                    id: &user.id,
                    membership: membership.as_ref(),
                },
                audience: Some(&row.audience),
                scope: Some(&row.scope),
                consent: ConsentMode::Narrow,
            })
            .await
            .map_err(GrantError::for_existing)?;
        let scope = decision.scope.clone();
        let scopes = scope_values(&scope);
        let offline = client.first_party || scopes.contains(&"offline_access");
        let (login, session_id) = self
            .start_session_for(
                user.clone(),
                &client.id,
                decision,
                SignIn {
                    amr: row.amr,
                    auth_time: row.auth_time,
                },
                now,
            )
            .await?;
        if !self.store().set_code_session(&hash, &session_id).await? {
            // A replay arrived while this exchange ran: what it issued never leaves.
            self.store().revoke_session(&session_id, now).await?;
            return Err(IdpError::InvalidGrant(
                "authorization code already used; its tokens are revoked",
            ));
        }
        let id_token = if scopes.contains(&"openid") {
            let mut claims = json!({
                "iss": self.config().issuer,
                "sub": user.id,
                "aud": client.id,
                "iat": now,
                "exp": now + self.config().access_ttl,
                "sid": session_id,
            });
            if let Some(map) = claims.as_object_mut() {
                SignIn {
                    amr: row.amr,
                    auth_time: row.auth_time,
                }
                .add_to(map);
                if let Some(nonce) = &row.nonce {
                    map.insert("nonce".into(), nonce.clone().into());
                }
                if scopes.contains(&"email") {
                    map.insert("email".into(), user.email.clone().into());
                    map.insert("email_verified".into(), (user.email_verified).into());
                }
                if scopes.contains(&"profile") {
                    map.insert("name".into(), user.name.clone().into());
                }
            }
            let key = self.id_token_signer_of(client).await?;
            Some(
                key.sign_json(&claims, Some("JWT"))
                    .map_err(|e| IdpError::Keys(e.to_string()))?,
            )
        } else {
            None
        };
        self.audit(
            AuditEvent::new(AuditAction::TokenIssued)
                .by(&client.id)
                .on(&user.id)
                .with(json!({ "grant": "authorization_code" })),
            now,
        )
        .await;
        Ok(CodeGrant {
            access: login.access,
            // Without `offline_access` the session's refresh token never leaves: the
            // session still names the sign-in (`sid`) for logout and revocation.
            refresh_token: offline.then_some(login.refresh_token),
            id_token,
            scope,
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
                Some(c) if !c.disabled && c.secret_hash.is_none() => Ok(c),
                _ => Err(IdpError::InvalidClient),
            },
        }
    }

    /// Registers a first-party public client (a SPA: no secret) with the APIs it may
    /// request and its redirect URIs, or adds them to an existing one. `client_id` is
    /// chosen by the caller.
    pub async fn ensure_public_client(
        &self,
        client_id: &str,
        name: &str,
        audiences: &[&str],
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
                disabled: false,
                id_token_signed_response_alg: None,
                first_party: true,
            };
            match self.store().insert_client(&row, now).await {
                Ok(()) | Err(IdpError::InvalidInput(_)) => {}
                Err(e) => return Err(e),
            }
        }
        for audience in audiences {
            let api = self
                .store()
                .api_by_identifier(audience)
                .await?
                .ok_or(IdpError::UnknownAudience)?;
            self.store().add_client_audience(client_id, &api.id).await?;
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
    if crate::url_rules::redirect_uri_ok(uri) {
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
    /// refused. A `target` (RFC 8707) must be the session's audience, and a `scope`
    /// within the session's grant ([`Idp::refresh_scoped`]). Checked before the token is
    /// spent, so a wrong client or a bad request cannot burn it.
    pub async fn refresh_for(
        &self,
        refresh_token: &Secret,
        client_id: Option<&str>,
        authenticated_as: Option<&str>,
        target: Option<&str>,
        scope: Option<&str>,
        now: i64,
    ) -> Result<super::Refreshed> {
        if let Some(status) = self
            .store()
            .refresh_status(&token_hash(refresh_token.expose()))
            .await?
        {
            match self
                .refresh_caller(&status.session.client_id, client_id, authenticated_as)
                .await?
            {
                super::revocation::RefreshCaller::Owner => {}
                super::revocation::RefreshCaller::Unauthenticated => {
                    return Err(IdpError::InvalidClient);
                }
                super::revocation::RefreshCaller::Other => {
                    return Err(IdpError::InvalidGrant(
                        "refresh token was issued to another client",
                    ));
                }
            }
            if target.is_some_and(|t| t != status.session.audience) {
                return Err(IdpError::InvalidTarget(
                    "the refresh token was issued for another audience".into(),
                ));
            }
            super::grant::within_grant(scope.unwrap_or_default(), &status.session.scope)?;
        }
        self.refresh_scoped(refresh_token, scope, now).await
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
