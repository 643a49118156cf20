//! The issuer as a client of other OpenID Connect providers ("Continue with …"): where
//! to send the browser ([`Upstreams::authorization_url`]), and what comes back
//! ([`Upstreams::finish`]): the code exchanged (PKCE, the client secret when there is
//! one), the ID token verified with the JOSE core against the provider's published keys
//! (signature, `iss`, `aud`, `azp`, `exp`, `nonce`; never `alg: none`, never a shared
//! secret), user info read when the ID token has no email. Every request goes through
//! the outbound policy, with a short timeout; failures come back as [`UpstreamError`],
//! whose detail is logged and never shown.

mod provider;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use portcullis_idp::outbound::OutboundPolicy;
use portcullis_idp::{Connection, Secret, UpstreamClaims, UpstreamLogin};
use portcullis_jwt::{Claims, Jws, NumericDate, Validation, Verifier};
use serde::Deserialize;
use std::time::Duration;

use crate::outbound::{OutboundClient, OutboundFailure};
use provider::{MAX_BODY, Providers};

/// Why a sign-in through a provider failed. Shown as one of a few plain pages; the
/// detail goes to the log.
#[derive(Debug, thiserror::Error)]
pub(crate) enum UpstreamError {
    /// The provider could not be reached, or did not answer in time.
    #[error("the provider could not be reached: {0}")]
    Unreachable(#[from] OutboundFailure),
    /// The provider answered something that breaks the protocol (a wrong discovery
    /// document, a refused code, an ID token that does not verify).
    #[error("the provider's answer was refused: {0}")]
    Provider(String),
    /// The answer names another issuer than the one the sign-in went to (a mix-up).
    #[error("the answer comes from another issuer")]
    WrongIssuer,
}

/// The token endpoint's answer (RFC 6749 §5.1), the parts used.
#[derive(Debug, Deserialize)]
struct TokenAnswer {
    id_token: Option<String>,
    access_token: Option<String>,
}

/// The issuer's client for other providers. Cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct Upstreams {
    http: OutboundClient,
    providers: std::sync::Arc<Providers>,
}

impl Upstreams {
    /// A client under `policy` whose requests give up after `timeout`.
    pub(crate) fn new(policy: OutboundPolicy, timeout: Duration) -> Result<Self, reqwest::Error> {
        Ok(Self {
            http: OutboundClient::with_timeout(policy, timeout)?,
            providers: std::sync::Arc::default(),
        })
    }

    /// Where to send the browser for `login`: the provider's authorization endpoint
    /// with the code flow, PKCE (S256), `state` and `nonce`, coming back to
    /// `redirect_uri`.
    pub(crate) async fn authorization_url(
        &self,
        login: &UpstreamLogin,
        redirect_uri: &str,
    ) -> Result<String, UpstreamError> {
        let c = &login.connection;
        let metadata = self.providers.metadata(&self.http, &c.issuer).await?;
        let mut url = url::Url::parse(&metadata.authorization_endpoint)
            .map_err(|e| UpstreamError::Provider(format!("authorization_endpoint: {e}")))?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &c.client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", &c.scopes)
            .append_pair("state", login.state.expose())
            .append_pair("nonce", &login.nonce)
            .append_pair("code_challenge", &pkce_challenge(login.verifier.expose()))
            .append_pair("code_challenge_method", "S256");
        Ok(url.into())
    }

    /// Finishes `login` with the provider's `code` (and its RFC 9207 `iss`, when sent):
    /// what the verified ID token says of the user.
    pub(crate) async fn finish(
        &self,
        login: &UpstreamLogin,
        secret: Option<&Secret>,
        code: &str,
        iss: Option<&str>,
        redirect_uri: &str,
        now: i64,
    ) -> Result<UpstreamClaims, UpstreamError> {
        let c = &login.connection;
        let metadata = self.providers.metadata(&self.http, &c.issuer).await?;
        // RFC 9207: an authorization response names its issuer; one naming another, or
        // none from a provider that promises to name itself, is a mix-up.
        match iss {
            Some(iss) if iss != c.issuer => return Err(UpstreamError::WrongIssuer),
            None if metadata.authorization_response_iss_parameter_supported => {
                return Err(UpstreamError::WrongIssuer);
            }
            _ => {}
        }
        let answer = self
            .exchange(
                &metadata.token_endpoint,
                c,
                secret,
                code,
                login,
                redirect_uri,
            )
            .await?;
        let id_token = answer
            .id_token
            .ok_or_else(|| UpstreamError::Provider("no id_token in the token response".into()))?;
        let claims = self
            .verify_id_token(c, &id_token, &login.nonce, now)
            .await?;
        let subject = claims
            .subject()
            .filter(|s| !s.is_empty() && s.len() <= 255)
            .ok_or_else(|| UpstreamError::Provider("the ID token has no usable sub".into()))?
            .to_owned();
        let mut found = UpstreamClaims {
            subject,
            email: claims.get_str("email").map(str::to_owned),
            email_verified: claims.get("email_verified") == Some(&serde_json::Value::Bool(true)),
            name: claims.get_str("name").map(str::to_owned),
        };
        if found.email.is_none()
            && let (Some(endpoint), Some(token)) =
                (&metadata.userinfo_endpoint, &answer.access_token)
        {
            self.add_user_info(endpoint, token, &mut found).await?;
        }
        Ok(found)
    }

    /// The code exchanged at the token endpoint (client secret in HTTP Basic, RFC 6749
    /// §2.3.1, when there is one; the client id in the form otherwise).
    async fn exchange(
        &self,
        endpoint: &str,
        c: &Connection,
        secret: Option<&Secret>,
        code: &str,
        login: &UpstreamLogin,
        redirect_uri: &str,
    ) -> Result<TokenAnswer, UpstreamError> {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", login.verifier.expose()),
        ];
        let basic;
        let mut headers = vec![("accept", "application/json")];
        match secret {
            Some(secret) => {
                let enc = |s: &str| {
                    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
                };
                basic = format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(format!(
                        "{}:{}",
                        enc(&c.client_id),
                        enc(secret.expose())
                    ))
                );
                headers.push(("authorization", basic.as_str()));
            }
            None => form.push(("client_id", &c.client_id)),
        }
        let answer = self
            .http
            .send(endpoint, &headers, Some(&form), MAX_BODY)
            .await?;
        if answer.status != 200 {
            return Err(UpstreamError::Provider(format!(
                "the token endpoint answered {}: {}",
                answer.status,
                String::from_utf8_lossy(&answer.body[..answer.body.len().min(300)])
            )));
        }
        serde_json::from_slice(&answer.body)
            .map_err(|e| UpstreamError::Provider(format!("token response: {e}")))
    }

    /// The ID token's claims, once its signature (a key the provider publishes, an
    /// asymmetric algorithm), `iss`, `aud`, `azp`, `exp` and `nonce` check out.
    async fn verify_id_token(
        &self,
        c: &Connection,
        token: &str,
        nonce: &str,
        now: i64,
    ) -> Result<Claims, UpstreamError> {
        let refused = |what: &str| UpstreamError::Provider(format!("ID token: {what}"));
        let jws = Jws::parse(token, 16 * 1024).map_err(|e| refused(&e.to_string()))?;
        let keys = self
            .providers
            .keys(&self.http, &c.issuer, jws.header().kid.as_deref())
            .await?;
        let verifier = Verifier::new(Validation::new(&c.issuer, &c.client_id));
        let verified = verifier
            .verify(token, &keys, NumericDate::from_secs(now))
            .map_err(|e| match e {
                portcullis_jwt::VerifyError::WrongIssuer => UpstreamError::WrongIssuer,
                e => refused(&e.to_string()),
            })?;
        let claims = verified.claims;
        // OpenID Connect Core §3.1.3.7: with several audiences, `azp` names this client.
        if claims.audiences().len() > 1 && claims.get_str("azp") != Some(c.client_id.as_str()) {
            return Err(refused("azp does not name this client"));
        }
        let sent = claims.get_str("nonce").unwrap_or_default();
        if !portcullis_idp::constant_time_eq(sent.as_bytes(), nonce.as_bytes()) {
            return Err(refused("the nonce is not this sign-in's"));
        }
        Ok(claims)
    }

    /// Fills the email in from the provider's user info (OpenID Connect Core §5.3),
    /// whose `sub` must be the ID token's.
    async fn add_user_info(
        &self,
        endpoint: &str,
        access_token: &str,
        found: &mut UpstreamClaims,
    ) -> Result<(), UpstreamError> {
        let bearer = format!("Bearer {access_token}");
        let answer = self
            .http
            .send(
                endpoint,
                &[("authorization", &bearer), ("accept", "application/json")],
                None,
                MAX_BODY,
            )
            .await?;
        if answer.status != 200 {
            return Err(UpstreamError::Provider(format!(
                "user info answered {}",
                answer.status
            )));
        }
        let info: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&answer.body)
            .map_err(|e| UpstreamError::Provider(format!("user info: {e}")))?;
        if info.get("sub").and_then(|s| s.as_str()) != Some(found.subject.as_str()) {
            return Err(UpstreamError::Provider(
                "user info is of another subject".into(),
            ));
        }
        found.email = info
            .get("email")
            .and_then(|e| e.as_str())
            .map(str::to_owned);
        found.email_verified = info.get("email_verified") == Some(&serde_json::Value::Bool(true));
        if found.name.is_none() {
            found.name = info.get("name").and_then(|e| e.as_str()).map(str::to_owned);
        }
        Ok(())
    }
}

/// The S256 code challenge of a PKCE verifier (RFC 7636 §4.2).
fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(portcullis_jwt::jwt_sha256(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pkce_challenge_matches_rfc_7636_appendix_b() {
        assert_eq!(
            super::pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
