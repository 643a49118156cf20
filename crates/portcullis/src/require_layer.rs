//! ④ A route layer enforcing a [`Policy`] on requests the guard already verified.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_layer::Layer;
use tower_service::Service;

use crate::{Guard, GuardError, Policy, Principal, Rejection};

/// Applies a [`Policy`] to a route: 401 without a verified caller, 403 when denied (401
/// `insufficient_user_authentication` when a stronger or newer sign-in would do).
/// Put it inside [`crate::Guard::layer`] / [`crate::Guard::optional_layer`].
///
/// ```
/// use axum::{Router, routing::get};
/// use portcullis::Policy;
/// let admin: Router = Router::new()
///     .route("/api/messages/admin", get(|| async { "This is an admin message." }))
///     .route_layer(Policy::permission("read:admin-messages").layer());
/// ```
#[derive(Debug, Clone)]
pub struct RequireLayer {
    policy: Policy,
}

impl RequireLayer {
    /// A layer for `policy`.
    pub fn new(policy: Policy) -> Self {
        RequireLayer { policy }
    }
}

impl<S> Layer<S> for RequireLayer {
    type Service = RequireService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequireService {
            inner,
            policy: self.policy.clone(),
        }
    }
}

/// The service of [`RequireLayer`].
#[derive(Debug, Clone)]
pub struct RequireService<S> {
    inner: S,
    policy: Policy,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for RequireService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send,
    ReqBody: Send + 'static,
    ResBody: From<String> + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Response<ResBody>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let policy = self.policy.clone();
        Box::pin(async move {
            let render = |e: GuardError, guard: Option<&Guard>| -> Response<ResBody> {
                match guard {
                    Some(g) => g.rejection(e).into_http(),
                    None => Rejection::with_defaults(e).into_http(),
                }
            };
            let guard = req.extensions().get::<Guard>().cloned();
            let Some(principal) = req.extensions().get::<Principal>().cloned() else {
                let err = match guard {
                    Some(_) => GuardError::MissingCredentials,
                    None => GuardError::Misconfigured("policy layer without the portcullis layer"),
                };
                return Ok(render(err, guard.as_ref()));
            };
            if let Err(denied) = policy.evaluate(&principal).await {
                return Ok(render(denied.into(), guard.as_ref()));
            }
            inner.call(req).await
        })
    }
}
