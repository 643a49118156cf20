//! [`Clock`]: where handlers get "now", so tests can move time.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The current time in seconds since the epoch: the system clock, or a settable one.
///
/// ```
/// use portcullis_server::Clock;
/// let clock = Clock::manual(1_700_000_000);
/// clock.advance(60);
/// assert_eq!(clock.now(), 1_700_000_060);
/// assert!(Clock::system().now() > 1_700_000_000);
/// ```
#[derive(Debug, Clone)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(None)
    }

    /// A clock that moves only when told.
    pub fn manual(start: i64) -> Self {
        Self(Some(Arc::new(AtomicI64::new(start))))
    }

    /// Moves a manual clock forward (no effect on the system clock).
    pub fn advance(&self, secs: i64) {
        if let Some(t) = &self.0 {
            t.fetch_add(secs, Ordering::SeqCst);
        }
    }

    /// Now.
    pub fn now(&self) -> i64 {
        match &self.0 {
            Some(t) => t.load(Ordering::SeqCst),
            None => portcullis_jwt::NumericDate::now().as_secs(),
        }
    }
}
