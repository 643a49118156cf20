use std::process::{Child, Command, Stdio};
use std::time::Duration;

use portcullis_testkit::TestIssuer;

/// The running `hello-world-api` binary; killed on drop.
pub struct Api {
    child: Child,
    pub base: String,
    pub client: reqwest::Client,
}

impl Drop for Api {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn command(vars: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hello-world-api"));
    cmd.env_clear()
        .env("RUST_LOG", "warn")
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd
}

/// Starts the API configured for `issuer` and waits until it answers.
pub async fn start(issuer: &TestIssuer) -> Api {
    let port = free_port();
    let child = command(&[
        ("PORT", port.to_string()),
        ("ISSUER_BASE_URL", issuer.url()),
        ("AUDIENCE", portcullis_testkit::DEFAULT_AUDIENCE.to_owned()),
        ("CLIENT_ORIGIN_URL", "http://localhost:4040".to_owned()),
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let api = Api {
        child,
        base: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::new(),
    };
    for _ in 0..200 {
        if api
            .client
            .get(api.url("/api/messages/public"))
            .send()
            .await
            .is_ok()
        {
            return api;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("hello-world-api did not start");
}

impl Api {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET with an optional bearer token: (status, body).
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, String) {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let res = req.send().await.unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }
}
