//! [`OutboundUrl`]: a URL the issuer may send a request to, parsed once.

use std::net::IpAddr;

use url::{Host, Url};

use super::{AddressClass, OutboundPolicy, classify, localhost_name};

/// The longest URL accepted.
const MAX_URL_LEN: usize = 2000;

/// Why a URL may not be the target of an outbound request. The messages are safe to
/// show to whoever gave the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutboundUrlError {
    /// Not an absolute URL with a host, too long, or with spaces or control characters.
    #[error("is not an absolute URL with a host (at most 2000 characters, no spaces)")]
    Malformed,
    /// The URL carries a user name or password.
    #[error("must not carry a user name or password")]
    UserInfo,
    /// The URL has a fragment, which a request cannot carry.
    #[error("must not have a fragment")]
    Fragment,
    /// Not `https` (plain `http` only to loopback, when the policy allows loopback).
    #[error("must use https")]
    Scheme,
    /// The host is an address of a class the policy does not reach.
    #[error("names a {0} address, which outbound requests may not reach")]
    Address(AddressClass),
    /// The host is `localhost` or a name under it, and loopback is not allowed.
    #[error("names this machine (localhost), which outbound requests may not reach")]
    Localhost,
}

impl std::fmt::Display for AddressClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Public => "public",
            Self::Loopback => "loopback",
            Self::Private => "private-network",
            Self::LinkLocal => "link-local",
            Self::Metadata => "cloud metadata",
            Self::Unspecified => "unspecified",
            Self::Multicast => "multicast",
            Self::Broadcast => "broadcast",
            Self::Reserved => "reserved",
        })
    }
}

/// A URL that passed an [`OutboundPolicy`]: absolute, HTTPS (or HTTP to loopback when
/// allowed), without user name, password or fragment, and whose host, when it is an
/// address, is one the policy reaches. Addresses are normalized first, so
/// `https://2130706433/` and `https://0177.0.0.1/` are `127.0.0.1`. A host name still
/// has to be checked when it is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundUrl(Url);

impl OutboundUrl {
    /// Parses and checks `raw` against `policy`.
    ///
    /// ```
    /// use portcullis_idp::outbound::{OutboundPolicy, OutboundUrlError};
    /// let strict = OutboundPolicy::default();
    /// assert!(strict.parse("https://hooks.example.com/portcullis").is_ok());
    /// assert_eq!(
    ///     strict.parse("http://localhost:1@192.0.2.2/"),
    ///     Err(OutboundUrlError::UserInfo)
    /// );
    /// ```
    pub fn parse(raw: &str, policy: &OutboundPolicy) -> Result<Self, OutboundUrlError> {
        if raw.len() > MAX_URL_LEN || raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(OutboundUrlError::Malformed);
        }
        let url = Url::parse(raw).map_err(|_| OutboundUrlError::Malformed)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(OutboundUrlError::UserInfo);
        }
        if url.fragment().is_some() {
            return Err(OutboundUrlError::Fragment);
        }
        let localhost = matches!(url.host(), Some(Host::Domain(name)) if localhost_name(name));
        let ip = host_ip(&url);
        if url.host().is_none() {
            return Err(OutboundUrlError::Malformed);
        }
        if localhost && !policy.allow_insecure_loopback {
            return Err(OutboundUrlError::Localhost);
        }
        if let Some(ip) = ip.filter(|ip| !policy.permits(*ip)) {
            return Err(OutboundUrlError::Address(classify(ip)));
        }
        let loopback = localhost || ip.is_some_and(|ip| classify(ip) == AddressClass::Loopback);
        match url.scheme() {
            "https" => Ok(Self(url)),
            "http" if loopback && policy.allow_insecure_loopback => Ok(Self(url)),
            _ => Err(OutboundUrlError::Scheme),
        }
    }

    /// The parsed URL (what a request must be sent to; never the text it came from).
    pub fn as_url(&self) -> &Url {
        &self.0
    }

    /// The URL's normal form.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The host when it is an IP address.
    pub fn ip(&self) -> Option<IpAddr> {
        host_ip(&self.0)
    }
}

fn host_ip(url: &Url) -> Option<IpAddr> {
    match url.host() {
        Some(Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        _ => None,
    }
}
