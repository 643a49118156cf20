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
        "--demo-spa-port",
        "0",
        "--demo-corp-port",
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

async fn login_to(
    http: &reqwest::Client,
    issuer: &str,
    email: &str,
    password: &str,
    org: &str,
) -> (u16, Value) {
    let res = http
        .post(format!("{issuer}api/auth/login"))
        .json(&json!({"email": email, "password": password, "audience": AUDIENCE, "organization": org}))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn organizations_from_the_cli_to_an_org_scoped_endpoint() {
    let dir = temp_dir("orgs");
    let d = dir.to_str().unwrap().to_owned();
    let running = serve(&[
        "--demo",
        "--listen",
        "127.0.0.1:0",
        "--demo-api-port",
        "0",
        "--demo-spa-port",
        "0",
        "--demo-corp-port",
        "0",
        "--data-dir",
        &d,
    ]);
    let api = running.api.clone().unwrap();
    let http = reqwest::Client::new();
    // The seeded organization: the user is a member of acme, not an admin.
    let (status, body) = login_to(
        &http,
        &running.issuer,
        "user@example.com",
        "demo-user-password",
        "acme",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let member = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        call(
            &http,
            format!("{api}/api/orgs/acme/messages"),
            Some(&member)
        )
        .await
        .0,
        200
    );
    assert_eq!(
        call(&http, format!("{api}/api/orgs/acme/admin"), Some(&member))
            .await
            .0,
        403
    );
    // A new organization from the CLI, on the running server's database.
    let cli = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--data-dir", d.as_str()]);
        let out = crate::helpers::run(&all, &[]);
        assert!(
            out.status.success(),
            "{all:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let org_id = cli(&[
        "orgs",
        "create",
        "--name",
        "Globex",
        "--slug",
        "globex",
        "--owner",
        "admin@example.com",
    ]);
    assert!(org_id.starts_with("org_"));
    // Not a member yet: the login into globex is refused like a missing organization.
    let (status, _) = login_to(
        &http,
        &running.issuer,
        "user@example.com",
        "demo-user-password",
        "globex",
    )
    .await;
    assert_eq!(status, 404);
    cli(&[
        "orgs",
        "set-member",
        "--org",
        "globex",
        "--user",
        "user@example.com",
        "--role",
        "admin",
    ]);
    assert!(cli(&["orgs", "members", "globex"]).contains("user@example.com\tadmin"));
    let (status, body) = login_to(
        &http,
        &running.issuer,
        "user@example.com",
        "demo-user-password",
        "globex",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let globex_admin = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        call(
            &http,
            format!("{api}/api/orgs/globex/admin"),
            Some(&globex_admin)
        )
        .await,
        (
            200,
            r#"{"text":"This is an admin message for globex."}"#.into()
        )
    );
    assert_eq!(
        call(
            &http,
            format!("{api}/api/orgs/acme/messages"),
            Some(&globex_admin)
        )
        .await
        .0,
        403,
        "another org's token"
    );
    // An organization API key works on the same endpoint (the API introspects it).
    let key = cli(&[
        "api-keys",
        "create",
        "--org",
        "globex",
        "--name",
        "ci",
        "--audience",
        AUDIENCE,
    ]);
    let key = key.trim();
    assert!(key.starts_with("pcl_"), "{key}");
    assert_eq!(
        call(&http, format!("{api}/api/orgs/globex/messages"), Some(key)).await,
        (
            200,
            r#"{"text":"This is a message for the members of globex."}"#.into()
        )
    );
    assert_eq!(
        call(&http, format!("{api}/api/orgs/acme/messages"), Some(key))
            .await
            .0,
        403
    );
    assert!(
        cli(&["api-keys", "list", "--org", "globex"])
            .contains(&format!("\tci\tactive\t{AUDIENCE}"))
    );
    // A key for another API (here the issuer's default audience, the issuer itself) is
    // refused by this one.
    let elsewhere = cli(&[
        "api-keys",
        "create",
        "--org",
        "globex",
        "--name",
        "elsewhere",
    ]);
    assert_eq!(
        call(
            &http,
            format!("{api}/api/orgs/globex/messages"),
            Some(elsewhere.trim())
        )
        .await
        .0,
        401
    );
    let last_owner = crate::helpers::run(
        &[
            "orgs",
            "remove-member",
            "--org",
            "globex",
            "--user",
            "admin@example.com",
            "--data-dir",
            &d,
        ],
        &[],
    );
    assert_eq!(last_owner.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&last_owner.stderr).contains("at least one owner"));
}

#[tokio::test]
async fn a_new_account_confirms_its_address_through_the_mail_the_demo_prints() {
    let dir = temp_dir("demo-mail");
    let d = dir.to_str().unwrap().to_owned();
    let running = serve(&[
        "--demo",
        "--listen",
        "127.0.0.1:0",
        "--demo-api-port",
        "0",
        "--demo-spa-port",
        "0",
        "--demo-corp-port",
        "0",
        "--data-dir",
        &d,
    ]);
    let http = reqwest::Client::new();
    let signup = http
        .post(format!("{}api/auth/signup", running.issuer))
        .json(&json!({"email": "newcomer@example.com", "password": "a long new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signup.status(), 202, "sign-up waits for the address");
    let printed = running.lines_until(|l| l.contains("/verify-email?token="));
    assert!(
        printed
            .iter()
            .any(|l| l.starts_with("--- mail to newcomer@example.com")),
        "{printed:?}"
    );
    let link = printed
        .iter()
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.contains("/verify-email?token="))
        })
        .unwrap_or_else(|| panic!("no link in {printed:?}"))
        .to_owned();
    let before = login_status(&http, &running.issuer).await;
    assert_eq!(before, 401, "not before the address is confirmed");
    assert_eq!(http.get(&link).send().await.unwrap().status(), 200);
    assert_eq!(login_status(&http, &running.issuer).await, 200);
}

async fn login_status(http: &reqwest::Client, issuer: &str) -> u16 {
    http.post(format!("{issuer}api/auth/login"))
        .json(&json!({"email": "newcomer@example.com", "password": "a long new passphrase"}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A script that waits for the issuer's port and then signs in (or runs `portcullis
/// roles assign --email admin@example.com …`) must find the demo users there: the
/// issuer listens only once seeding is done. The test connects as early as the port
/// accepts and signs in at once, on SQLite and on PostgreSQL.
#[tokio::test]
async fn the_demo_accepts_connections_only_once_its_users_exist() {
    let dir = temp_dir("demo-ready");
    let mut stores = vec![vec![
        "--data-dir".to_owned(),
        dir.to_str().unwrap().to_owned(),
    ]];
    if let Some(url) = portcullis_testkit::postgres::fresh_schema_url().await {
        stores.push(vec![
            "--database-url".into(),
            url,
            "--master-key".into(),
            "ef".repeat(32),
        ]);
    }
    for store in stores {
        // A port that was free a moment ago: the script's fixed port, known in advance.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = crate::helpers::portcullis()
            .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
            .args([
                "--demo-api-port",
                "0",
                "--demo-spa-port",
                "0",
                "--demo-corp-port",
                "0",
            ])
            .args(&store)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut connected = false;
        for _ in 0..30_000 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                connected = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        let issuer = format!("http://127.0.0.1:{port}/");
        let http = reqwest::Client::new();
        let first = if connected {
            http.post(format!("{issuer}api/auth/login"))
                .json(&json!({
                    "email": "admin@example.com",
                    "password": "demo-admin-password",
                    "audience": AUDIENCE,
                }))
                .send()
                .await
                .map(|r| r.status().as_u16())
        } else {
            Ok(0)
        };
        let ready = http.get(format!("{issuer}readyz")).send().await;
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            connected,
            "{store:?}: the issuer never accepted a connection"
        );
        assert_eq!(
            first.unwrap(),
            200,
            "{store:?}: the first sign-in after the port opened"
        );
        assert_eq!(ready.unwrap().status(), 200, "{store:?}");
    }
}
