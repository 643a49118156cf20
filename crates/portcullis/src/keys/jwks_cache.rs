//! The remote key cache of one issuer.
//!
//! * One immutable [`Snapshot`] behind an `ArcSwap`: readers never lock.
//! * Fetches run in a spawned task; callers wait on a `watch` channel, so no lock is held
//!   across network I/O, and a caller that goes away does not cancel the fetch.
//! * Single flight: one fetch at a time, shared by every waiter.
//! * Unknown `kid`: one refetch, then at most one per `unknown_kid_cooldown`.
//! * Refresh on a timer from `Cache-Control: max-age`, clamped to bounds.
//! * Stale-if-error: the last good set serves until `max_stale` past its freshness.
//! * Cold start with the issuer down: callers get `KeysUnavailable` (503); attempts are
//!   spaced by `retry_backoff` so a down issuer is not hammered.
//! * Time is tokio's clock ([`tokio::time::Instant`], passed in where it matters), so
//!   tests can pause and advance it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use portcullis_jwt::{KeySet, Validation, Verifier};
use reqwest::{Client, Url};
use tokio::sync::watch;
use tokio::time::Instant;

use super::discovery;
use super::fetch::{self, FetchError, FetchLimits};
use super::snapshot::Snapshot;
use crate::GuardError;

/// Tuning of a remote key cache. The defaults suit Auth0, Clerk, Keycloak and Portcullis.
#[derive(Debug, Clone)]
pub struct JwksOptions {
    /// Shortest refresh period, whatever `max-age` says (default 30 s).
    pub min_refresh: Duration,
    /// Longest refresh period (default 24 h).
    pub max_refresh: Duration,
    /// Refresh period when the issuer sends no `max-age` (default 5 min).
    pub default_refresh: Duration,
    /// At most one refetch per this interval for unknown `kid`s (default 10 s).
    pub unknown_kid_cooldown: Duration,
    /// After a failed fetch, no new attempt before this (default 2 s).
    pub retry_backoff: Duration,
    /// How long past freshness a key set keeps serving while the issuer is down (default 6 h).
    pub max_stale: Duration,
    /// TCP connect timeout (default 2 s).
    pub connect_timeout: Duration,
    /// Whole-request timeout (default 5 s).
    pub timeout: Duration,
    /// Largest JWKS or discovery document accepted (default 256 KiB).
    pub max_body: usize,
}

impl Default for JwksOptions {
    fn default() -> Self {
        let limits = FetchLimits::default();
        JwksOptions {
            min_refresh: Duration::from_secs(30),
            max_refresh: Duration::from_secs(24 * 3600),
            default_refresh: Duration::from_secs(300),
            unknown_kid_cooldown: Duration::from_secs(10),
            retry_backoff: Duration::from_secs(2),
            max_stale: Duration::from_secs(6 * 3600),
            connect_timeout: limits.connect_timeout,
            timeout: limits.timeout,
            max_body: limits.max_body,
        }
    }
}

/// Where the keys come from.
#[derive(Debug, Clone)]
pub(crate) enum Location {
    /// OpenID discovery from the issuer URL.
    Discover(Url),
    /// A JWKS URI and the exact issuer its tokens carry.
    Jwks { uri: Url, issuer: String },
}

#[derive(Default)]
struct FetchState {
    inflight: Option<watch::Receiver<bool>>,
    last_failure: Option<Instant>,
    last_kid_refetch: Option<Instant>,
    jwks_uri: Option<(Url, String)>,
}

/// The remote key cache of one issuer. See the module docs.
pub(crate) struct JwksCache {
    location: Location,
    template: Validation,
    client: Client,
    options: JwksOptions,
    allow_insecure_http: bool,
    current: ArcSwapOption<Snapshot>,
    state: Mutex<FetchState>,
    generation: AtomicU64,
    timer_started: AtomicBool,
}

impl std::fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwksCache")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl JwksCache {
    pub(crate) fn new(
        location: Location,
        template: Validation,
        client: Client,
        options: JwksOptions,
        allow_insecure_http: bool,
    ) -> Arc<Self> {
        Arc::new(JwksCache {
            location,
            template,
            client,
            options,
            allow_insecure_http,
            current: ArcSwapOption::empty(),
            state: Mutex::new(FetchState::default()),
            generation: AtomicU64::new(0),
            timer_started: AtomicBool::new(false),
        })
    }

    /// The configured issuer (exact for a JWKS URI, the base URL for discovery).
    pub(crate) fn configured_issuer(&self) -> &str {
        match &self.location {
            Location::Discover(url) => url.as_str(),
            Location::Jwks { issuer, .. } => issuer,
        }
    }

    /// `f` of the current snapshot, without fetching and without cloning the `Arc`.
    pub(crate) fn with_current<R>(&self, f: impl FnOnce(&Snapshot) -> R) -> Option<R> {
        let current = self.current.load();
        current.as_deref().map(f)
    }

    /// The snapshot [`JwksCache::snapshot_for`] answers at once: fresh enough and
    /// knowing `kid`. `None` when it would fetch (cold start, too stale, unknown `kid`).
    pub(crate) fn snapshot_ready(
        self: &Arc<Self>,
        kid: Option<&str>,
        now: Instant,
    ) -> Option<Arc<Snapshot>> {
        self.start_timer();
        let snap = self.current.load_full()?;
        (now <= snap.fresh_until + self.options.max_stale && snap.knows(kid)).then_some(snap)
    }

    /// A snapshot able to verify a token with `kid`, fetching if needed and allowed.
    pub(crate) async fn snapshot_for(
        self: &Arc<Self>,
        kid: Option<&str>,
        now: Instant,
    ) -> Result<Arc<Snapshot>, GuardError> {
        self.start_timer();
        match self.current.load_full() {
            Some(snap) if now <= snap.fresh_until + self.options.max_stale => {
                if snap.knows(kid) {
                    return Ok(snap);
                }
                // Unknown kid: maybe a newly published key. One refetch per cooldown.
                if let Some(rx) = self.start_fetch(now, true) {
                    self.wait(rx).await;
                }
                Ok(self.current.load_full().unwrap_or(snap))
            }
            _ => {
                // Cold start, or the last good set is too old to trust.
                if let Some(rx) = self.start_fetch(now, false) {
                    self.wait(rx).await;
                }
                match self.current.load_full() {
                    Some(snap) if Instant::now() <= snap.fresh_until + self.options.max_stale => {
                        Ok(snap)
                    }
                    _ => Err(GuardError::KeysUnavailable),
                }
            }
        }
    }

    /// Loads the keys now (for start-up), waiting for the result.
    pub(crate) async fn prefetch(self: &Arc<Self>) -> bool {
        self.start_timer();
        if let Some(rx) = self.start_fetch(Instant::now(), false) {
            self.wait(rx).await;
        }
        self.current.load().is_some()
    }

    async fn wait(&self, mut rx: watch::Receiver<bool>) {
        let limit = self.options.timeout * 2 + self.options.connect_timeout;
        let _ = tokio::time::timeout(limit, rx.wait_for(|done| *done)).await;
    }

    /// Starts a fetch unless one is running (then joins it) or backoff/cooldown forbids.
    fn start_fetch(
        self: &Arc<Self>,
        now: Instant,
        for_unknown_kid: bool,
    ) -> Option<watch::Receiver<bool>> {
        let mut state = self.state.lock().ok()?;
        if let Some(rx) = &state.inflight {
            return Some(rx.clone());
        }
        if state
            .last_failure
            .is_some_and(|t| now < t + self.options.retry_backoff)
        {
            return None;
        }
        if for_unknown_kid {
            if state
                .last_kid_refetch
                .is_some_and(|t| now < t + self.options.unknown_kid_cooldown)
            {
                return None;
            }
            state.last_kid_refetch = Some(now);
        }
        let (tx, rx) = watch::channel(false);
        state.inflight = Some(rx.clone());
        drop(state);
        let this = Arc::clone(self);
        tokio::spawn(async move {
            let result = this.fetch().await;
            if let Ok(mut state) = this.state.lock() {
                state.inflight = None;
                match &result {
                    Ok(()) => state.last_failure = None,
                    Err(_) => state.last_failure = Some(Instant::now()),
                }
            }
            if let Err(e) = result {
                tracing::warn!(issuer = %this.configured_issuer(), error = %e, "fetching the issuer's keys failed");
                metrics::counter!("portcullis_jwks_fetches_total", "result" => "error")
                    .increment(1);
            } else {
                metrics::counter!("portcullis_jwks_fetches_total", "result" => "ok").increment(1);
            }
            let _ = tx.send(true);
        });
        Some(rx)
    }

    /// One fetch: discovery if needed, then the JWKS; on success, swap the snapshot.
    async fn fetch(&self) -> Result<(), FetchError> {
        let known = self.state.lock().ok().and_then(|s| s.jwks_uri.clone());
        let (uri, issuer) = match (&self.location, known) {
            (_, Some(found)) => found,
            (Location::Jwks { uri, issuer }, None) => (uri.clone(), issuer.clone()),
            (Location::Discover(url), None) => {
                let d = discovery::discover(
                    &self.client,
                    url,
                    self.options.max_body,
                    self.allow_insecure_http,
                )
                .await?;
                (d.jwks_uri, d.issuer)
            }
        };
        let (body, max_age) = fetch::get(&self.client, &uri, self.options.max_body).await?;
        let keys = KeySet::from_jwks_json(&body).map_err(|e| FetchError::Invalid(e.to_string()))?;
        for (kid, why) in keys.rejected() {
            tracing::debug!(kid = ?kid, reason = %why, "key left out of the key set");
        }
        if keys.is_empty() {
            return Err(FetchError::Invalid(
                "no usable signing key in the JWKS".into(),
            ));
        }
        if let Ok(mut state) = self.state.lock() {
            state.jwks_uri = Some((uri, issuer.clone()));
        }
        let ttl = max_age
            .unwrap_or(self.options.default_refresh)
            .clamp(self.options.min_refresh, self.options.max_refresh);
        let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
        self.current.store(Some(Arc::new(Snapshot {
            keys,
            verifier: Verifier::new(self.template.clone().with_issuer(issuer)),
            generation,
            fresh_until: Instant::now() + ttl,
        })));
        tracing::debug!(issuer = %self.configured_issuer(), generation, ttl_secs = ttl.as_secs(), "issuer keys loaded");
        Ok(())
    }

    /// Until when the current keys are fresh (`None` before any loaded).
    fn fresh_until(&self) -> Option<Instant> {
        self.current.load().as_ref().map(|snap| snap.fresh_until)
    }

    /// Starts the refresh timer once, holding only a weak reference.
    fn start_timer(self: &Arc<Self>) {
        // A plain load first: on every request after the first, no write to a cache line
        // that every core reads.
        if self.timer_started.load(Ordering::Relaxed)
            || self.timer_started.swap(true, Ordering::Relaxed)
        {
            return;
        }
        let weak: Weak<Self> = Arc::downgrade(self);
        tokio::spawn(async move {
            loop {
                let delay = match weak.upgrade() {
                    None => return,
                    Some(this) => refresh_delay(this.fresh_until(), Instant::now(), &this.options),
                };
                tokio::time::sleep(delay).await;
                let Some(this) = weak.upgrade() else { return };
                let now = Instant::now();
                // Keys loaded meanwhile (the first fetch, or one for an unknown kid) are
                // not fetched again: the next turn waits for their expiry.
                if !refresh_due(this.fresh_until(), now) {
                    continue;
                }
                if let Some(rx) = this.start_fetch(now, false) {
                    this.wait(rx).await;
                }
            }
        });
    }
}

/// The refresh timer never sleeps less than this.
const MIN_TIMER_SLEEP: Duration = Duration::from_millis(100);

/// How long the refresh timer sleeps at `now` before its next look: until the keys
/// expire, or `retry_backoff` once they have (or before any loaded); at least
/// [`MIN_TIMER_SLEEP`].
fn refresh_delay(fresh_until: Option<Instant>, now: Instant, options: &JwksOptions) -> Duration {
    let left = fresh_until.map_or(Duration::ZERO, |t| t.saturating_duration_since(now));
    let wait = if left.is_zero() {
        options.retry_backoff
    } else {
        left
    };
    wait.max(MIN_TIMER_SLEEP)
}

/// Whether keys fresh until `fresh_until` are due for a refresh at `now`.
fn refresh_due(fresh_until: Option<Instant>, now: Instant) -> bool {
    fresh_until.is_none_or(|t| now >= t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timer_sleeps_until_the_keys_expire_and_refreshes_only_then() {
        let options = JwksOptions {
            retry_backoff: Duration::from_secs(2),
            ..JwksOptions::default()
        };
        let now = Instant::from_std(std::time::Instant::now());
        let secs = Duration::from_secs;
        assert_eq!(refresh_delay(Some(now + secs(60)), now, &options), secs(60));
        assert_eq!(
            refresh_delay(Some(now + Duration::from_millis(1)), now, &options),
            Duration::from_millis(100),
            "never a busy loop"
        );
        for expired in [Some(now), Some(now - secs(1)), None] {
            assert_eq!(
                refresh_delay(expired, now, &options),
                secs(2),
                "{expired:?}"
            );
            assert!(refresh_due(expired, now), "{expired:?}");
        }
        let fresh = Some(now + Duration::from_millis(1));
        assert!(!refresh_due(fresh, now), "fresh keys are not fetched again");
    }
}
