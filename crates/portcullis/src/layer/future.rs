use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use http::{Request, Response};
use pin_project_lite::pin_project;
use tower_service::Service;

use crate::{Guard, GuardError, Principal, Rejection};

type Verify = Pin<Box<dyn Future<Output = Result<Principal, GuardError>> + Send>>;

pin_project! {
    /// Response future of [`super::GuardService`].
    pub struct ResponseFuture<S: Service<Request<B>>, B> {
        #[pin]
        state: State<S, B>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<S: Service<Request<B>>, B> {
        Verifying { verify: Verify, req: Option<Request<B>>, inner: S, guard: Guard },
        Calling { #[pin] fut: S::Future },
        Rejected { rejection: Option<Rejection> },
    }
}

impl<S: Service<Request<B>>, B> ResponseFuture<S, B> {
    pub(super) fn calling(fut: S::Future) -> Self {
        ResponseFuture {
            state: State::Calling { fut },
        }
    }

    pub(super) fn rejected(rejection: Rejection) -> Self {
        ResponseFuture {
            state: State::Rejected {
                rejection: Some(rejection),
            },
        }
    }

    pub(super) fn verifying(verify: Verify, req: Request<B>, inner: S, guard: Guard) -> Self {
        ResponseFuture {
            state: State::Verifying {
                verify,
                req: Some(req),
                inner,
                guard,
            },
        }
    }
}

impl<S, B, ResBody> Future for ResponseFuture<S, B>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    ResBody: From<String>,
{
    type Output = Result<Response<ResBody>, S::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        loop {
            let next = match this.state.as_mut().project() {
                StateProj::Calling { fut } => return fut.poll(cx),
                StateProj::Rejected { rejection } => {
                    let rejection = rejection.take();
                    return Poll::Ready(Ok(match rejection {
                        Some(r) => r.into_http(),
                        None => Rejection::with_defaults(GuardError::Misconfigured(
                            "future polled after completion",
                        ))
                        .into_http(),
                    }));
                }
                StateProj::Verifying {
                    verify,
                    req,
                    inner,
                    guard,
                } => match ready!(verify.as_mut().poll(cx)) {
                    Err(e) => State::Rejected {
                        rejection: Some(guard.rejection(e)),
                    },
                    Ok(principal) => match req.take() {
                        Some(mut req) => {
                            req.extensions_mut().insert(principal);
                            State::Calling {
                                fut: inner.call(req),
                            }
                        }
                        None => State::Rejected {
                            rejection: Some(
                                guard.rejection(GuardError::Misconfigured("request already taken")),
                            ),
                        },
                    },
                },
            };
            this.state.set(next);
        }
    }
}
