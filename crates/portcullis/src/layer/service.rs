use std::task::{Context, Poll};

use http::{Request, Response};
use portcullis_jwt::NumericDate;
use tower_service::Service;

use super::{Mode, ResponseFuture};
use crate::{Guard, GuardError};

/// Verifies the token of each request. See the [module docs](crate::layer).
#[derive(Debug, Clone)]
pub struct GuardService<S> {
    inner: S,
    guard: Guard,
    mode: Mode,
}

impl<S> GuardService<S> {
    pub(crate) fn new(inner: S, guard: Guard, mode: Mode) -> Self {
        GuardService { inner, guard, mode }
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for GuardService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send,
    ReqBody: Send + 'static,
    ResBody: From<String>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S, ReqBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<ReqBody>) -> Self::Future {
        let authenticator = self.guard.authenticator();
        req.extensions_mut().insert(self.guard.clone());
        let now = NumericDate::now();
        // A token seen before: straight from the cache, before its characters are read.
        let candidate = authenticator
            .source
            .cache_candidate(req.headers(), req.uri());
        if let Some(principal) = candidate.and_then(|token| authenticator.cached(token, now)) {
            req.extensions_mut().insert(principal);
            return ResponseFuture::calling(self.inner.call(req));
        }
        let token = match authenticator.source.extract_from(req.headers(), req.uri()) {
            Err(e) => return ResponseFuture::rejected(self.guard.rejection(e)),
            Ok(None) if self.mode == Mode::Required => {
                return ResponseFuture::rejected(
                    self.guard.rejection(GuardError::MissingCredentials),
                );
            }
            Ok(None) => return ResponseFuture::calling(self.inner.call(req)),
            Ok(Some(token)) => token,
        };
        // Not in the cache if it was the candidate (the same string); looked up otherwise.
        let cached = match candidate {
            Some(_) => None,
            None => authenticator.cached(token, now),
        };
        let ready = match cached {
            Some(principal) => Some(Ok(principal)),
            // Keys at hand (the common case): verified here, no future to box.
            None => authenticator.verify_ready(token, now),
        };
        match ready {
            Some(Ok(principal)) => {
                req.extensions_mut().insert(principal);
                return ResponseFuture::calling(self.inner.call(req));
            }
            Some(Err(e)) => return ResponseFuture::rejected(self.guard.rejection(e)),
            None => {}
        }
        // Slow path (keys to fetch, a token to introspect): verify asynchronously, then
        // call the service that was made ready.
        let token = token.to_owned();
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let guard = self.guard.clone();
        let verify =
            Box::pin(async move { guard.authenticator().verify_uncached(&token, now).await });
        ResponseFuture::verifying(verify, req, inner, self.guard.clone())
    }
}
