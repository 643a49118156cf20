use tower_layer::Layer;

use super::{GuardService, Mode};
use crate::Guard;

/// Applies [`GuardService`] to a service. See the [module docs](crate::layer).
#[derive(Debug, Clone)]
pub struct GuardLayer {
    guard: Guard,
    mode: Mode,
}

impl GuardLayer {
    /// Requires a valid token.
    pub fn required(guard: Guard) -> Self {
        GuardLayer {
            guard,
            mode: Mode::Required,
        }
    }

    /// Verifies a token when present; lets anonymous requests through.
    pub fn optional(guard: Guard) -> Self {
        GuardLayer {
            guard,
            mode: Mode::Optional,
        }
    }
}

impl<S> Layer<S> for GuardLayer {
    type Service = GuardService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        GuardService::new(inner, self.guard.clone(), self.mode)
    }
}
