//! How one issuer is configured: where its keys come from, and what its tokens must say.

use std::time::Duration;

use portcullis_jwt::{Algorithm, Validation};

/// The media type of RFC 9068 access tokens.
const AT_JWT: &str = "at+jwt";

/// Where an issuer's keys come from.
#[derive(Clone)]
pub(crate) enum KeysConfig {
    Discover(String),
    JwksUri {
        uri: String,
        issuer: String,
    },
    StaticJwks {
        json: String,
        issuer: String,
    },
    Pem {
        pem: String,
        alg: Algorithm,
        issuer: String,
    },
    Secret {
        alg: Algorithm,
        secret: Vec<u8>,
        issuer: String,
    },
}

impl std::fmt::Debug for KeysConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeysConfig::Discover(url) => write!(f, "Discover({url})"),
            KeysConfig::JwksUri { uri, issuer } => write!(f, "JwksUri({uri}, iss={issuer})"),
            KeysConfig::StaticJwks { issuer, .. } => write!(f, "StaticJwks(iss={issuer})"),
            KeysConfig::Pem { alg, issuer, .. } => write!(f, "Pem({alg}, iss={issuer})"),
            KeysConfig::Secret { alg, issuer, .. } => {
                write!(f, "Secret({alg}, [redacted], iss={issuer})")
            }
        }
    }
}

/// One trusted issuer: its keys and the rules its tokens must meet.
///
/// ```
/// use std::time::Duration;
/// use portcullis::IssuerConfig;
/// let auth0 = IssuerConfig::discover("https://tenant.eu.auth0.com/")
///     .audience("https://hello-world.example.com")
///     .leeway(Duration::from_secs(10));
/// let keycloak = IssuerConfig::jwks_uri(
///     "https://sso.example.com/realms/main/protocol/openid-connect/certs",
///     "https://sso.example.com/realms/main",
/// ).audience("account");
/// # let _ = (auth0, keycloak);
/// ```
#[derive(Debug, Clone)]
pub struct IssuerConfig {
    pub(crate) keys: KeysConfig,
    pub(crate) audiences: Vec<String>,
    pub(crate) skip_audience: bool,
    pub(crate) leeway: Option<Duration>,
    pub(crate) max_age: Option<Duration>,
    pub(crate) typ: Option<String>,
    pub(crate) authorized_parties: Option<Vec<String>>,
    pub(crate) algorithms: Option<Vec<Algorithm>>,
}

impl IssuerConfig {
    fn with_keys(keys: KeysConfig) -> Self {
        IssuerConfig {
            keys,
            audiences: Vec::new(),
            skip_audience: false,
            leeway: None,
            max_age: None,
            typ: None,
            authorized_parties: None,
            algorithms: None,
        }
    }

    /// Keys through OpenID discovery from the issuer URL. The discovery document's
    /// `issuer` must be this URL (a trailing slash aside); tokens must carry it exactly.
    pub fn discover(issuer_url: impl Into<String>) -> Self {
        Self::with_keys(KeysConfig::Discover(issuer_url.into()))
    }

    /// A Portcullis issuer: [`IssuerConfig::discover`], and access tokens must carry the
    /// RFC 9068 header `typ: at+jwt`, which Portcullis always sets (so an ID token, or
    /// any other JWT signed with the same keys, is never taken for an access token).
    /// Turn the header check off with [`IssuerConfig::require_at_jwt_typ`]`(false)`.
    ///
    /// ```
    /// use portcullis::IssuerConfig;
    /// let id = IssuerConfig::portcullis("https://id.example.com/").audience("https://api.example.com");
    /// # let _ = id;
    /// ```
    pub fn portcullis(issuer_url: impl Into<String>) -> Self {
        Self::discover(issuer_url).require_at_jwt_typ(true)
    }

    /// Keys from a JWKS URI, for tokens whose `iss` is exactly `issuer`.
    pub fn jwks_uri(uri: impl Into<String>, issuer: impl Into<String>) -> Self {
        Self::with_keys(KeysConfig::JwksUri {
            uri: uri.into(),
            issuer: issuer.into(),
        })
    }

    /// Keys from a JWKS document given at start-up (never fetched).
    pub fn static_jwks(json: impl Into<String>, issuer: impl Into<String>) -> Self {
        Self::with_keys(KeysConfig::StaticJwks {
            json: json.into(),
            issuer: issuer.into(),
        })
    }

    /// One PEM public key for one algorithm.
    pub fn pem(pem: impl Into<String>, alg: Algorithm, issuer: impl Into<String>) -> Self {
        Self::with_keys(KeysConfig::Pem {
            pem: pem.into(),
            alg,
            issuer: issuer.into(),
        })
    }

    /// A shared HMAC secret (HS256/384/512): the `express-jwt` case. Anyone holding the
    /// secret can mint tokens, so prefer an issuer with public keys where you can.
    /// The secret must be at least as long as the hash (32 bytes for HS256).
    pub fn shared_secret(
        alg: Algorithm,
        secret: impl Into<Vec<u8>>,
        issuer: impl Into<String>,
    ) -> Self {
        let mut config = Self::with_keys(KeysConfig::Secret {
            alg,
            secret: secret.into(),
            issuer: issuer.into(),
        });
        config.algorithms = Some(vec![alg]);
        config
    }

    /// Requires `aud` to contain this audience (call again to accept several).
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audiences.push(audience.into());
        self
    }

    /// Accepts any of these audiences.
    pub fn audiences<I: IntoIterator<Item = S>, S: Into<String>>(mut self, audiences: I) -> Self {
        self.audiences.extend(audiences.into_iter().map(Into::into));
        self
    }

    /// Does not check `aud`: only for issuers whose tokens carry none (Clerk session
    /// tokens). Pair it with [`IssuerConfig::authorized_parties`].
    pub fn insecure_skip_audience(mut self) -> Self {
        self.skip_audience = true;
        self
    }

    /// Clock leeway for `exp`, `nbf`, `iat` (default 5 s).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = Some(leeway);
        self
    }

    /// Refuses tokens issued longer ago than this.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Requires this `typ` header (`at+jwt` for RFC 9068 access tokens).
    pub fn require_typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(typ.into());
        self
    }

    /// Whether access tokens must carry the header `typ: at+jwt` (RFC 9068 §2.1; the
    /// `application/` prefix and case are ignored). On for [`IssuerConfig::portcullis`];
    /// off by default for other issuers, many of which (Auth0 without the RFC 9068
    /// profile, Keycloak) send `typ: JWT`. Issuers do not advertise RFC 9068 in their
    /// metadata, so this is configuration.
    pub fn require_at_jwt_typ(mut self, on: bool) -> Self {
        self.typ = on.then(|| AT_JWT.to_owned());
        self
    }

    /// Requires `azp` to be one of these parties (Clerk: your frontend origins).
    pub fn authorized_parties<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        parties: I,
    ) -> Self {
        self.authorized_parties = Some(parties.into_iter().map(Into::into).collect());
        self
    }

    /// Restricts the accepted algorithms (default: every asymmetric one).
    pub fn algorithms(mut self, algorithms: impl IntoIterator<Item = Algorithm>) -> Self {
        self.algorithms = Some(algorithms.into_iter().collect());
        self
    }

    /// The configured issuer string (URL for discovery, exact `iss` otherwise).
    pub(crate) fn issuer(&self) -> &str {
        match &self.keys {
            KeysConfig::Discover(url) => url,
            KeysConfig::JwksUri { issuer, .. }
            | KeysConfig::StaticJwks { issuer, .. }
            | KeysConfig::Pem { issuer, .. }
            | KeysConfig::Secret { issuer, .. } => issuer,
        }
    }

    /// The claim rules (for the configured issuer string).
    pub(crate) fn validation(&self, max_token_len: usize) -> Result<Validation, crate::BuildError> {
        let first = match (self.audiences.first(), self.skip_audience) {
            (Some(a), _) => a.clone(),
            (None, true) => String::new(),
            (None, false) => return Err(crate::BuildError::NoAudience(self.issuer().to_owned())),
        };
        let mut v = Validation::new(self.issuer(), first)
            .audiences(self.audiences.clone())
            .max_token_len(max_token_len);
        if self.skip_audience {
            v = v.insecure_skip_audience();
        }
        if let Some(l) = self.leeway {
            v = v.leeway(l);
        }
        if let Some(m) = self.max_age {
            v = v.max_age(m);
        }
        if let Some(t) = &self.typ {
            v = v.require_typ(t.clone());
        }
        if let Some(p) = &self.authorized_parties {
            v = v.authorized_parties(p.clone());
        }
        if let Some(a) = &self.algorithms {
            v = v.algorithms(a.iter().copied());
        }
        Ok(v)
    }
}
