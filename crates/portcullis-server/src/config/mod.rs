//! [`ServerConfig`]: every setting of `portcullis serve`, with safe defaults, each
//! declared once below. The CLI lays its sources over the defaults as
//! [`ConfigLayer`]s, in this order: an optional TOML file, the environment variables,
//! the flags (each named in [`SETTINGS`]).

mod setting;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use portcullis_idp::Secret;
use serde::Deserialize;
use thiserror::Error;

pub use setting::{Group, Setting};
use setting::{SettingValue, settings};

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

settings! {
    /// Settings of the issuer, with safe defaults. Durations are
    /// [`Duration`]s; as text (a flag, an environment variable, a TOML string) they are
    /// whole seconds (`900`) or a number with a unit (`30s`, `15m`, `2h`, `14d`), and a
    /// TOML integer is seconds.
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
    pub struct ServerConfig;

    /// Address to listen on (default `127.0.0.1:8080`).
    [Server] listen: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 8080)), env PORTCULLIS_LISTEN;
    /// The public URL of the issuer, the `iss` of every token (default
    /// `http://<listen>/`). HTTPS is required except on loopback. Port 0 in it stands for
    /// the port bound (`--listen 127.0.0.1:0 --issuer http://localhost:0/`).
    [Server] issuer: Option<String> = None, env PORTCULLIS_ISSUER;
    /// Directory of the embedded SQLite database and the master key file (default
    /// `./portcullis-data`, created on first start).
    [Storage] data_dir: PathBuf = PathBuf::from("./portcullis-data"), env PORTCULLIS_DATA_DIR;
    /// `postgres://…` to use PostgreSQL instead of SQLite (several servers may share it).
    /// Secret: it may hold the database password.
    [Storage] database_url: Option<Secret> = None, env DATABASE_URL;
    /// 64 hex digits sealing the signing keys at rest. Required with PostgreSQL (every
    /// node needs the same one); with SQLite, a key file in `data_dir` is used otherwise.
    [Storage] master_key: Option<Secret> = None, env PORTCULLIS_MASTER_KEY;
    /// Algorithm of new signing keys: `ES256` (the default), `RS256` or `EdDSA`.
    [Server] signing_alg: SigningAlg = SigningAlg::ES256, env PORTCULLIS_SIGNING_ALG;
    /// Access token lifetime (default 15 minutes, at most a day).
    [Server] access_token_ttl: Duration = Duration::from_secs(15 * 60), env PORTCULLIS_ACCESS_TOKEN_TTL;
    /// Refresh tokens unused this long expire (default 14 days).
    [Server] refresh_idle_ttl: Duration = Duration::from_secs(14 * DAY), env PORTCULLIS_REFRESH_IDLE_TTL;
    /// Sessions end this long after login (default 90 days).
    [Server] refresh_absolute_ttl: Duration = Duration::from_secs(90 * DAY), env PORTCULLIS_REFRESH_ABSOLUTE_TTL;
    /// Audience of tokens whose request names none (default: the issuer itself).
    [Server] default_audience: Option<String> = None, env PORTCULLIS_DEFAULT_AUDIENCE;
    /// How long a staged key is published before it signs (default 15 minutes: longer
    /// than verifiers cache the JWKS, see `jwks_max_age`).
    [Server] key_publish_delay: Duration = Duration::from_secs(15 * 60), env PORTCULLIS_KEY_PUBLISH_DELAY;
    /// `Cache-Control: max-age` of JWKS and discovery (default 5 minutes).
    [Server] jwks_max_age: Duration = Duration::from_secs(5 * 60), env PORTCULLIS_JWKS_MAX_AGE;
    /// Password hashes computed at once (default: the CPU count; each takes 19 MiB).
    [Server] max_concurrent_hashes: usize = std::thread::available_parallelism()
        .map_or(2, std::num::NonZero::get), env PORTCULLIS_MAX_CONCURRENT_HASHES;
    /// Longest wait for a hashing slot before answering 503 (default 5 seconds).
    [Server] hash_queue_timeout: Duration = Duration::from_secs(5), env PORTCULLIS_HASH_QUEUE_TIMEOUT;
    /// Requests taking longer are cut with 408 (default 10 seconds).
    [Server] request_timeout: Duration = Duration::from_secs(10), env PORTCULLIS_REQUEST_TIMEOUT;
    /// How long the issuer waits for another identity provider (its discovery document,
    /// keys, token endpoint, user info) before the sign-in through it fails with a page
    /// saying so.
    [Server] upstream_timeout: Duration = Duration::from_secs(5), env PORTCULLIS_UPSTREAM_TIMEOUT;
    /// Largest accepted request body in bytes (default 65536, at least 1024).
    [Server] body_limit: usize = 64 * 1024, env PORTCULLIS_BODY_LIMIT;
    /// Requests per minute per client IP on sign-up, login, token and revocation
    /// endpoints, and on introspection calls that do not authenticate (default 120;
    /// bursts of a quarter of it).
    [Server] rate_limit_per_minute: u32 = 120, env PORTCULLIS_RATE_LIMIT_PER_MINUTE;
    /// Introspection calls per minute per authenticated client (default 6000; bursts of
    /// a quarter of it). Per client, not per IP: a resource server's quota is its own.
    [Server] introspection_rate_limit_per_minute: u32 = 6000, env PORTCULLIS_INTROSPECTION_RATE_LIMIT_PER_MINUTE;
    /// Proxies whose `X-Forwarded-For` names the client (default: none, so the peer
    /// address is the client). In TOML an array; as text, separated by commas.
    [Server] trusted_proxies: Vec<IpAddr> = Vec::new(), env PORTCULLIS_TRUSTED_PROXIES;
    /// Accept an `http://` issuer URL on a non-loopback host. Insecure: tokens and
    /// passwords would cross the network in clear text.
    [Server] allow_insecure_http: bool = false, env PORTCULLIS_ALLOW_INSECURE_HTTP;
    /// Relay for verification, reset and invitation mail:
    /// `smtps://user:password@host[:465]` (TLS) or `smtp://user:password@host[:587]`
    /// (STARTTLS required; plain only to a loopback relay). Without it, mail stays in
    /// the outbox (`portcullis outbox`). Secret: it holds the relay password.
    [Server] smtp_url: Option<Secret> = None, env PORTCULLIS_SMTP_URL;
    /// Sender of that mail (default `Portcullis <no-reply@issuer-host>`).
    [Server] mail_from: Option<String> = None, env PORTCULLIS_MAIL_FROM;
    /// Speak plain SMTP (no TLS) to a non-loopback relay. Insecure: the relay password
    /// and every link would cross the network in clear text.
    [Server] allow_insecure_smtp: bool = false, env PORTCULLIS_ALLOW_INSECURE_SMTP;
    /// Let accounts sign in before their address is confirmed, and have sign-up return
    /// tokens at once. Weaker: sign-up then tells anyone whether an address has an
    /// account (409), and accounts can hold addresses their owners do not control.
    [Server] allow_unverified_email: bool = false, env PORTCULLIS_ALLOW_UNVERIFIED_EMAIL;
    /// Every user must sign in with a second factor; a user without one sets up an
    /// authenticator app during their next sign-in. (Organizations, roles and clients
    /// can require it of their own through the admin API.)
    [Server] mfa_required: bool = false, env PORTCULLIS_MFA_REQUIRED;
    /// Let users sign in with a code sent by email instead of a password (the hosted
    /// sign-in page offers it). Each code works once, for ten minutes; a few go to one
    /// address per ten minutes; the form answers the same for unknown addresses. On in
    /// the demo.
    [Server] email_sign_in: bool = false, env PORTCULLIS_EMAIL_SIGN_IN;
    /// Let webhooks (and every other request the issuer sends to a registered URL) reach
    /// loopback addresses and `localhost`, over plain HTTP too. Development only,
    /// insecure: whoever may register a webhook can then make the issuer call any
    /// service on its own machine.
    [Server] allow_insecure_outbound_loopback: bool = false, env PORTCULLIS_ALLOW_INSECURE_OUTBOUND_LOOPBACK;
    /// Let webhooks (and every other request the issuer sends to a registered URL) reach
    /// private networks (RFC 1918, `fc00::/7`, `100.64/10`) over HTTPS. Insecure:
    /// whoever may register a webhook can then make the issuer call internal services.
    /// Link-local and cloud metadata addresses stay unreachable.
    [Server] allow_insecure_outbound_private: bool = false, env PORTCULLIS_ALLOW_INSECURE_OUTBOUND_PRIVATE;
    /// The passkeys' relying party ID (default: the issuer's host). It may be a
    /// registrable suffix of the host (`example.com` for `https://id.example.com/`).
    /// Registered passkeys are bound to it: changing it makes them unusable. Passkeys
    /// are off on an issuer with an IP address as its host (use `localhost`).
    [Server] passkey_rp_id: Option<String> = None, env PORTCULLIS_PASSKEY_RP_ID;
    /// Origins besides the issuer's own whose pages may use its passkeys, each within
    /// the RP ID (default: none). In TOML an array; as text, separated by commas.
    [Server] passkey_origins: Vec<String> = Vec::new(), env PORTCULLIS_PASSKEY_ORIGINS;
}

/// Seconds in a day.
const DAY: u64 = 24 * 3600;

/// Whole seconds of `d`, as the domain counts time.
pub(crate) fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

impl ServerConfig {
    /// Where requests to registered URLs (webhooks) may go.
    pub fn outbound_policy(&self) -> portcullis_idp::outbound::OutboundPolicy {
        portcullis_idp::outbound::OutboundPolicy {
            allow_insecure_loopback: self.allow_insecure_outbound_loopback,
            allow_insecure_private: self.allow_insecure_outbound_private,
        }
    }

    /// The passkeys' relying party as configured.
    pub fn passkey_settings(&self) -> portcullis_idp::PasskeySettings {
        portcullis_idp::PasskeySettings {
            rp_id: self.passkey_rp_id.clone(),
            origins: self.passkey_origins.clone(),
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
            crate::smtp::parse_smtp_url(url.expose(), self.allow_insecure_smtp)?;
        }
        crate::smtp::parse_mail_from(self.mail_from.as_deref(), &issuer)?;
        // Configured passkeys must work; unconfigured ones are off on an IP address.
        if self.passkey_rp_id.is_some() || !self.passkey_origins.is_empty() {
            self.passkey_settings()
                .resolve(&issuer)
                .map_err(|e| ConfigError(format!("passkey_rp_id / passkey_origins: {e}")))?;
        }
        let positive = [
            ("access_token_ttl", self.access_token_ttl),
            ("refresh_idle_ttl", self.refresh_idle_ttl),
            ("refresh_absolute_ttl", self.refresh_absolute_ttl),
            ("request_timeout", self.request_timeout),
        ];
        for (name, v) in positive {
            if v.as_secs() == 0 {
                return Err(ConfigError(format!("{name} must be at least a second")));
            }
        }
        if self.refresh_idle_ttl > self.refresh_absolute_ttl {
            return Err(ConfigError(
                "refresh_idle_ttl must not exceed refresh_absolute_ttl".into(),
            ));
        }
        if self.access_token_ttl > Duration::from_secs(DAY) {
            return Err(ConfigError(
                "access_token_ttl must be at most a day (86400)".into(),
            ));
        }
        if self.max_concurrent_hashes == 0 {
            return Err(ConfigError("max_concurrent_hashes must be positive".into()));
        }
        if self.body_limit < 1024 {
            return Err(ConfigError("body_limit must be at least 1024".into()));
        }
        if let Some(key) = &self.master_key {
            portcullis_idp::MasterKey::from_hex(key.expose())
                .map_err(|e| ConfigError(format!("master_key: {e}")))?;
        }
        if let Some(url) = &self.database_url {
            let url = url.expose();
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
