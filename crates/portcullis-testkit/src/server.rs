//! [`TestIssuer`]: discovery and JWKS over real HTTP on loopback, with fault injection.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use portcullis_jwt::{Algorithm, SigningKey};
use serde_json::json;
use tokio::task::JoinHandle;

use crate::keys;
use crate::token::TokenBuilder;

const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";
const JWKS_PATH: &str = "/.well-known/jwks.json";

/// A real OpenID issuer on `127.0.0.1:0`: serves discovery and a JWKS, signs tokens with
/// its current key, and can be told to misbehave. Stops when dropped.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use portcullis_testkit::TestIssuer;
///
/// let issuer = TestIssuer::spawn().await;
/// let old = issuer.token().sign();
/// let new_kid = issuer.rotate(); // published next to the old key, and now the signer
/// assert_ne!(new_kid, "es256-fixture");
/// issuer.set_down(true); // discovery and JWKS now answer 503
/// assert_eq!(issuer.jwks_fetches(), 0);
/// # drop(old);
/// # }
/// ```
pub struct TestIssuer {
    shared: Arc<Shared>,
    url: String,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for TestIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestIssuer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

struct Shared {
    url: String,
    jwks_fetches: AtomicUsize,
    /// When each JWKS request arrived, by tokio's clock (paused in some tests).
    jwks_fetched_at: Mutex<Vec<tokio::time::Instant>>,
    discovery_fetches: AtomicUsize,
    rotations: AtomicUsize,
    state: Mutex<Behaviour>,
}

struct Behaviour {
    published: Vec<Arc<SigningKey>>,
    signer: Arc<SigningKey>,
    down: bool,
    delay: Duration,
    cache_control: Option<String>,
    discovery_issuer: Option<String>,
    jwks_body: Option<String>,
    redirect: Option<String>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, Behaviour> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl TestIssuer {
    /// Starts an issuer signing with the [`keys::es256`] fixture.
    pub async fn spawn() -> Self {
        Self::spawn_with_key(keys::es256()).await
    }

    /// Starts an issuer signing with `key` (which must have a `kid`).
    #[allow(clippy::expect_used, reason = "a test cannot go on without its issuer")]
    pub async fn spawn_with_key(key: SigningKey) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let url = format!("http://{addr}");
        let key = Arc::new(key);
        let shared = Arc::new(Shared {
            url: url.clone(),
            jwks_fetches: AtomicUsize::new(0),
            jwks_fetched_at: Mutex::new(Vec::new()),
            discovery_fetches: AtomicUsize::new(0),
            rotations: AtomicUsize::new(0),
            state: Mutex::new(Behaviour {
                published: vec![Arc::clone(&key)],
                signer: key,
                down: false,
                delay: Duration::ZERO,
                cache_control: Some("public, max-age=300".into()),
                discovery_issuer: None,
                jwks_body: None,
                redirect: None,
            }),
        });
        let app = Router::new()
            .route(DISCOVERY_PATH, get(discovery))
            .route(JWKS_PATH, get(jwks))
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { shared, url, task }
    }

    /// The base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The issuer identifier, `http://127.0.0.1:PORT/`, as it appears in `iss`.
    pub fn issuer(&self) -> String {
        format!("{}/", self.url)
    }

    /// The JWKS URI.
    pub fn jwks_uri(&self) -> String {
        format!("{}{JWKS_PATH}", self.url)
    }

    /// A token signed by the current key, valid for an hour.
    pub fn token(&self) -> TokenBuilder {
        let signer = Arc::clone(&self.shared.state().signer);
        TokenBuilder::new(signer, &self.issuer())
    }

    /// Publishes a new ES256 key next to the old ones and makes it the signer.
    /// Returns its `kid`.
    #[allow(clippy::expect_used, reason = "P-256 key generation does not fail")]
    pub fn rotate(&self) -> String {
        let n = self.shared.rotations.fetch_add(1, Ordering::SeqCst) + 1;
        let kid = format!("rotated-{n}");
        let key = Arc::new(
            SigningKey::generate(Algorithm::ES256)
                .expect("generate ES256")
                .with_kid(kid.clone()),
        );
        let mut state = self.shared.state();
        state.published.push(Arc::clone(&key));
        state.signer = key;
        kid
    }

    /// Stops publishing every key but the current signer.
    pub fn retire_old_keys(&self) {
        let mut state = self.shared.state();
        let signer = Arc::clone(&state.signer);
        state.published = vec![signer];
    }

    /// While `true`, discovery and JWKS answer 503.
    pub fn set_down(&self, down: bool) {
        self.shared.state().down = down;
    }

    /// Delays every discovery and JWKS answer.
    pub fn set_delay(&self, delay: Duration) {
        self.shared.state().delay = delay;
    }

    /// The JWKS `Cache-Control` header (default `public, max-age=300`; `None` sends none).
    pub fn set_cache_control(&self, value: Option<&str>) {
        self.shared.state().cache_control = value.map(str::to_owned);
    }

    /// Overrides the `issuer` in the discovery document (to test the equality check).
    pub fn set_discovery_issuer(&self, issuer: Option<&str>) {
        self.shared.state().discovery_issuer = issuer.map(str::to_owned);
    }

    /// Serves this body as the JWKS instead of the real key set.
    pub fn set_jwks_body(&self, body: Option<String>) {
        self.shared.state().jwks_body = body;
    }

    /// While set, discovery and JWKS answer `302 Found` to this location.
    pub fn set_redirect(&self, location: Option<&str>) {
        self.shared.state().redirect = location.map(str::to_owned);
    }

    /// How many JWKS requests arrived (including refused ones).
    pub fn jwks_fetches(&self) -> usize {
        self.shared.jwks_fetches.load(Ordering::SeqCst)
    }

    /// When each JWKS request arrived (including refused ones), by tokio's clock: under
    /// paused time (`#[tokio::test(start_paused = true)]`) exact virtual instants.
    pub fn jwks_fetched_at(&self) -> Vec<tokio::time::Instant> {
        self.shared
            .jwks_fetched_at
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many discovery requests arrived (including refused ones).
    pub fn discovery_fetches(&self) -> usize {
        self.shared.discovery_fetches.load(Ordering::SeqCst)
    }

    /// Stops serving; later requests get connection errors.
    pub fn shutdown(&self) {
        self.task.abort();
    }
}

impl Drop for TestIssuer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The faults common to both documents. `Some` short-circuits the real answer.
async fn misbehave(shared: &Shared) -> Option<Response> {
    let (delay, down, redirect) = {
        let state = shared.state();
        (state.delay, state.down, state.redirect.clone())
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if down {
        return Some(StatusCode::SERVICE_UNAVAILABLE.into_response());
    }
    let location = redirect?;
    let mut res = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, value);
    }
    Some(res)
}

async fn discovery(State(shared): State<Arc<Shared>>) -> Response {
    shared.discovery_fetches.fetch_add(1, Ordering::SeqCst);
    if let Some(res) = misbehave(&shared).await {
        return res;
    }
    let issuer = shared
        .state()
        .discovery_issuer
        .clone()
        .unwrap_or_else(|| format!("{}/", shared.url));
    let base = &shared.url;
    axum::Json(json!({
        "issuer": issuer,
        "jwks_uri": format!("{base}{JWKS_PATH}"),
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/oauth/token"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256", "RS256", "EdDSA"],
    }))
    .into_response()
}

async fn jwks(State(shared): State<Arc<Shared>>) -> Response {
    shared
        .jwks_fetched_at
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(tokio::time::Instant::now());
    shared.jwks_fetches.fetch_add(1, Ordering::SeqCst);
    if let Some(res) = misbehave(&shared).await {
        return res;
    }
    let (body, cache_control) = {
        let state = shared.state();
        let body = state.jwks_body.clone().unwrap_or_else(|| {
            let keys: Vec<&SigningKey> = state.published.iter().map(AsRef::as_ref).collect();
            keys::jwks_json(&keys)
        });
        (body, state.cache_control.clone())
    };
    let mut res = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if let Some(value) = cache_control.and_then(|v| HeaderValue::from_str(&v).ok()) {
        res.headers_mut().insert(header::CACHE_CONTROL, value);
    }
    res
}
