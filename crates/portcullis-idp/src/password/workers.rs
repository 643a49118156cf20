//! A fixed set of threads for password hashing.
//!
//! Not tokio's blocking pool: each argon2 call allocates its 19 MiB matrix, and glibc
//! keeps freed memory in per-thread arenas, so a growing, changing set of blocking
//! threads ratchets the resident size up to hundreds of MiB under a login flood
//! (measured: 620–740 MiB, see `bench/RESULTS.md`). A fixed set of `n` threads bounds it
//! to about `n` matrices. No crate offers just this, so it is a channel and a loop.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::{IdpError, Result};

type Job = Box<dyn FnOnce() + Send>;

/// Handle to the threads; they stop when the last handle is dropped.
#[derive(Clone)]
pub(super) struct Workers {
    jobs: SyncSender<Job>,
}

impl Workers {
    /// Starts `n` threads. Callers bound concurrency to `n` themselves (the hasher's
    /// semaphore), so the channel never holds more than a few jobs.
    pub(super) fn start(n: usize) -> Result<Self> {
        let (jobs, rx) = sync_channel::<Job>(n);
        let rx: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(rx));
        for i in 0..n {
            let rx = Arc::clone(&rx);
            std::thread::Builder::new()
                .name(format!("portcullis-argon2-{i}"))
                .spawn(move || {
                    loop {
                        let job = rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                        match job {
                            Ok(job) => job(),
                            Err(_) => break,
                        }
                    }
                })
                .map_err(|e| IdpError::Keys(format!("cannot start hashing threads: {e}")))?;
        }
        Ok(Self { jobs })
    }

    /// Runs `f` on a worker and waits for its result.
    pub(super) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(f());
        });
        let jobs = self.jobs.clone();
        // `send` blocks only if all workers are busy and the channel is full, which the
        // caller's semaphore prevents; keep it off the async threads anyway.
        tokio::task::spawn_blocking(move || jobs.send(job))
            .await
            .map_err(|_| IdpError::Keys("password hashing queue failed".into()))?
            .map_err(|_| IdpError::Keys("password hashing threads stopped".into()))?;
        rx.await
            .map_err(|_| IdpError::Keys("password hashing task failed".into()))
    }
}
