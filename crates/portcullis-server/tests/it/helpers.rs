use portcullis_server::{Clock, Server, ServerConfig};
use serde_json::{Value, json};

pub const API: &str = "https://hello-world.example.com";

pub struct TestServer {
    pub server: Server,
    pub base: String,
    pub http: reqwest::Client,
}

pub fn base_config() -> ServerConfig {
    ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        // Small argon2 queues are fine; parameters stay the production ones.
        max_concurrent_hashes: 4,
        // Most scenarios sign up and use the account at once; `registration.rs` runs
        // the default (sign-in waits for the confirmed address).
        allow_unverified_email: true,
        ..ServerConfig::default()
    }
}

/// A fresh PostgreSQL schema's URL, or `None` (with a note) when not configured.
pub async fn postgres_url() -> Option<String> {
    portcullis_testkit::postgres::fresh_schema_url().await
}

pub const MASTER: &str = "0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000";

pub async fn start(config: ServerConfig) -> TestServer {
    start_at(config, Clock::system()).await
}

pub async fn start_at(config: ServerConfig, clock: Clock) -> TestServer {
    let server = Server::start_with_clock(config, clock).await.unwrap();
    let base = format!("http://{}", server.addr());
    TestServer {
        server,
        base,
        http: reqwest::Client::new(),
    }
}

/// One seeded server per backend.
pub async fn servers() -> Vec<(&'static str, TestServer)> {
    servers_at(Clock::system()).await
}

/// One seeded server per backend, both reading `clock`.
pub async fn servers_at(clock: Clock) -> Vec<(&'static str, TestServer)> {
    servers_with(clock, |c| c).await
}

/// One seeded server per backend, reading `clock`, configured through `tweak`.
pub async fn servers_with(
    clock: Clock,
    tweak: impl Fn(ServerConfig) -> ServerConfig,
) -> Vec<(&'static str, TestServer)> {
    let mut out = Vec::new();
    let dir = std::env::temp_dir().join(portcullis_testkit::postgres::unique_name(
        "portcullis-server",
    ));
    out.push((
        "sqlite",
        start_at(
            tweak(ServerConfig {
                data_dir: dir,
                ..base_config()
            }),
            clock.clone(),
        )
        .await,
    ));
    if let Some(url) = postgres_url().await {
        let config = ServerConfig {
            database_url: Some(url.into()),
            master_key: Some(MASTER.into()),
            ..base_config()
        };
        out.push(("postgres", start_at(tweak(config), clock.clone()).await));
    }
    for (_, s) in &out {
        let idp = s.server.idp();
        let now = 1_800_000_000;
        idp.create_api(API, "Hello", &["read:messages"], now)
            .await
            .unwrap();
        idp.create_role("admin", API, &["read:admin-messages"], now)
            .await
            .unwrap();
    }
    out
}

/// One seeded server per backend that may send webhooks to receivers on loopback: the
/// development setting `allow_insecure_outbound_loopback`, set explicitly.
pub async fn servers_reaching_loopback() -> Vec<(&'static str, TestServer)> {
    servers_reaching_loopback_at(Clock::system()).await
}

/// As [`servers_reaching_loopback`], both reading `clock`.
pub async fn servers_reaching_loopback_at(clock: Clock) -> Vec<(&'static str, TestServer)> {
    servers_with(clock, |c| ServerConfig {
        allow_insecure_outbound_loopback: true,
        ..c
    })
    .await
}

pub fn config_for_pg(url: String) -> ServerConfig {
    ServerConfig {
        database_url: Some(url.into()),
        master_key: Some(MASTER.into()),
        ..base_config()
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

/// The status, headers and body of a response.
pub async fn reply(res: reqwest::Response) -> Reply {
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
        text,
    }
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Reply {
        reply(
            self.http
                .post(self.url(path))
                .json(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Reply {
        reply(
            self.http
                .post(self.url(path))
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        reply(
            self.http
                .post(self.url(path))
                .form(form)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn get(&self, path: &str, bearer: Option<&str>) -> Reply {
        let mut req = self.http.get(self.url(path));
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        reply(req.send().await.unwrap()).await
    }

    pub async fn signup(&self, email: &str) -> Reply {
        let r = self
            .post_json(
                "/api/auth/signup",
                &json!({"email": email, "password": "correct horse battery", "audience": API}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        r
    }
}

/// The admin API's audience on this server.
pub fn admin_audience(s: &TestServer) -> String {
    format!("{}api/admin", s.server.issuer())
}

/// An access token of `email` (password `correct horse battery`) for `audience`.
pub async fn token_for(s: &TestServer, email: &str, audience: &str) -> String {
    login(s, email, audience).await.body["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A successful JSON login of `email` for `audience`.
pub async fn login(s: &TestServer, email: &str, audience: &str) -> Reply {
    let r = s
        .post_json(
            "/api/auth/login",
            &json!({"email": email, "password": "correct horse battery", "audience": audience}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r
}

/// A JSON login of `email` with a wrong password (401, or 429 when throttled).
pub async fn wrong_login(s: &TestServer, email: &str) -> Reply {
    s.post_json(
        "/api/auth/login",
        &json!({"email": email, "password": "wrong password"}),
    )
    .await
}

/// Signs `root@example.com` up as an administrator; returns its admin token.
pub async fn root_token(s: &TestServer) -> String {
    s.signup("root@example.com").await;
    s.server
        .idp()
        .assign_role("root@example.com", "portcullis-admin", 1_800_000_000)
        .await
        .unwrap();
    token_for(s, "root@example.com", &admin_audience(s)).await
}

/// An admin token with `admin:read` only (a machine client's).
pub async fn reader_token(s: &TestServer) -> String {
    let idp = s.server.idp();
    let aud = admin_audience(s);
    let client = idp
        .create_client("auditor", Some(&aud), 1_800_000_000)
        .await
        .unwrap();
    idp.grant_client(&client.client_id, &aud, &["admin:read"])
        .await
        .unwrap();
    let cc = s
        .post_form(
            "/oauth/token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &client.client_id),
                ("client_secret", client.client_secret.expose()),
            ],
        )
        .await;
    cc.body["access_token"].as_str().unwrap().to_owned()
}

/// A request with a bearer token and an optional JSON body.
pub async fn send(
    s: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = s.http.request(method, s.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// `(status, message)` of a request, for error checks.
pub async fn refused(
    s: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, String) {
    let (status, body) = send(s, method, path, token, body).await;
    (
        status,
        body["message"].as_str().unwrap_or_default().to_owned(),
    )
}

/// Spends a refresh token at the token endpoint; returns the status and the answer.
pub async fn refresh(s: &TestServer, refresh_token: &str) -> Reply {
    s.post_form(
        "/oauth/token",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

/// The status of a JSON login of `email` with `password` (no audience).
pub async fn login_status(s: &TestServer, email: &str, password: &str) -> u16 {
    s.post_json(
        "/api/auth/login",
        &json!({"email": email, "password": password}),
    )
    .await
    .status
}
