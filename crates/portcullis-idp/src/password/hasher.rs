//! argon2id hashing on the blocking pool, with bounded concurrency.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use tokio::sync::Semaphore;

use super::workers::Workers;
use crate::error::{IdpError, Result};
use crate::secret::Secret;

/// What a password check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verification {
    /// The password matched.
    pub ok: bool,
    /// It matched a hash made with other parameters: store a fresh hash.
    pub needs_rehash: bool,
}

/// Hashes and verifies passwords with argon2id (OWASP's m=19 MiB, t=2, p=1 by default).
/// Each hash runs on a fixed set of worker threads (see `workers.rs`); at most `max_concurrent` run at once and a
/// caller waits at most `queue_timeout` for a slot before getting [`IdpError::Busy`], so a
/// login flood cannot exhaust memory or starve the runtime. Unknown users are checked
/// against a dummy hash so that the answer takes the same time.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    permits: Arc<Semaphore>,
    queue_timeout: Duration,
    dummy: Arc<String>,
    workers: Workers,
    /// argon2 computations run so far (hashes and checks).
    jobs: Arc<std::sync::atomic::AtomicU64>,
    /// Computations running now, and the most that ever ran at once.
    running: Arc<(AtomicU64, AtomicU64)>,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("m_cost", &self.params.m_cost())
            .field("t_cost", &self.params.t_cost())
            .field("p_cost", &self.params.p_cost())
            .finish_non_exhaustive()
    }
}

fn argon(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

fn hash_blocking(params: &Params, password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon(params)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| IdpError::Keys(format!("argon2: {e}")))
}

impl PasswordHasher {
    /// The production parameters: m = 19 MiB, t = 2, p = 1.
    pub fn new(max_concurrent: usize, queue_timeout: Duration) -> Result<Self> {
        Self::with_params(19 * 1024, 2, 1, max_concurrent, queue_timeout)
    }

    /// Custom parameters (tests use small ones; production should not).
    pub fn with_params(
        m_kib: u32,
        t: u32,
        p: u32,
        max_concurrent: usize,
        queue_timeout: Duration,
    ) -> Result<Self> {
        let params = Params::new(m_kib, t, p, None)
            .map_err(|e| IdpError::Keys(format!("argon2 parameters: {e}")))?;
        let dummy = hash_blocking(&params, "portcullis dummy password for unknown users")?;
        Ok(Self {
            params,
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            workers: Workers::start(max_concurrent.max(1))?,
            queue_timeout,
            dummy: Arc::new(dummy),
            jobs: Arc::default(),
            running: Arc::default(),
        })
    }

    /// How many argon2 computations (hashes and checks) this hasher and its clones have
    /// run. Paths that must not tell an attacker anything (a known or unknown address)
    /// must run the same number; tests compare it.
    ///
    /// ```
    /// # tokio_test_block_on(async {
    /// use std::time::Duration;
    /// let hasher = portcullis_idp::PasswordHasher::with_params(64, 1, 1, 1, Duration::from_secs(5)).unwrap();
    /// let unknown = portcullis_idp::Secret::new("whatever".into());
    /// hasher.verify(None, &unknown).await.unwrap();
    /// assert_eq!(hasher.jobs(), 1, "an unknown user costs one check too");
    /// # });
    /// # fn tokio_test_block_on(f: impl std::future::Future<Output = ()>) {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
    /// # }
    /// ```
    pub fn jobs(&self) -> u64 {
        self.jobs.load(Ordering::Relaxed)
    }

    /// The most argon2 computations this hasher and its clones have run at the same
    /// time. Tests use it to show that per-account throttling lets one check at a time
    /// through.
    pub fn peak_concurrency(&self) -> u64 {
        self.running.1.load(Ordering::SeqCst)
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(Params) -> T + Send + 'static,
    ) -> Result<T> {
        let permit = tokio::time::timeout(self.queue_timeout, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| IdpError::Busy)?
            .map_err(|_| IdpError::Busy)?;
        let params = self.params.clone();
        self.jobs.fetch_add(1, Ordering::Relaxed);
        let running = Arc::clone(&self.running);
        self.workers
            .run(move || {
                let _permit = permit;
                let now = running.0.fetch_add(1, Ordering::SeqCst) + 1;
                running.1.fetch_max(now, Ordering::SeqCst);
                let out = job(params);
                running.0.fetch_sub(1, Ordering::SeqCst);
                out
            })
            .await
    }

    /// A PHC-format argon2id hash of `password`.
    pub async fn hash(&self, password: &Secret) -> Result<String> {
        let password = password.clone();
        self.run(move |params| hash_blocking(&params, password.expose()))
            .await?
    }

    /// Checks `password` against `stored` (or against the dummy hash when there is no
    /// user, so that the time taken does not tell).
    pub async fn verify(&self, stored: Option<&str>, password: &Secret) -> Result<Verification> {
        let known = stored.is_some();
        let stored = stored.map_or_else(|| self.dummy.as_str().to_owned(), str::to_owned);
        let password = password.clone();
        self.run(move |params| {
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return Verification {
                    ok: false,
                    needs_rehash: false,
                };
            };
            let ok = known
                && argon(&params)
                    .verify_password(password.expose().as_bytes(), &parsed)
                    .is_ok();
            if !known {
                // Same work as a real check, result ignored.
                let _ = argon(&params).verify_password(password.expose().as_bytes(), &parsed);
            }
            let current = Params::try_from(&parsed).ok();
            let needs_rehash = ok
                && (parsed.algorithm.as_str() != "argon2id"
                    || current.is_none_or(|c| {
                        c.m_cost() != params.m_cost()
                            || c.t_cost() != params.t_cost()
                            || c.p_cost() != params.p_cost()
                    }));
            Verification { ok, needs_rehash }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_verify_rehash_and_unknown_users() {
        let fast = PasswordHasher::with_params(64, 1, 1, 2, Duration::from_secs(5)).unwrap();
        let pw = Secret::new("correct horse".into());
        let hash = fast.hash(&pw).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        let v = fast.verify(Some(&hash), &pw).await.unwrap();
        assert_eq!(
            v,
            Verification {
                ok: true,
                needs_rehash: false
            }
        );
        let wrong = Secret::new("wrong horse".into());
        assert!(!fast.verify(Some(&hash), &wrong).await.unwrap().ok);
        assert!(!fast.verify(None, &pw).await.unwrap().ok);
        assert!(!fast.verify(Some("not a hash"), &pw).await.unwrap().ok);
        let stronger = PasswordHasher::with_params(128, 2, 1, 2, Duration::from_secs(5)).unwrap();
        assert!(
            stronger
                .verify(Some(&hash), &pw)
                .await
                .unwrap()
                .needs_rehash
        );
    }

    #[tokio::test]
    async fn a_full_queue_answers_busy() {
        let h = PasswordHasher::with_params(64, 1, 1, 1, Duration::from_millis(1)).unwrap();
        let _held = h.permits.clone().acquire_owned().await.unwrap();
        let err = h.hash(&Secret::new("x".repeat(10))).await.unwrap_err();
        assert!(matches!(err, IdpError::Busy));
    }
}
