//! Per-client-IP rate limits on the endpoints that take credentials or create things
//! (sign-up, logins, token, revocation, and introspection calls that do not
//! authenticate): 429 with `Retry-After`. In memory, per node (per-account throttling is
//! the cross-node defence; this one stops a single source from flooding). The client IP
//! is the peer address, or, when the peer is a configured trusted proxy, the last
//! `X-Forwarded-For` hop that is not one. An IPv6 client is counted by its /64 (one
//! subscriber's network: a host picks any address in it at will); an IPv4-mapped address
//! counts as the IPv4 address.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock, QuantaInstant};
use governor::{DefaultKeyedRateLimiter, NotUntil, Quota, RateLimiter};
use portcullis_proto::MessageBody;

/// The limiter and who may speak for clients.
#[derive(Clone)]
pub(crate) struct IpLimit {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    trusted_proxies: Arc<Vec<IpAddr>>,
}

impl std::fmt::Debug for IpLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IpLimit")
            .field("trusted_proxies", &self.trusted_proxies)
            .finish_non_exhaustive()
    }
}

/// `per_minute` requests, with bursts of a quarter of that (at least 5).
pub(crate) fn quota(per_minute: u32) -> Quota {
    let rate = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new((per_minute / 4).max(5)).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(rate).allow_burst(burst)
}

/// Over a limit: answered 429 with `Retry-After` in whole seconds.
#[derive(Debug)]
pub(crate) struct Limited {
    retry_after: u64,
}

impl Limited {
    /// When the limiter lets the next request through.
    pub(crate) fn until(not_until: &NotUntil<QuantaInstant>) -> Self {
        metrics::counter!("portcullis_rate_limited_total").increment(1);
        Self {
            retry_after: not_until
                .wait_time_from(DefaultClock::default().now())
                .as_secs()
                .max(1),
        }
    }
}

impl IntoResponse for Limited {
    fn into_response(self) -> Response {
        let mut res = (
            StatusCode::TOO_MANY_REQUESTS,
            axum::Json(MessageBody::new("Too many requests")),
        )
            .into_response();
        if let Ok(v) = HeaderValue::from_str(&self.retry_after.to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}

/// The peer address a request came from, if the server recorded it.
pub(crate) fn peer(extensions: &axum::http::Extensions) -> Option<IpAddr> {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

impl IpLimit {
    /// `per_minute` requests per IP, with bursts of a quarter of that (at least 5).
    pub(crate) fn new(per_minute: u32, trusted_proxies: Vec<IpAddr>) -> Self {
        Self {
            limiter: Arc::new(RateLimiter::keyed(quota(per_minute))),
            trusted_proxies: Arc::new(trusted_proxies),
        }
    }

    /// Counts one request of the client at `peer`: the 429 answer if it is over.
    pub(crate) fn check(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Result<(), Limited> {
        let ip = limit_key(self.client_ip(peer, headers));
        self.limiter
            .check_key(&ip)
            .map_err(|not_until| Limited::until(&not_until))
    }

    /// Forgets idle clients (bounds memory); call periodically.
    pub(crate) fn forget_idle(&self) {
        self.limiter.retain_recent();
    }

    fn client_ip(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> IpAddr {
        let peer = peer.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        let hops: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|h| h.trim().parse().ok())
            .collect();
        hops.into_iter()
            .rev()
            .find(|ip| !self.trusted_proxies.contains(ip))
            .unwrap_or(peer)
    }
}

/// The key a client address is counted under: IPv4 as is, IPv6 by its /64.
fn limit_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(
                u128::from(v6) & !u128::from(u64::MAX),
            )),
        },
    }
}

/// The middleware.
pub(crate) async fn limit(State(limit): State<IpLimit>, req: Request, next: Next) -> Response {
    match limit.check(peer(req.extensions()), req.headers()) {
        Ok(()) => next.run(req).await,
        Err(limited) => limited.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let limit = IpLimit::new(60, vec![proxy]);
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.9, 10.0.0.1"),
        );
        assert_eq!(
            limit.client_ip(Some(proxy), &h),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        let direct: IpAddr = "198.51.100.7".parse().unwrap();
        assert_eq!(
            limit.client_ip(Some(direct), &h),
            direct,
            "a client cannot spoof its address"
        );
        h.insert("x-forwarded-for", HeaderValue::from_static("garbage"));
        assert_eq!(limit.client_ip(Some(proxy), &h), proxy);
    }

    #[test]
    fn an_ipv6_network_counts_as_one_client() {
        let key = |s: &str| limit_key(s.parse().unwrap());
        // Two addresses of one /64 (RFC 3849 documentation prefix) share a count;
        // another /64 does not.
        assert_eq!(
            key("2001:db8:1:2::1"),
            key("2001:db8:1:2:ffff:ffff:ffff:ffff")
        );
        assert_eq!(
            key("2001:db8:1:2:abcd::9"),
            "2001:db8:1:2::".parse::<IpAddr>().unwrap()
        );
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:198.51.100.7"), key("198.51.100.7"));
        assert_ne!(key("198.51.100.7"), key("198.51.100.8"));
    }
}
