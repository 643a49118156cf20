//! The demo: a development issuer on loopback and the hello-world API on :6060 that
//! verifies its tokens through OpenID discovery, like any external API would. Prints
//! two access tokens and the curl walkthrough of the hello-world API.
//!
//! Run with: `cargo run --release -p hello-world-api --example demo`
//!
//! For `bench/run.sh`: `DEMO_ALG` picks the issuer's signing algorithm (`ES256`, the
//! default, `RS256` or `EdDSA`), and `DEMO_TOKENS_FILE` with `DEMO_TOKENS=N` writes N
//! distinct user tokens to that file, one a line, before the tokens are printed (a stream
//! in which every request carries a token the API has not seen before). With a tokens
//! file it also counts the guard's verifications (its `portcullis_verifications_total`
//! metric) and prints them when it stops, so a benchmark can tell how many requests the
//! verified-token cache answered.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use hello_world_api::Config;
use portcullis_testkit::{TestIssuer, TokenBuilder, keys};

const AUDIENCE: &str = "https://hello-world.example.com";

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(6060);
    let key = match std::env::var("DEMO_ALG").as_deref() {
        Err(_) | Ok("" | "ES256") => keys::es256(),
        Ok("RS256") => keys::rs256(),
        Ok("EdDSA") => keys::eddsa(),
        Ok(other) => {
            eprintln!("demo: DEMO_ALG must be ES256, RS256 or EdDSA, got {other:?}");
            return ExitCode::from(2);
        }
    };
    let issuer = TestIssuer::spawn_with_key(key).await;
    let vars = |name: &str| match name {
        "PORT" => Some(port.to_string()),
        "ISSUER_BASE_URL" => Some(issuer.url()),
        "AUDIENCE" => Some(AUDIENCE.to_owned()),
        "CLIENT_ORIGIN_URL" => Some("http://localhost:4040".to_owned()),
        _ => None,
    };
    let config = match Config::from_vars(vars) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("demo: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(("0.0.0.0", port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("demo: cannot listen on port {port} ({e}); set PORT to use another");
            return ExitCode::from(1);
        }
    };
    let user = issuer
        .token()
        .aud(AUDIENCE)
        .sub("user_demo")
        .exp_in(3600)
        .sign();
    let admin = issuer
        .token()
        .aud(AUDIENCE)
        .sub("admin_demo")
        .permissions(&["read:admin-messages"])
        .exp_in(3600)
        .sign();
    let outcomes = std::env::var_os("DEMO_TOKENS_FILE").map(|_| Outcomes::install());
    if let Ok(path) = std::env::var("DEMO_TOKENS_FILE") {
        let count = std::env::var("DEMO_TOKENS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(50_000);
        let builder = issuer.token().aud(AUDIENCE).sub("user_demo").exp_in(86_400);
        if let Err(e) = std::fs::write(&path, distinct_tokens(&builder, count)) {
            eprintln!("demo: cannot write {path}: {e}");
            return ExitCode::from(1);
        }
    }
    println!(
        r#"
Portcullis demo
  development issuer   {issuer_url}  (discovery: {issuer_url}/.well-known/openid-configuration)
  hello-world API      http://localhost:{port}  (ISSUER_BASE_URL={issuer_url} AUDIENCE={AUDIENCE})

Two access tokens, valid for an hour:
  export USER_TOKEN={user}
  export ADMIN_TOKEN={admin}

Try it:
  curl -i localhost:{port}/api/messages/public
  curl -i localhost:{port}/api/messages/protected
  curl -i localhost:{port}/api/messages/protected -H "authorization: Bearer $USER_TOKEN"
  curl -i localhost:{port}/api/messages/admin     -H "authorization: Bearer $USER_TOKEN"
  curl -i localhost:{port}/api/messages/admin     -H "authorization: Bearer $ADMIN_TOKEN"
  curl -i localhost:{port}/api/messages/protected -H "authorization: Bearer invalidtoken1234567890"
  curl -i localhost:{port}/api/whoami             -H "authorization: Bearer $USER_TOKEN"
  curl -i localhost:{port}/protected-endpoint

Ctrl-C to stop."#,
        issuer_url = issuer.url(),
    );
    let served = hello_world_api::serve(config, listener).await;
    if let Some(outcomes) = outcomes {
        println!(
            "verifications: signature checked {}, from the cache {}, refused {}",
            outcomes.checked.load(Ordering::Relaxed),
            outcomes.cached.load(Ordering::Relaxed),
            outcomes.refused.load(Ordering::Relaxed),
        );
    }
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo: {e}");
            ExitCode::from(1)
        }
    }
}

/// `count` tokens like `builder`'s, each made distinct by its `jti`, one a line; signed
/// on every CPU (RSA signing is slow, and this runs before the API is measured).
fn distinct_tokens(builder: &TokenBuilder, count: usize) -> String {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let lines: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..count)
                        .step_by(threads)
                        .map(|i| {
                            let token = builder.clone().claim("jti", format!("bench-{i}").into());
                            token.sign() + "\n"
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    lines.concat()
}

/// Counts of the guard's `portcullis_verifications_total` by outcome: `ok` (a signature
/// was checked), `cached`, and every refusal. Other metrics are dropped.
struct Outcomes {
    checked: Arc<AtomicU64>,
    cached: Arc<AtomicU64>,
    refused: Arc<AtomicU64>,
}

impl Outcomes {
    /// Installs the counting recorder for the whole process.
    fn install() -> &'static Outcomes {
        let outcomes: &'static Outcomes = Box::leak(Box::new(Outcomes {
            checked: Arc::default(),
            cached: Arc::default(),
            refused: Arc::default(),
        }));
        if metrics::set_global_recorder(outcomes).is_err() {
            eprintln!("demo: a metrics recorder was already installed; not counting");
        }
        outcomes
    }
}

impl metrics::Recorder for &'static Outcomes {
    fn describe_counter(
        &self,
        _: metrics::KeyName,
        _: Option<metrics::Unit>,
        _: metrics::SharedString,
    ) {
    }
    fn describe_gauge(
        &self,
        _: metrics::KeyName,
        _: Option<metrics::Unit>,
        _: metrics::SharedString,
    ) {
    }
    fn describe_histogram(
        &self,
        _: metrics::KeyName,
        _: Option<metrics::Unit>,
        _: metrics::SharedString,
    ) {
    }

    fn register_counter(&self, key: &metrics::Key, _: &metrics::Metadata<'_>) -> metrics::Counter {
        if key.name() != "portcullis_verifications_total" {
            return metrics::Counter::noop();
        }
        let outcome = key
            .labels()
            .find(|l| l.key() == "outcome")
            .map(|l| l.value());
        let tally = match outcome {
            Some("ok") => &self.checked,
            Some("cached") => &self.cached,
            _ => &self.refused,
        };
        metrics::Counter::from_arc(Arc::clone(tally))
    }

    fn register_gauge(&self, _: &metrics::Key, _: &metrics::Metadata<'_>) -> metrics::Gauge {
        metrics::Gauge::noop()
    }

    fn register_histogram(
        &self,
        _: &metrics::Key,
        _: &metrics::Metadata<'_>,
    ) -> metrics::Histogram {
        metrics::Histogram::noop()
    }
}
