//! [`ServerConfig`]: every setting of `portcullis serve`, with safe defaults. The CLI
//! fills it from flags, `PORTCULLIS_*` variables and an optional TOML file.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;
use thiserror::Error;

/// The algorithm new signing keys use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum SigningAlg {
    /// ECDSA P-256 (the default: small, fast).
    #[default]
    ES256,
    /// RSA 2048 PKCS#1 v1.5 (what every OpenID client supports).
    RS256,
    /// Ed25519.
    EdDSA,
}

impl SigningAlg {
    pub(crate) fn algorithm(self) -> portcullis_jwt::Algorithm {
        match self {
            Self::ES256 => portcullis_jwt::Algorithm::ES256,
            Self::RS256 => portcullis_jwt::Algorithm::RS256,
            Self::EdDSA => portcullis_jwt::Algorithm::EdDSA,
        }
    }
}

impl std::str::FromStr for SigningAlg {
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Self, ConfigError> {
        match s {
            "ES256" => Ok(Self::ES256),
            "RS256" => Ok(Self::RS256),
            "EdDSA" => Ok(Self::EdDSA),
            other => Err(ConfigError(format!(
                "signing algorithm {other:?} is not one of ES256, RS256, EdDSA"
            ))),
        }
    }
}

/// Whether a URL's host (as `Url::host_str` gives it: IPv6 in brackets, and for
/// non-special schemes like `smtp:` any address as text) is `localhost` or a loopback
/// address: the one rule for where plain connections are acceptable (shared with the
/// redirect URI rule).
pub(crate) use portcullis_idp::outbound::loopback_host;

/// A configuration value that cannot work, with a message naming it.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// Settings of the issuer. Every duration is in seconds.
///
/// ```
/// use portcullis_server::ServerConfig;
/// let mut c = ServerConfig::default();
/// assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
/// assert_eq!(c.issuer().unwrap(), "http://127.0.0.1:8080/");
/// c.issuer = Some("http://id.example.com".into());
/// assert!(c.issuer().is_err(), "plain HTTP off loopback needs allow_insecure_http");
/// c.issuer = Some("https://id.example.com".into());
/// assert_eq!(c.issuer().unwrap(), "https://id.example.com/");
/// ```
#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to listen on (default `127.0.0.1:8080`).
    pub listen: SocketAddr,
    /// The public URL of the issuer, the `iss` of every token (default
    /// `http://<listen>/`). HTTPS is required except on loopback.
    pub issuer: Option<String>,
    /// Directory of the embedded SQLite database and the master key file (default
    /// `./portcullis-data`, created on first start).
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL instead of SQLite (several servers may share it).
    pub database_url: Option<String>,
    /// 64 hex digits sealing the signing keys at rest. Required with PostgreSQL (every
    /// node needs the same one); with SQLite, a key file in `data_dir` is used otherwise.
    pub master_key: Option<String>,
    /// Algorithm of new signing keys (default ES256).
    pub signing_alg: SigningAlg,
    /// Access token lifetime (default 900).
    pub access_token_ttl: i64,
    /// Refresh tokens unused this long expire (default 14 days).
    pub refresh_idle_ttl: i64,
    /// Sessions end this long after login (default 90 days).
    pub refresh_absolute_ttl: i64,
    /// Audience of tokens whose request names none (default: the issuer itself).
    pub default_audience: Option<String>,
    /// How long a staged key is published before it signs (default 900: longer than
    /// verifiers cache the JWKS, see `jwks_max_age`).
    pub key_publish_delay: i64,
    /// `Cache-Control: max-age` of JWKS and discovery (default 300).
    pub jwks_max_age: u64,
    /// Password hashes computed at once (default: the CPU count; each takes 19 MiB).
    pub max_concurrent_hashes: usize,
    /// Longest wait for a hashing slot before answering 503 (default 5).
    pub hash_queue_timeout: u64,
    /// Requests taking longer are cut with 408 (default 10).
    pub request_timeout: u64,
    /// Largest accepted request body in bytes (default 64 KiB).
    pub body_limit: usize,
    /// Requests per minute per client IP on sign-up, login, token and revocation
    /// endpoints, and on introspection calls that do not authenticate (default 120;
    /// bursts of a quarter of it).
    pub rate_limit_per_minute: u32,
    /// Introspection calls per minute per authenticated client (default 6000; bursts of
    /// a quarter of it). Per client, not per IP: a resource server's quota is its own.
    pub introspection_rate_limit_per_minute: u32,
    /// Proxies whose `X-Forwarded-For` names the client (default: none, so the peer
    /// address is the client).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Accept an `http://` issuer URL on a non-loopback host. Insecure: tokens and
    /// passwords would cross the network in clear text.
    pub allow_insecure_http: bool,
    /// Relay for verification, reset and invitation mail:
    /// `smtps://user:password@host[:465]` (TLS) or `smtp://user:password@host[:587]`
    /// (STARTTLS required; plain only to a loopback relay). Without it, mail stays in
    /// the outbox (`portcullis outbox`).
    pub smtp_url: Option<String>,
    /// Sender of that mail (default `Portcullis <no-reply@issuer-host>`).
    pub mail_from: Option<String>,
    /// Speak plain SMTP (no TLS) to a non-loopback relay. Insecure: the relay password
    /// and every link would cross the network in clear text.
    pub allow_insecure_smtp: bool,
    /// Let accounts sign in before their address is confirmed, and have sign-up return
    /// tokens at once. Weaker: sign-up then tells anyone whether an address has an
    /// account (409), and accounts can hold addresses their owners do not control.
    pub allow_unverified_email: bool,
    /// Let webhooks (and every other request the issuer sends to a registered URL) reach
    /// loopback addresses and `localhost`, over plain HTTP too. Development only,
    /// insecure: whoever may register a webhook can then make the issuer call any
    /// service on its own machine.
    pub allow_insecure_outbound_loopback: bool,
    /// Let webhooks (and every other request the issuer sends to a registered URL) reach
    /// private networks (RFC 1918, `fc00::/7`, `100.64/10`) over HTTPS. Insecure:
    /// whoever may register a webhook can then make the issuer call internal services.
    /// Link-local and cloud metadata addresses stay unreachable.
    pub allow_insecure_outbound_private: bool,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("listen", &self.listen)
            .field("issuer", &self.issuer)
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_ref().map(|_| "[redacted]"),
            )
            .field(
                "master_key",
                &self.master_key.as_ref().map(|_| "[redacted]"),
            )
            .field("signing_alg", &self.signing_alg)
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "[redacted]"))
            .field("mail_from", &self.mail_from)
            .field("access_token_ttl", &self.access_token_ttl)
            .finish_non_exhaustive()
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            issuer: None,
            data_dir: PathBuf::from("./portcullis-data"),
            database_url: None,
            master_key: None,
            signing_alg: SigningAlg::ES256,
            access_token_ttl: 900,
            refresh_idle_ttl: 14 * 24 * 3600,
            refresh_absolute_ttl: 90 * 24 * 3600,
            default_audience: None,
            key_publish_delay: 900,
            jwks_max_age: 300,
            max_concurrent_hashes: std::thread::available_parallelism()
                .map_or(2, std::num::NonZero::get),
            hash_queue_timeout: 5,
            request_timeout: 10,
            body_limit: 64 * 1024,
            rate_limit_per_minute: 120,
            introspection_rate_limit_per_minute: 6000,
            trusted_proxies: Vec::new(),
            allow_insecure_http: false,
            smtp_url: None,
            mail_from: None,
            allow_insecure_smtp: false,
            allow_unverified_email: false,
            allow_insecure_outbound_loopback: false,
            allow_insecure_outbound_private: false,
        }
    }
}

impl ServerConfig {
    /// Where requests to registered URLs (webhooks) may go.
    pub fn outbound_policy(&self) -> portcullis_idp::outbound::OutboundPolicy {
        portcullis_idp::outbound::OutboundPolicy {
            allow_insecure_loopback: self.allow_insecure_outbound_loopback,
            allow_insecure_private: self.allow_insecure_outbound_private,
        }
    }

    /// The issuer identifier, normalized to end with `/`, checked.
    pub fn issuer(&self) -> Result<String, ConfigError> {
        let raw = self
            .issuer
            .clone()
            .unwrap_or_else(|| format!("http://{}/", self.listen));
        let url = url::Url::parse(&raw)
            .map_err(|e| ConfigError(format!("issuer {raw:?} is not a URL: {e}")))?;
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
            return Err(ConfigError(format!(
                "issuer {raw:?} must not have a query, fragment or user"
            )));
        }
        let loopback = url.host_str().is_some_and(loopback_host);
        match url.scheme() {
            "https" => {}
            "http" if loopback || self.allow_insecure_http => {}
            "http" => {
                return Err(ConfigError(format!(
                    "issuer {raw:?} uses plain HTTP on a non-loopback host; use https (or set allow_insecure_http)"
                )));
            }
            other => {
                return Err(ConfigError(format!(
                    "issuer scheme {other:?} is not http(s)"
                )));
            }
        }
        let mut s = url.to_string();
        if !s.ends_with('/') {
            s.push('/');
        }
        Ok(s)
    }

    /// Checks every value; the first problem is returned with the field's name.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let issuer = self.issuer()?;
        if let Some(url) = &self.smtp_url {
            crate::mail::parse_smtp_url(url, self.allow_insecure_smtp)?;
        }
        crate::mail::parse_mail_from(self.mail_from.as_deref(), &issuer)?;
        let positive = [
            ("access_token_ttl", self.access_token_ttl),
            ("refresh_idle_ttl", self.refresh_idle_ttl),
            ("refresh_absolute_ttl", self.refresh_absolute_ttl),
        ];
        for (name, v) in positive {
            if v <= 0 {
                return Err(ConfigError(format!("{name} must be positive")));
            }
        }
        if self.refresh_idle_ttl > self.refresh_absolute_ttl {
            return Err(ConfigError(
                "refresh_idle_ttl must not exceed refresh_absolute_ttl".into(),
            ));
        }
        if self.access_token_ttl > 24 * 3600 {
            return Err(ConfigError(
                "access_token_ttl must be at most a day (86400)".into(),
            ));
        }
        if self.key_publish_delay < 0 {
            return Err(ConfigError("key_publish_delay must not be negative".into()));
        }
        if self.max_concurrent_hashes == 0 || self.body_limit < 1024 || self.request_timeout == 0 {
            return Err(ConfigError(
                "max_concurrent_hashes and request_timeout must be positive, body_limit at least 1024".into(),
            ));
        }
        if let Some(key) = &self.master_key {
            portcullis_idp::MasterKey::from_hex(key)
                .map_err(|e| ConfigError(format!("master_key: {e}")))?;
        }
        if let Some(url) = &self.database_url {
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                return Err(ConfigError(
                    "database_url must start with postgres:// (SQLite is the default)".into(),
                ));
            }
            if self.master_key.is_none() {
                return Err(ConfigError(
                    "PORTCULLIS_MASTER_KEY (master_key) is required with PostgreSQL: every node must share it".into(),
                ));
            }
        }
        Ok(())
    }
}
