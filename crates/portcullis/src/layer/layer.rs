use tower_layer::Layer;

use super::{AuthService, Mode};
use crate::Guard;

/// Applies [`AuthService`] to a service. See the [module docs](crate::layer).
#[derive(Debug, Clone)]
pub struct AuthLayer {
    guard: Guard,
    mode: Mode,
}

impl AuthLayer {
    /// Requires a valid token.
    pub fn required(guard: Guard) -> Self {
        AuthLayer {
            guard,
            mode: Mode::Required,
        }
    }

    /// Verifies a token when present; lets anonymous requests through.
    pub fn optional(guard: Guard) -> Self {
        AuthLayer {
            guard,
            mode: Mode::Optional,
        }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = AuthService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AuthService::new(inner, self.guard.clone(), self.mode)
    }
}
