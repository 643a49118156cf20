//! What verifying one access token costs, per algorithm, measured side by side so the
//! figures can be read as ratios taken in one run:
//!
//! * `raw`: the aws-lc-rs signature check alone, over the same signing input and
//!   signature bytes (key parsed and token decoded beforehand): the floor.
//! * `verifier`: `portcullis_jwt::Verifier::verify`, everything from the compact token
//!   string: parse, base64, header and claims JSON, signature, claim rules.
//! * `guard_uncached`: `Guard::authenticate` with a static key source and the
//!   verified-token cache off: the guard's full request-path work for a new token.
//! * `guard_cached`: the same guard with its cache on, for a token seen before.
//!
//! A `router` group sends requests through an axum router in process (public route vs
//! protected route on the cached path). After criterion, a real run (`--bench`) prints
//! an interleaved table: the four paths timed back to back in rounds, ratios taken within
//! each round, so load drifting on a shared machine skews both sides alike; it counts the
//! thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), not the wall clock, so the time other
//! processes take the CPU away is not counted either.
//!
//! Run: `cargo bench -p portcullis --bench verify` (see `bench/RESULTS.md`).

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark: setup failures should stop it loudly"
)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_lc_rs::{hmac, signature};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{Criterion, criterion_group};
use portcullis::jwt::{
    Algorithm, Jws, KeySet, NumericDate, SigningKey, Validation, Verifier, VerifyingKey,
};
use portcullis::{Guard, IssuerConfig};
use portcullis_testkit::{TokenBuilder, keys};

const ISSUER: &str = "https://issuer.bench.example/";
const AUDIENCE: &str = "https://hello-world.example.com";
const CASES: [(&str, Algorithm); 4] = [
    ("ES256", Algorithm::ES256),
    ("RS256", Algorithm::RS256),
    ("EdDSA", Algorithm::EdDSA),
    ("HS256", Algorithm::HS256),
];

/// The raw check: the one aws-lc-rs call a hand-written verifier could not avoid.
#[allow(
    clippy::large_enum_variant,
    reason = "four fixtures; no indirection in front of the timed call"
)]
enum Raw {
    Public(signature::ParsedPublicKey),
    Hmac(hmac::Key),
}

impl Raw {
    fn verify(&self, message: &[u8], sig: &[u8]) -> bool {
        match self {
            Raw::Public(key) => key.verify_sig(message, sig).is_ok(),
            Raw::Hmac(key) => hmac::verify(key, message, sig).is_ok(),
        }
    }
}

/// One algorithm's fixture: a token like the demo issuer's, and every verifier of it.
struct Case {
    name: &'static str,
    token: String,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
    raw: Raw,
    keys: KeySet,
    verifier: Verifier,
    guard_uncached: Guard,
    guard_cached: Guard,
}

fn b64(field: Option<&String>) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(field.expect("JWK member present"))
        .expect("JWK member is base64url")
}

/// The aws-lc-rs public key, built from the published JWK as a relying party would.
fn raw_public(alg: Algorithm, signer: &SigningKey) -> Raw {
    let jwk = signer.public_jwk().expect("a public key");
    let parsed = match alg {
        Algorithm::ES256 => {
            let mut point = vec![0x04];
            point.extend(b64(jwk.x.as_ref()));
            point.extend(b64(jwk.y.as_ref()));
            signature::ParsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
        }
        Algorithm::EdDSA => {
            signature::ParsedPublicKey::new(&signature::ED25519, b64(jwk.x.as_ref()))
        }
        Algorithm::RS256 => {
            let n = b64(jwk.n.as_ref());
            let e = b64(jwk.e.as_ref());
            signature::RsaPublicKeyComponents { n: &n, e: &e }
                .to_parsed_public_key(&signature::RSA_PKCS1_2048_8192_SHA256)
        }
        other => panic!("no raw public key for {other}"),
    };
    Raw::Public(parsed.expect("aws-lc-rs accepts the key"))
}

fn case(name: &'static str, alg: Algorithm) -> Case {
    let (signer, raw, issuer) = match alg {
        Algorithm::HS256 => {
            let secret = keys::hs256_secret();
            (
                SigningKey::hmac_secret(alg, secret).unwrap(),
                Raw::Hmac(hmac::Key::new(hmac::HMAC_SHA256, secret)),
                IssuerConfig::shared_secret(alg, secret, ISSUER),
            )
        }
        _ => {
            let signer = match alg {
                Algorithm::ES256 => keys::es256(),
                Algorithm::RS256 => keys::rs256(),
                _ => keys::eddsa(),
            };
            let raw = raw_public(alg, &signer);
            let jwks = keys::jwks_json(&[&signer]);
            (signer, raw, IssuerConfig::static_jwks(jwks, ISSUER))
        }
    };
    let issuer = issuer.audience(AUDIENCE).algorithms([alg]);
    let verifying: VerifyingKey = signer.verifying_key().unwrap();
    // The demo's user token: iss, sub, aud, iat, exp, `typ: at+jwt`.
    let token = TokenBuilder::new(Arc::new(signer), ISSUER)
        .aud(AUDIENCE)
        .sub("user_demo")
        .sign();
    let jws = Jws::parse(&token, usize::MAX).unwrap();
    let (signing_input, signature) = (jws.signing_input().to_vec(), jws.signature().to_vec());
    let verifier = Verifier::new(Validation::new(ISSUER, AUDIENCE).algorithms([alg]));
    let guard_uncached = Guard::builder()
        .issuer(issuer.clone())
        .without_verified_cache()
        .build()
        .unwrap();
    let guard_cached = Guard::builder().issuer(issuer).build().unwrap();
    Case {
        name,
        token,
        signing_input,
        signature,
        raw,
        keys: KeySet::from_keys([verifying]),
        verifier,
        guard_uncached,
        guard_cached,
    }
}

/// Times `iters` sequential `authenticate` calls inside one `block_on`, so the
/// runtime's entry cost is not charged to every call.
fn time_guard(rt: &tokio::runtime::Runtime, guard: &Guard, token: &str, iters: u64) -> Duration {
    rt.block_on(async {
        let started = Instant::now();
        for _ in 0..iters {
            let auth = guard.authenticate(black_box(token)).await;
            black_box(auth.expect("the token verifies"));
        }
        started.elapsed()
    })
}

fn verify(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for (name, alg) in CASES {
        let case = case(name, alg);
        // Every path must accept the token before it is timed.
        assert!(case.raw.verify(&case.signing_input, &case.signature));
        case.verifier
            .verify(&case.token, &case.keys, NumericDate::now())
            .unwrap();
        rt.block_on(case.guard_uncached.authenticate(&case.token))
            .unwrap();
        // Twice: a token is cached from its second verification on.
        for _ in 0..2 {
            rt.block_on(case.guard_cached.authenticate(&case.token))
                .unwrap();
        }

        let mut group = c.benchmark_group(case.name);
        group.bench_function("raw", |b| {
            b.iter(|| {
                assert!(
                    case.raw
                        .verify(black_box(&case.signing_input), black_box(&case.signature))
                );
            });
        });
        group.bench_function("verifier", |b| {
            let now = NumericDate::now();
            b.iter(|| {
                black_box(
                    case.verifier
                        .verify(black_box(&case.token), &case.keys, now)
                        .unwrap(),
                )
            });
        });
        group.bench_function("guard_uncached", |b| {
            b.iter_custom(|iters| time_guard(&rt, &case.guard_uncached, &case.token, iters));
        });
        group.bench_function("guard_cached", |b| {
            b.iter_custom(|iters| time_guard(&rt, &case.guard_cached, &case.token, iters));
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(60);
    targets = verify, router
}

/// The HTTP request path in process (no sockets): the hello-world API's public route
/// (`/api/messages/public`) against its protected route with a token already in the verified-token cache, through an axum
/// `Router` built like the hello-world API (`route_layer(guard.layer())`).
fn router(c: &mut Criterion) {
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt as _;

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let case = case("ES256", Algorithm::ES256);
    let app = axum::Router::new()
        .route("/api/messages/public", get(|| async { "public" }))
        .merge(
            axum::Router::new()
                .route("/api/messages/protected", get(|| async { "protected" }))
                .route_layer(case.guard_cached.layer()),
        );
    let bearer = format!("Bearer {}", case.token);
    let request = |path: &str, auth: bool| {
        let mut req = http::Request::get(path);
        if auth {
            req = req.header(http::header::AUTHORIZATION, bearer.as_str());
        }
        req.body(Body::empty()).unwrap()
    };
    let mut group = c.benchmark_group("router");
    for (name, path, auth) in [
        ("public", "/api/messages/public", false),
        ("public_with_header", "/api/messages/public", true),
        ("protected_cached", "/api/messages/protected", true),
    ] {
        let status = rt
            .block_on(app.clone().oneshot(request(path, auth)))
            .unwrap()
            .status();
        assert_eq!(status, http::StatusCode::OK, "{name}");
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let mut elapsed = Duration::ZERO;
                    for _ in 0..iters {
                        let req = request(path, auth);
                        let started = Instant::now();
                        let response = app.clone().oneshot(req).await.unwrap();
                        elapsed += started.elapsed();
                        black_box(response);
                    }
                    elapsed
                })
            });
        });
    }
    group.finish();
}

/// This thread's CPU time in nanoseconds (`CLOCK_THREAD_CPUTIME_ID`). Unlike the wall
/// clock it does not count the time other processes hold the CPU, which on a shared,
/// busy machine is most of the noise. (`/proc/thread-self/schedstat` would need no
/// dependency but is only brought up to date at the scheduler's tick, 4 ms here.)
fn thread_cpu_ns() -> Option<u64> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    let ns = i128::from(t.tv_sec) * 1_000_000_000 + i128::from(t.tv_nsec);
    u64::try_from(ns).ok().filter(|ns| *ns > 0)
}

/// Nanoseconds per call of one path, over `iters` calls: thread CPU time where the
/// system tells it, else wall-clock time.
fn per_call(rt: &tokio::runtime::Runtime, case: &Case, path: usize, iters: u64) -> f64 {
    let cpu_before = thread_cpu_ns();
    let wall = run_path(rt, case, path, iters);
    let elapsed = match (cpu_before, thread_cpu_ns()) {
        (Some(before), Some(after)) => Duration::from_nanos(after - before),
        _ => wall,
    };
    elapsed.as_nanos() as f64 / iters as f64
}

/// Runs `iters` calls of one path; the wall-clock time they took.
fn run_path(rt: &tokio::runtime::Runtime, case: &Case, path: usize, iters: u64) -> Duration {
    match path {
        0 => {
            let started = Instant::now();
            for _ in 0..iters {
                assert!(
                    case.raw
                        .verify(black_box(&case.signing_input), black_box(&case.signature))
                );
            }
            started.elapsed()
        }
        1 => {
            let now = NumericDate::now();
            let started = Instant::now();
            for _ in 0..iters {
                black_box(
                    case.verifier
                        .verify(black_box(&case.token), &case.keys, now)
                        .unwrap(),
                );
            }
            started.elapsed()
        }
        2 => time_guard(rt, &case.guard_uncached, &case.token, iters),
        _ => time_guard(rt, &case.guard_cached, &case.token, iters),
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        f64::midpoint(values[mid - 1], values[mid])
    }
}

fn show(ns: f64) -> String {
    if ns >= 1000.0 {
        format!("{:.2} µs", ns / 1000.0)
    } else {
        format!("{ns:.0} ns")
    }
}

/// The same four paths, interleaved: each round times every path for ~2 ms back to back,
/// and the ratios are taken within a round, so a machine whose load drifts (other builds
/// on a shared 2-core box) skews both sides of a ratio alike. Medians over the rounds.
fn interleaved(filter: Option<&str>) {
    const ROUNDS: usize = 60;
    const SLICE_NS: f64 = 2_000_000.0;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    println!();
    let clock = if thread_cpu_ns().is_some() {
        "thread CPU time"
    } else {
        "wall-clock time"
    };
    println!(
        "interleaved: {ROUNDS} rounds, each path ~2 ms per round, {clock}; medians over rounds"
    );
    println!();
    println!(
        "| alg | raw | verifier | guard_uncached | guard_cached | verifier/raw | uncached/raw | uncached − raw |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (name, alg) in CASES {
        if filter.is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let case = case(name, alg);
        // Calibrate: how many calls fill one slice, per path.
        let iters: Vec<u64> = (0..4)
            .map(|path| {
                per_call(&rt, &case, path, 200);
                let ns = per_call(&rt, &case, path, 2_000);
                ((SLICE_NS / ns) as u64).max(1)
            })
            .collect();
        let mut times: [Vec<f64>; 4] = Default::default();
        let mut ratio_verifier = Vec::with_capacity(ROUNDS);
        let mut ratio_uncached = Vec::with_capacity(ROUNDS);
        let mut overhead = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let round: Vec<f64> = (0..4)
                .map(|path| per_call(&rt, &case, path, iters[path]))
                .collect();
            ratio_verifier.push(round[1] / round[0]);
            ratio_uncached.push(round[2] / round[0]);
            overhead.push(round[2] - round[0]);
            for (path, ns) in round.into_iter().enumerate() {
                times[path].push(ns);
            }
        }
        let [raw, verifier, uncached, cached] = times.map(|mut t| median(&mut t));
        println!(
            "| {name} | {} | {} | {} | {} | {:.3}× | {:.3}× | {} |",
            show(raw),
            show(verifier),
            show(uncached),
            show(cached),
            median(&mut ratio_verifier),
            median(&mut ratio_uncached),
            show(median(&mut overhead)),
        );
    }
}

/// `BENCH_PROFILE=ALG/PATH:N` (PATH one of raw, verifier, guard_uncached, guard_cached):
/// runs that path N times and nothing else, for an instruction profiler, e.g.
/// `valgrind --tool=callgrind --toggle-collect='*per_call*' target/release/deps/verify-*`.
fn profile(spec: &str) {
    let (what, n) = spec.split_once(':').unwrap_or((spec, "1000"));
    let (alg, path) = what.split_once('/').expect("BENCH_PROFILE=ALG/PATH:N");
    let (name, alg) = CASES
        .into_iter()
        .find(|(name, _)| *name == alg)
        .expect("an algorithm of the bench");
    let path = ["raw", "verifier", "guard_uncached", "guard_cached"]
        .iter()
        .position(|p| *p == path)
        .expect("raw, verifier, guard_uncached or guard_cached");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let case = case(name, alg);
    per_call(&rt, &case, path, 2);
    let ns = per_call(&rt, &case, path, n.parse().expect("N is a number"));
    println!("{name} path {path}: {ns:.0} ns per call");
}

fn main() {
    if let Ok(spec) = std::env::var("BENCH_PROFILE") {
        profile(&spec);
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo test --benches` (no `--bench`), `--test` and `--list` only check that the
    // benches run; `--profile-time` is for a profiler. Only a real run gets the table.
    let measuring = args.iter().any(|a| a == "--bench")
        && !args
            .iter()
            .any(|a| a == "--test" || a == "--list" || a == "--profile-time");
    if !measuring {
        return;
    }
    interleaved(
        args.iter()
            .find(|a| !a.starts_with('-'))
            .map(String::as_str),
    );
}
