//! `portcullis serve --demo`: the README's walkthrough, as a test.

use serde_json::{Value, json};

use crate::helpers::{serve, temp_dir};

const AUDIENCE: &str = "https://hello-world.example.com";

async fn login(http: &reqwest::Client, issuer: &str, email: &str, password: &str) -> String {
    let r: Value = http
        .post(format!("{issuer}api/auth/login"))
        .json(&json!({"email": email, "password": password, "audience": AUDIENCE}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_owned()
}

async fn call(http: &reqwest::Client, url: String, token: Option<&str>) -> (u16, String) {
    let mut req = http.get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn the_demo_walkthrough_works_and_restarts_on_the_same_data() {
    let dir = temp_dir("demo");
    let dir_arg = dir.to_str().unwrap().to_owned();
    let args = [
        "--demo",
        "--listen",
        "127.0.0.1:0",
        "--demo-api-port",
        "0",
        "--data-dir",
        &dir_arg,
    ];
    for round in 0..2 {
        let running = serve(&args);
        let api = running.api.clone().unwrap();
        assert!(
            running.stdout.iter().any(|l| l.contains("curl")),
            "a walkthrough is printed"
        );
        let http = reqwest::Client::new();
        assert_eq!(
            call(&http, format!("{api}/api/messages/public"), None).await,
            (200, r#"{"text":"This is a public message."}"#.into())
        );
        assert_eq!(
            call(&http, format!("{api}/api/messages/protected"), None)
                .await
                .0,
            401
        );
        let user = login(
            &http,
            &running.issuer,
            "user@example.com",
            "demo-user-password",
        )
        .await;
        assert_eq!(
            call(&http, format!("{api}/api/messages/protected"), Some(&user)).await,
            (200, r#"{"text":"This is a protected message."}"#.into()),
            "round {round}"
        );
        assert_eq!(
            call(&http, format!("{api}/api/messages/admin"), Some(&user)).await,
            (403, r#"{"message":"Permission denied"}"#.into())
        );
        let admin = login(
            &http,
            &running.issuer,
            "admin@example.com",
            "demo-admin-password",
        )
        .await;
        assert_eq!(
            call(&http, format!("{api}/api/messages/admin"), Some(&admin)).await,
            (200, r#"{"text":"This is an admin message."}"#.into()),
            "round {round}"
        );
    }
    assert!(dir.join("portcullis.db").exists());
    assert!(dir.join("master.key").exists());
}
