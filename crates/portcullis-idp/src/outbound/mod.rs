//! The one policy for requests the issuer sends to URLs that others give it: webhooks
//! today, and every later feature that fetches a URL. A URL is parsed
//! ([`OutboundUrl`]): no user name or password, HTTPS only, no host that is this machine
//! or a private, link-local, metadata or otherwise special address. Host names are
//! checked again when the connection is made (the server's HTTP client resolves them
//! and refuses the same addresses), so DNS rebinding gains nothing.
//!
//! Loopback and private networks are reachable only through settings named as
//! weakening ([`OutboundPolicy`]); link-local, metadata, unspecified, multicast,
//! broadcast and reserved addresses never are.

mod address;
mod target;

use std::net::IpAddr;

pub use address::{AddressClass, classify};
pub use target::{OutboundUrl, OutboundUrlError};

/// Which destinations outbound requests may reach beyond public addresses. The default
/// allows public addresses only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboundPolicy {
    /// Development only, weakening: loopback addresses and `localhost` names are
    /// reachable, over plain HTTP too. Anyone who may register a URL can then make the
    /// issuer call services listening on its own machine.
    pub allow_insecure_loopback: bool,
    /// Weakening: private networks (RFC 1918, `fc00::/7`, `100.64/10`) are reachable,
    /// over HTTPS. Anyone who may register a URL can then make the issuer call internal
    /// services.
    pub allow_insecure_private: bool,
}

impl OutboundPolicy {
    /// Whether a connection to `ip` is allowed.
    ///
    /// ```
    /// use portcullis_idp::outbound::OutboundPolicy;
    /// let strict = OutboundPolicy::default();
    /// assert!(strict.permits("93.184.215.14".parse().unwrap()));
    /// assert!(!strict.permits("127.0.0.1".parse().unwrap()));
    /// ```
    pub fn permits(&self, ip: IpAddr) -> bool {
        match classify(ip) {
            AddressClass::Public => true,
            AddressClass::Loopback => self.allow_insecure_loopback,
            AddressClass::Private => self.allow_insecure_private,
            _ => false,
        }
    }

    /// `raw` parsed and checked against this policy.
    pub fn parse(&self, raw: &str) -> Result<OutboundUrl, OutboundUrlError> {
        OutboundUrl::parse(raw, self)
    }
}

/// Whether a host (as `Url::host_str` gives it: IPv6 in brackets) is `localhost` or a
/// loopback address: where plain HTTP is acceptable for redirects and local relays.
///
/// ```
/// use portcullis_idp::outbound::loopback_host;
/// assert!(loopback_host("localhost") && loopback_host("127.0.0.1") && loopback_host("[::1]"));
/// assert!(!loopback_host("localhost.evil.example") && !loopback_host("192.0.2.2"));
/// ```
pub fn loopback_host(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<IpAddr>()
            .is_ok_and(|ip| classify(ip) == AddressClass::Loopback)
}

/// Whether a domain name is `localhost` or under it (RFC 6761 §6.3: such names resolve
/// to loopback), with or without the final dot.
pub(crate) fn localhost_name(domain: &str) -> bool {
    let name = domain
        .strip_suffix('.')
        .unwrap_or(domain)
        .to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

#[cfg(test)]
mod tests;
