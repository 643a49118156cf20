//! [`OutboundClient`]: the one HTTP client for requests to URLs that others registered
//! (webhooks now, every later feature that fetches a URL). Each request passes the
//! [`OutboundPolicy`] twice: on its URL, and on every address the host name resolves to,
//! in the resolver the connection uses, so a name that changes its answer between the
//! check and the connection (DNS rebinding) still cannot reach a refused address. No
//! proxy, no redirects, short timeouts. Failures come back coarse
//! ([`OutboundFailure`]); the detail goes to the server log only.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use portcullis_idp::outbound::{AddressClass, OutboundPolicy, classify};

/// What [`Lookup::lookup`] returns.
pub type LookupFuture = Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send>>;

/// Resolves a host name to addresses. The system resolver is the default; every answer
/// is filtered by the policy whichever resolver gave it.
pub trait Lookup: Send + Sync + 'static {
    /// The addresses of `host`.
    fn lookup(&self, host: &str) -> LookupFuture;
}

/// The operating system's resolver.
struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: &str) -> LookupFuture {
        let host = host.to_owned();
        Box::pin(async move {
            Ok(tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .map(|a| a.ip())
                .collect())
        })
    }
}

/// A host name resolved to an address the policy does not reach. Logged, never shown.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves to a {class} address, which outbound requests may not reach")]
struct RefusedAddress {
    host: String,
    class: AddressClass,
}

/// The resolver every connection uses: resolves, then refuses the whole answer when any
/// address in it is one the policy does not reach.
struct GuardedResolver {
    policy: OutboundPolicy,
    lookup: Arc<dyn Lookup>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        let answer = self.lookup.lookup(&host);
        let policy = self.policy;
        Box::pin(async move {
            let ips = answer.await?;
            if let Some(bad) = ips.iter().find(|ip| !policy.permits(**ip)) {
                let class = classify(*bad);
                return Err(Box::new(RefusedAddress { host, class }) as _);
            }
            if ips.is_empty() {
                return Err(Box::new(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("{host} has no addresses"),
                )) as _);
            }
            let addrs: reqwest::dns::Addrs =
                Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

/// Why an outbound request did not succeed, as much as whoever registered the URL may
/// learn: which addresses exist, which ports answer and what they said would make the
/// issuer a scanner of the networks it sits in, so none of that is here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OutboundFailure {
    /// The URL breaks the outbound policy (it was registered under a laxer one).
    #[error("not sent: the URL is not allowed by the outbound policy")]
    NotAllowed,
    /// No connection: the name did not resolve, resolved to an address the policy does
    /// not reach, or the connection or TLS handshake failed.
    #[error("not delivered: the endpoint could not be reached")]
    Unreachable,
    /// The endpoint did not answer in time.
    #[error("not delivered: the endpoint did not answer in time")]
    TimedOut,
    /// The endpoint answered, without a 2xx status.
    #[error("not delivered: the endpoint did not answer with success (2xx)")]
    Rejected,
    /// The answer was larger than the caller reads.
    #[error("the endpoint's answer was too large")]
    TooLarge,
}

/// An answer read by [`OutboundClient::send`].
#[derive(Debug, Clone)]
pub struct OutboundAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The body (at most the limit asked for).
    pub body: Vec<u8>,
}

/// The HTTP client for registered URLs. Cheap to clone.
#[derive(Debug, Clone)]
pub struct OutboundClient {
    http: reqwest::Client,
    policy: OutboundPolicy,
}

impl OutboundClient {
    /// A client under `policy`, resolving with the system resolver.
    pub fn new(policy: OutboundPolicy) -> Result<Self, reqwest::Error> {
        Self::with_lookup(policy, Arc::new(SystemLookup))
    }

    /// A client under `policy`, resolving with `lookup` (whose answers the policy still
    /// filters).
    pub fn with_lookup(
        policy: OutboundPolicy,
        lookup: Arc<dyn Lookup>,
    ) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(10))
            .dns_resolver(Arc::new(GuardedResolver { policy, lookup }))
            .user_agent(concat!("Portcullis/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { http, policy })
    }

    /// A client under `policy` whose requests give up after `timeout` (connecting after
    /// at most 3 s).
    pub fn with_timeout(policy: OutboundPolicy, timeout: Duration) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout.min(Duration::from_secs(3)))
            .timeout(timeout)
            .dns_resolver(Arc::new(GuardedResolver {
                policy,
                lookup: Arc::new(SystemLookup),
            }))
            .user_agent(concat!("Portcullis/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { http, policy })
    }

    /// GETs `url` (`form` `None`) or POSTs `form` to it, with `headers`: the answer,
    /// whatever its status, its body read up to `max_body` bytes (more is
    /// [`OutboundFailure::TooLarge`]).
    pub async fn send(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        form: Option<&[(&str, &str)]>,
        max_body: usize,
    ) -> Result<OutboundAnswer, OutboundFailure> {
        let url = self.policy.parse(url).map_err(|e| {
            tracing::warn!(error = %e, "outbound URL refused");
            OutboundFailure::NotAllowed
        })?;
        let mut request = match form {
            Some(form) => self.http.post(url.as_url().clone()).form(form),
            None => self.http.get(url.as_url().clone()),
        };
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut answer = request.send().await.map_err(|e| failure_of(&e))?;
        let status = answer.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = answer.chunk().await.map_err(|e| failure_of(&e))? {
            if body.len() + chunk.len() > max_body {
                return Err(OutboundFailure::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(OutboundAnswer { status, body })
    }

    /// POSTs `body` as JSON with `headers` to `url`; `Ok` when the answer is 2xx.
    pub async fn post_json(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: String,
    ) -> Result<(), OutboundFailure> {
        let url = self.policy.parse(url).map_err(|e| {
            tracing::warn!(error = %e, "outbound URL refused");
            OutboundFailure::NotAllowed
        })?;
        let mut request = self
            .http
            .post(url.as_url().clone())
            .header(http::header::CONTENT_TYPE, "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        match request.body(body).send().await {
            Ok(answer) if answer.status().is_success() => Ok(()),
            Ok(answer) => {
                tracing::info!(status = answer.status().as_u16(), url = %url.as_str(), "outbound request answered without success");
                Err(OutboundFailure::Rejected)
            }
            Err(e) => Err(failure_of(&e)),
        }
    }
}

/// The coarse failure of a request error; its detail goes to the log.
fn failure_of(e: &reqwest::Error) -> OutboundFailure {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if let Some(refused) = c.downcast_ref::<RefusedAddress>() {
            tracing::warn!(error = %refused, "outbound request refused at connect time");
            return OutboundFailure::Unreachable;
        }
        cause = c.source();
    }
    tracing::info!(error = %e, "outbound request failed");
    if e.is_timeout() {
        OutboundFailure::TimedOut
    } else {
        OutboundFailure::Unreachable
    }
}
