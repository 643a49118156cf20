//! Per-subject rate limiting (a usage quota per caller): a route layer after the guard
//! that answers 429 with `Retry-After` when one caller exceeds its quota.

use std::future::Future;
use std::num::NonZeroU32;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::{Request, Response};
use tower_layer::Layer;
use tower_service::Service;

use crate::{Guard, GuardError, Principal, Rejection};

/// Limits requests per authenticated subject (`sub`). Anonymous requests are not
/// counted (put the limit after a required guard to cover every request).
///
/// ```
/// use std::num::NonZeroU32;
/// use portcullis::SubjectRateLimitLayer;
/// let limit = SubjectRateLimitLayer::per_minute(NonZeroU32::new(600).unwrap());
/// # let _ = limit;
/// ```
#[derive(Clone)]
pub struct SubjectRateLimitLayer {
    limiter: Arc<DefaultKeyedRateLimiter<String>>,
    calls: Arc<AtomicU64>,
}

impl std::fmt::Debug for SubjectRateLimitLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubjectRateLimitLayer")
            .finish_non_exhaustive()
    }
}

impl SubjectRateLimitLayer {
    /// A quota (see `governor::Quota`: a rate and a burst).
    pub fn new(quota: Quota) -> Self {
        SubjectRateLimitLayer {
            limiter: Arc::new(RateLimiter::keyed(quota)),
            calls: Arc::new(AtomicU64::new(0)),
        }
    }

    /// `n` requests per second per subject, bursts of `n`.
    pub fn per_second(n: NonZeroU32) -> Self {
        Self::new(Quota::per_second(n))
    }

    /// `n` requests per minute per subject, bursts of `n`.
    pub fn per_minute(n: NonZeroU32) -> Self {
        Self::new(Quota::per_minute(n))
    }

    /// `Err(retry_after)` when `subject` is over its quota.
    fn check(&self, subject: &str) -> Result<(), std::time::Duration> {
        // Keep the per-subject table bounded: forget idle subjects now and then.
        if self.calls.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&subject.to_owned())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

impl<S> Layer<S> for SubjectRateLimitLayer {
    type Service = SubjectRateLimit<S>;

    fn layer(&self, inner: S) -> Self::Service {
        SubjectRateLimit {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service of [`SubjectRateLimitLayer`].
#[derive(Clone)]
pub struct SubjectRateLimit<S> {
    inner: S,
    layer: SubjectRateLimitLayer,
}

impl<S> std::fmt::Debug for SubjectRateLimit<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubjectRateLimit").finish_non_exhaustive()
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for SubjectRateLimit<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ResBody: From<String> + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<ResBody>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        if let Some(principal) = req.extensions().get::<Principal>()
            && let Err(retry_after) = self.layer.check(principal.subject())
        {
            let err = GuardError::RateLimited { retry_after };
            let res = match req.extensions().get::<Guard>() {
                Some(g) => g.rejection(err).into_http(),
                None => Rejection::with_defaults(err).into_http(),
            };
            return Box::pin(async move { Ok(res) });
        }
        let fut = self.inner.call(req);
        Box::pin(fut)
    }
}
