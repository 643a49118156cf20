//! Secrets never reach the logs: a full session at the most verbose log level, then a
//! search of everything the server wrote for every secret it handled.

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{portcullis, run, temp_dir};

#[tokio::test]
async fn no_password_token_key_or_link_is_logged() {
    let dir = temp_dir("logs");
    let d = dir.to_str().unwrap().to_owned();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    // Set up an API, a client and an API key before the server starts.
    let out = run(
        &[
            "apis",
            "create",
            "--identifier",
            "https://api.logs",
            "--permission",
            "read:x",
            "--data-dir",
            &d,
        ],
        &[],
    );
    assert!(out.status.success());
    let creds = String::from_utf8(
        run(
            &[
                "clients",
                "create",
                "--name",
                "rs",
                "--audience",
                "https://api.logs",
                "--data-dir",
                &d,
            ],
            &[],
        )
        .stdout,
    )
    .unwrap();
    let client_id = creds
        .lines()
        .find_map(|l| l.strip_prefix("client_id="))
        .unwrap()
        .to_owned();
    let client_secret = creds
        .lines()
        .find_map(|l| l.strip_prefix("client_secret="))
        .unwrap()
        .to_owned();
    let password = "a-very-distinctive-passphrase-42";
    let user = run(
        &[
            "users",
            "create",
            "--email",
            "ada@example.com",
            "--data-dir",
            &d,
        ],
        &[("PORTCULLIS_NEW_PASSWORD", password)],
    );
    assert!(user.status.success());
    let key = String::from_utf8(
        run(
            &[
                "api-keys",
                "create",
                "--user",
                "ada@example.com",
                "--name",
                "k",
                "--data-dir",
                &d,
            ],
            &[],
        )
        .stdout,
    )
    .unwrap();
    let key = key.trim().to_owned();

    let mut child = portcullis()
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
            &d,
        ])
        .env("PORTCULLIS_LOG", "trace")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let mut secrets = vec![password.to_owned(), client_secret.clone(), key.clone()];
    let login: Value = http
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"email": "ada@example.com", "password": password, "audience": "https://api.logs"}))
        .send().await.unwrap().json().await.unwrap();
    let access = login["access_token"].as_str().unwrap().to_owned();
    let refresh = login["refresh_token"].as_str().unwrap().to_owned();
    secrets.extend([access.clone(), refresh.clone()]);
    let wrong = http
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"email": "ada@example.com", "password": "wrong-distinctive-guess-77"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    secrets.push("wrong-distinctive-guess-77".into());
    let refreshed: Value = http
        .post(format!("{base}/oauth/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    secrets.push(refreshed["refresh_token"].as_str().unwrap().to_owned());
    secrets.push(refreshed["access_token"].as_str().unwrap().to_owned());
    let cc: Value = http
        .post(format!("{base}/oauth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id.as_str()),
            ("client_secret", client_secret.as_str()),
            ("audience", "https://api.logs"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    secrets.push(cc["access_token"].as_str().unwrap().to_owned());
    for token in [access.as_str(), key.as_str()] {
        let r: Value = http
            .post(format!("{base}/oauth/introspect"))
            .form(&[
                ("token", token),
                ("client_id", client_id.as_str()),
                ("client_secret", client_secret.as_str()),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(r["active"], true);
    }
    assert_eq!(
        http.get(format!("{base}/userinfo"))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // A reset link travels in a query string: it must not be logged either.
    let forgot = http
        .get(format!("{base}/forgot-password"))
        .send()
        .await
        .unwrap();
    assert_eq!(forgot.status(), 200);
    http.post(format!("{base}/api/auth/logout"))
        .json(&json!({"refresh_token": refreshed["refresh_token"]}))
        .send()
        .await
        .unwrap();
    let fake_link_token = "prs_a-distinctive-link-token-in-a-query";
    http.get(format!("{base}/reset-password?token={fake_link_token}"))
        .send()
        .await
        .unwrap();
    secrets.push(fake_link_token.into());
    secrets.push(
        std::fs::read_to_string(dir.join("master.key"))
            .unwrap()
            .trim()
            .to_owned(),
    );

    let _ = child.kill();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    let _ = child.wait();
    assert!(
        log.len() > 1000,
        "trace logging produced output: {} bytes",
        log.len()
    );
    assert!(
        log.contains("user logged in"),
        "the session was logged, at least by event name"
    );
    for secret in &secrets {
        assert!(!secret.is_empty());
        assert!(
            !log.contains(secret.as_str()),
            "a secret appears in the logs: {}…",
            &secret[..secret.len().min(12)]
        );
        // Tokens are also checked by their signature part alone.
        if let Some(sig) = secret.rsplit('.').next().filter(|s| s.len() > 20) {
            assert!(!log.contains(sig), "a token signature appears in the logs");
        }
    }
}

#[test]
fn a_piped_log_has_no_colour_codes() {
    let dir = temp_dir("ansi");
    let mut child = portcullis()
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--data-dir",
            dir.to_str().unwrap(),
        ])
        .env("PORTCULLIS_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut log = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(30)) {
        let listening = line.contains("portcullis issuer listening");
        log.push(line);
        if listening {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let log = log.join("\n");
    assert!(log.contains("portcullis issuer listening"), "{log}");
    assert!(
        !log.contains("\x1b["),
        "escape codes in a piped log: {log:?}"
    );
}
