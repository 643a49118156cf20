//! Arbitrary requests to the issuer's token endpoint (`POST /oauth/token`), sent over
//! loopback to a real server on SQLite: whatever the form, the Content-Type or the
//! Authorization header, the answer is JSON, never stored by caches, and either a token
//! or an RFC 6749 error: no panic, no 5xx other than 503.
//!
//! Input: byte 0 picks the Content-Type, the bytes up to the first `\n` are the
//! Authorization header (when they make a valid header value), the rest is the body.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

struct Harness {
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
    url: String,
    _server: portcullis_server::Server,
}

fn harness() -> &'static Harness {
    static H: OnceLock<Harness> = OnceLock::new();
    H.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let dir = std::env::temp_dir().join(format!("portcullis-fuzz-token-{}", std::process::id()));
        let server = rt.block_on(async {
            let config = portcullis_server::ServerConfig {
                listen: "127.0.0.1:0".parse().expect("addr"),
                data_dir: dir,
                // The per-IP limit would answer 429 to almost every input.
                rate_limit_per_minute: 100_000_000,
                ..portcullis_server::ServerConfig::default()
            };
            let server = portcullis_server::Server::start(config).await.expect("server");
            let idp = server.idp();
            let now = portcullis_server::Clock::system().now();
            idp.create_api("https://api.example.com", "API", &["read:things"], now)
                .await
                .expect("api");
            idp.ensure_public_client(
                "spa",
                "SPA",
                &["https://api.example.com"],
                &["http://localhost:4040/callback"],
                &[],
                now,
            )
            .await
            .expect("client");
            server
        });
        let url = format!("{}oauth/token", server.issuer());
        Harness {
            rt,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            url,
            _server: server,
        }
    })
}

const CONTENT_TYPES: [Option<&str>; 5] = [
    Some("application/x-www-form-urlencoded"),
    Some("application/x-www-form-urlencoded; charset=UTF-8"),
    Some("application/json"),
    None,
    Some("APPLICATION/X-WWW-FORM-URLENCODED ;"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let (auth, body) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (&[][..], rest),
    };
    let h = harness();
    let mut req = h.http.post(&h.url).body(body.to_vec());
    if let Some(ct) = CONTENT_TYPES[usize::from(pick) % CONTENT_TYPES.len()] {
        req = req.header("content-type", ct);
    }
    if let Ok(v) = http::HeaderValue::from_bytes(auth) {
        if !auth.is_empty() {
            req = req.header("authorization", v);
        }
    }
    let (status, cache, json) = h.rt.block_on(async {
        let res = req.send().await.expect("the server answers every request");
        let status = res.status().as_u16();
        let cache = res
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = res.bytes().await.expect("a whole body");
        (status, cache, serde_json::from_slice::<serde_json::Value>(&bytes))
    });
    let json = json.unwrap_or_else(|e| panic!("{status}: the answer is not JSON: {e}"));
    assert!(
        matches!(status, 200 | 400 | 401 | 413 | 415 | 429 | 503),
        "unexpected status {status}: {json}"
    );
    if status == 200 {
        assert!(json["access_token"].is_string(), "{json}");
        assert_eq!(cache.as_deref(), Some("no-store"), "token responses are not cached");
    } else {
        assert!(json["error"].is_string(), "{status} without an OAuth error: {json}");
    }
});
