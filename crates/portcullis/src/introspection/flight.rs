//! Single flight: concurrent look-ups of one key share one call. The first caller runs
//! it; the others wait for its result. If the caller running it is cancelled, a waiting
//! one takes over (tokio's `OnceCell`), so nobody waits on a call no one makes.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::OnceCell;

type Cell<T> = Arc<OnceCell<T>>;

/// The calls in flight, by key.
pub(super) struct Flights<T> {
    running: Mutex<HashMap<String, Cell<T>>>,
}

impl<T> Default for Flights<T> {
    fn default() -> Self {
        Self {
            running: Mutex::new(HashMap::new()),
        }
    }
}

/// Removes a finished (or abandoned) flight from the map when its caller leaves.
struct Leave<'a, T> {
    flights: &'a Flights<T>,
    key: &'a str,
    cell: Cell<T>,
}

impl<T> Drop for Leave<'_, T> {
    fn drop(&mut self) {
        let mut running = self
            .flights
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let ours = running
            .get(self.key)
            .is_some_and(|c| Arc::ptr_eq(c, &self.cell));
        // Finished: later callers find the result in the answer cache. Abandoned by
        // everyone (only the map and this guard hold it): nothing to wait for.
        if ours && (self.cell.initialized() || Arc::strong_count(&self.cell) <= 2) {
            running.remove(self.key);
        }
    }
}

impl<T: Clone> Flights<T> {
    /// `call()`'s result, shared with every concurrent caller for the same `key`.
    pub(super) async fn run<F, Fut>(&self, key: &str, call: F) -> T
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        let cell = Arc::clone(
            self.running
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(key.to_owned())
                .or_default(),
        );
        let leave = Leave {
            flights: self,
            key,
            cell,
        };
        leave.cell.get_or_init(call).await.clone()
    }

    /// How many calls are in flight (tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn concurrent_callers_share_one_call_and_the_map_empties() {
        let flights = Flights::<u32>::default();
        let calls = AtomicUsize::new(0);
        let (open, rx) = tokio::sync::watch::channel(false);
        let call = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            let _ = rx.clone().wait_for(|open| *open).await;
            7
        };
        // Every caller is polled (and waiting) before the call is let through.
        let release = async {
            tokio::task::yield_now().await;
            open.send_replace(true);
        };
        let (a, b, c, ()) = tokio::join!(
            flights.run("k", call),
            flights.run("k", call),
            flights.run("k", call),
            release
        );
        assert_eq!([a, b, c], [7, 7, 7]);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(flights.len(), 0);
    }
}
