//! `kill -9` during a write load, then a restart on the same data: every write the
//! server acknowledged is there (SQLite and, when configured, PostgreSQL).

use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::json;
use tokio::sync::Mutex;

use crate::helpers::{portcullis, temp_dir};

fn start(store: &[String], port: u16) -> Child {
    portcullis()
        // Sign-up answers with the new account (201), which is what is counted.
        .args([
            "serve",
            "--allow-unverified-email",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .args(store)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_up(http: &reqwest::Client, base: &str) {
    for _ in 0..400 {
        if http
            .get(format!("{base}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("server did not come up");
}

async fn pg_store() -> Option<Vec<String>> {
    let url = portcullis_testkit::postgres::fresh_schema_url().await?;
    Some(vec![
        "--database-url".into(),
        url,
        "--master-key".into(),
        "cd".repeat(32),
    ])
}

#[tokio::test]
async fn acknowledged_writes_survive_kill_9() {
    let dir = temp_dir("crash");
    std::fs::create_dir_all(&dir).unwrap();
    // One test client is one address: lift the per-IP limit for this load.
    let config = dir.join("load.toml");
    std::fs::write(&config, "rate_limit_per_minute = 1000000\n").unwrap();
    let config = config.to_str().unwrap().to_owned();
    let mut backends = vec![(
        "sqlite",
        vec!["--data-dir".to_owned(), dir.to_str().unwrap().to_owned()],
    )];
    if let Some(pg) = pg_store().await {
        backends.push(("postgres", pg));
    }
    for (backend, mut store) in backends {
        store.extend(["--config".to_owned(), config.clone()]);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let mut child = start(&store, port);
        wait_up(&http, &base).await;
        // Write load: sign-ups from 4 workers; remember the acknowledged ones.
        let acked = Arc::new(Mutex::new(Vec::<String>::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let mut workers = Vec::new();
        for w in 0..4 {
            let (http, base, acked, stop) =
                (http.clone(), base.clone(), acked.clone(), stop.clone());
            workers.push(tokio::spawn(async move {
                let mut i = 0;
                while !stop.load(Ordering::SeqCst) {
                    let email = format!("w{w}-{i}@example.com");
                    i += 1;
                    let res = http
                        .post(format!("{base}/api/auth/signup"))
                        .json(&json!({"email": email, "password": "crash test passphrase"}))
                        .send()
                        .await;
                    if res.is_ok_and(|r| r.status() == 201) {
                        acked.lock().await.push(email);
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
        child.kill().unwrap(); // SIGKILL: no graceful shutdown, no flush
        let _ = child.wait();
        stop.store(true, Ordering::SeqCst);
        for w in workers {
            w.await.unwrap();
        }
        let acked = acked.lock().await.clone();
        assert!(
            acked.len() >= 4,
            "{backend}: the load wrote something ({} acknowledged)",
            acked.len()
        );
        let mut child = start(&store, port);
        wait_up(&http, &base).await;
        for email in &acked {
            let r = http
                .post(format!("{base}/api/auth/signup"))
                .json(&json!({"email": email, "password": "crash test passphrase"}))
                .send()
                .await
                .unwrap();
            assert_eq!(
                r.status(),
                409,
                "{backend}: acknowledged sign-up {email} is missing after kill -9"
            );
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}
