//! [`AppState`]: what every handler receives.

use metrics_exporter_prometheus::PrometheusHandle;
use portcullis_idp::Idp;

use crate::clock::Clock;

/// Shared state: the domain, the clock, the metrics handle, and the JWKS retention.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The identity provider.
    pub idp: Idp,
    /// Where "now" comes from.
    pub clock: Clock,
    /// Renders `/metrics`.
    pub metrics: PrometheusHandle,
    /// How long a retired key stays published (seconds).
    pub retain_retired_keys: i64,
    /// `Cache-Control: max-age` of the JWKS and discovery documents (seconds).
    pub jwks_max_age: u64,
    /// Seconds a staged key is published before it signs.
    pub key_publish_delay: i64,
    /// Per-client-IP limits on the credential endpoints.
    pub(crate) ip_limit: crate::ip_limit::IpLimit,
    /// Per-client limits on introspection.
    pub(crate) client_limit: crate::client_limit::ClientLimit,
    /// Mail asked for through the hosted forms (reset links, sign-in codes), waiting
    /// for its worker.
    pub(crate) mail: crate::mail_requests::MailRequests,
    /// The client for other identity providers.
    pub(crate) upstreams: crate::upstream::Upstreams,
}
