//! Administrative commands, on SQLite and (when configured) PostgreSQL.

use crate::helpers::{run, temp_dir};

fn store_args(backend: &str, dir: &str, pg: Option<&str>) -> Vec<String> {
    match (backend, pg) {
        ("postgres", Some(url)) => vec![
            "--database-url".into(),
            url.into(),
            "--master-key".into(),
            "ab".repeat(32),
        ],
        _ => vec!["--data-dir".into(), dir.into()],
    }
}

async fn pg_url() -> Option<String> {
    portcullis_testkit::postgres::fresh_schema_url().await
}

fn ok(args: &[String], envs: &[(&str, &str)]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args, envs);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A command expected to fail as "not found" (exit 1); its standard error.
fn not_found(args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stderr.contains("not found"), "{args:?}: {stderr}");
    stderr
}

/// An issuer serving the same database as the commands, to see their effects.
struct Issuer {
    running: crate::helpers::Running,
    http: reqwest::Client,
}

impl Issuer {
    fn start(store: &[String]) -> Self {
        let mut args = vec!["--listen", "127.0.0.1:0"];
        args.extend(store.iter().map(String::as_str));
        Self {
            running: crate::helpers::serve(&args),
            http: reqwest::Client::new(),
        }
    }

    async fn answer(req: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or_default())
    }

    /// `POST /api/auth/login` with the password every test user has.
    async fn login(&self, email: &str) -> (u16, serde_json::Value) {
        let body = serde_json::json!({"email": email, "password": "correct horse battery"});
        let url = format!("{}api/auth/login", self.running.issuer);
        Self::answer(self.http.post(url).json(&body)).await
    }

    /// `POST /oauth/token` with `form`.
    async fn token(&self, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let url = format!("{}oauth/token", self.running.issuer);
        Self::answer(self.http.post(url).form(form)).await
    }

    /// `GET /userinfo` with `access_token`.
    async fn userinfo(&self, access_token: &str) -> u16 {
        let url = format!("{}userinfo", self.running.issuer);
        Self::answer(self.http.get(url).bearer_auth(access_token))
            .await
            .0
    }
}

#[tokio::test]
async fn apis_roles_users_clients_and_key_rotation() {
    let pg = pg_url().await;
    let dir = temp_dir("admin");
    for backend in ["sqlite", "postgres"] {
        if backend == "postgres" && pg.is_none() {
            continue;
        }
        let store = store_args(backend, dir.to_str().unwrap(), pg.as_deref());
        let with = |cmd: &[&str]| -> Vec<String> {
            let mut v: Vec<String> = cmd.iter().map(|s| (*s).to_owned()).collect();
            v.extend(store.iter().cloned());
            v
        };
        let issuer = Issuer::start(&store);
        let api = ok(
            &with(&[
                "apis",
                "create",
                "--identifier",
                "https://api.example.com",
                "--permission",
                "read:x",
            ]),
            &[],
        );
        assert!(api.starts_with("api_"), "{backend}: {api}");
        ok(
            &with(&[
                "roles",
                "create",
                "--name",
                "reader",
                "--api",
                "https://api.example.com",
                "--permission",
                "read:x",
            ]),
            &[],
        );
        let user = ok(
            &with(&["users", "create", "--email", "ada@example.com"]),
            &[("PORTCULLIS_NEW_PASSWORD", "correct horse battery")],
        );
        assert!(user.trim().starts_with("usr_"), "{backend}: {user}");
        let weak = run(
            &with(&["users", "create", "--email", "bob@example.com"])
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            &[("PORTCULLIS_NEW_PASSWORD", "password")],
        );
        assert_eq!(
            weak.status.code(),
            Some(2),
            "{backend}: a refused password is a usage error"
        );
        let roles_of_ada = || -> serde_json::Value {
            let get = ok(&with(&["users", "get", "ada@example.com"]), &[]);
            serde_json::from_str::<serde_json::Value>(&get).unwrap()["roles"].clone()
        };
        let assign = with(&[
            "roles",
            "assign",
            "--email",
            "ada@example.com",
            "--role",
            "reader",
        ]);
        ok(&assign, &[]);
        assert_eq!(roles_of_ada(), serde_json::json!(["reader"]), "{backend}");
        // A deleted client's credentials stop working.
        let client = ok(
            &with(&[
                "clients",
                "create",
                "--name",
                "job",
                "--audience",
                "https://api.example.com",
                "--permission",
                "read:x",
            ]),
            &[],
        );
        assert!(
            client.contains("client_id=cli_") && client.contains("client_secret=pcs_"),
            "{backend}: {client}"
        );
        let field = |name: &str| {
            client
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .unwrap()
                .to_owned()
        };
        let (client_id, client_secret) = (field("client_id="), field("client_secret="));
        let credentials = [
            ("grant_type", "client_credentials"),
            ("client_id", client_id.as_str()),
            ("client_secret", client_secret.as_str()),
        ];
        let (status, body) = issuer.token(&credentials).await;
        assert_eq!(status, 200, "{backend}: {body}");
        ok(&with(&["clients", "delete", &client_id]), &[]);
        let (status, body) = issuer.token(&credentials).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_client")),
            "{backend}: {body}"
        );
        // Unassigned, the role is gone from the user; deleted, it cannot be assigned.
        ok(
            &with(&[
                "roles",
                "unassign",
                "--user",
                "ada@example.com",
                "--role",
                "reader",
            ]),
            &[],
        );
        assert_eq!(roles_of_ada(), serde_json::json!([]), "{backend}");
        ok(&with(&["roles", "delete", "reader"]), &[]);
        not_found(&assign);
        // A deleted API cannot be granted any more.
        ok(&with(&["apis", "delete", "https://api.example.com"]), &[]);
        not_found(&with(&[
            "roles",
            "create",
            "--name",
            "writer",
            "--api",
            "https://api.example.com",
            "--permission",
            "read:x",
        ]));
        // Revoked sessions: the live access token and refresh token die.
        let (status, live) = issuer.login("ada@example.com").await;
        assert_eq!(status, 200, "{backend}: {live}");
        let access = live["access_token"].as_str().unwrap();
        assert_eq!(issuer.userinfo(access).await, 200, "{backend}");
        ok(&with(&["users", "revoke-sessions", "ada@example.com"]), &[]);
        assert_eq!(issuer.userinfo(access).await, 401, "{backend}");
        let refresh = live["refresh_token"].as_str().unwrap();
        let (status, body) = issuer
            .token(&[("grant_type", "refresh_token"), ("refresh_token", refresh)])
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{backend}: {body}"
        );
        // Disabled, the user cannot sign in; enabled again, they can.
        ok(&with(&["users", "disable", "ada@example.com"]), &[]);
        assert_eq!(issuer.login("ada@example.com").await.0, 401, "{backend}");
        ok(&with(&["users", "enable", "ada@example.com"]), &[]);
        assert_eq!(issuer.login("ada@example.com").await.0, 200, "{backend}");
        ok(&with(&["users", "delete", "ada@example.com"]), &[]);
        let gone = not_found(&with(&["users", "get", "ada@example.com"]));
        assert!(gone.contains("user not found"), "{backend}: {gone}");
        let staged = ok(&with(&["keys", "rotate", "--publish-delay", "0"]), &[]);
        assert!(staged.starts_with("staged "), "{backend}: {staged}");
        let promoted = ok(&with(&["keys", "rotate", "--publish-delay", "0"]), &[]);
        assert!(promoted.starts_with("promoted "), "{backend}: {promoted}");
        let list = ok(&with(&["keys", "list"]), &[]);
        assert!(
            list.contains("retired") && list.contains("active"),
            "{backend}: {list}"
        );
    }
}

#[test]
fn users_list_get_disable() {
    let dir = temp_dir("users");
    let d = dir.to_str().unwrap().to_owned();
    // `portcullis users <args> --data-dir <d>`, which must succeed; its output.
    let users = |args: &[&str], envs: &[(&str, &str)]| {
        let mut all = vec!["users".to_owned()];
        all.extend(args.iter().map(|a| (*a).to_owned()));
        all.extend(["--data-dir".to_owned(), d.clone()]);
        ok(&all, envs)
    };
    for email in ["ada@example.com", "bob@example.com", "cy@example.com"] {
        users(
            &["create", "--email", email],
            &[("PORTCULLIS_NEW_PASSWORD", "correct horse battery")],
        );
    }
    let all = users(&["list"], &[]);
    assert_eq!(all.lines().count(), 3, "{all}");
    let page = run(&["users", "list", "--limit", "2", "--data-dir", &d], &[]);
    assert_eq!(String::from_utf8_lossy(&page.stdout).lines().count(), 2);
    assert!(String::from_utf8_lossy(&page.stderr).contains("--after usr_"));
    let found = users(&["list", "--search", "bob"], &[]);
    assert!(
        found.contains("bob@example.com") && found.lines().count() == 1,
        "{found}"
    );
    let disabled = || {
        let get = users(&["get", "ada@example.com"], &[]);
        let json: serde_json::Value = serde_json::from_str(&get).unwrap();
        assert_eq!(json["email"].as_str(), Some("ada@example.com"));
        assert!(json.get("password_hash").is_none());
        json["disabled"].as_bool().unwrap()
    };
    assert!(!disabled());
    users(&["disable", "ada@example.com"], &[]);
    assert!(disabled());
    users(&["enable", "ada@example.com"], &[]);
    assert!(!disabled());
    let missing = run(
        &["users", "get", "nobody@example.com", "--data-dir", &d],
        &[],
    );
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
    assert!(stderr.contains("user not found"), "{stderr}");
}

#[test]
fn token_mint_inspect_verify_against_a_running_issuer() {
    let dir = temp_dir("token");
    let d = dir.to_str().unwrap().to_owned();
    let running = crate::helpers::serve(&["--listen", "127.0.0.1:0", "--data-dir", &d]);
    let issuer = running.issuer.clone();
    let token = ok(
        &[
            "token".into(),
            "mint".into(),
            "--issuer".into(),
            issuer.clone(),
            "--sub".into(),
            "tester".into(),
            "--permission".into(),
            "read:x".into(),
            "--data-dir".into(),
            d.clone(),
        ],
        &[],
    );
    let token = token.trim();
    let inspected: serde_json::Value =
        serde_json::from_str(&ok(&["token".into(), "inspect".into(), token.into()], &[])).unwrap();
    assert_eq!(inspected["claims"]["sub"], "tester");
    assert_eq!(inspected["header"]["typ"], "at+jwt");
    assert_eq!(inspected["verified"], false);
    let verified = ok(
        &[
            "token".into(),
            "verify".into(),
            "--issuer".into(),
            issuer.clone(),
            "--audience".into(),
            issuer.clone(),
            token.into(),
        ],
        &[],
    );
    assert!(
        verified.contains("\"verified\": true") && verified.contains("read:x"),
        "{verified}"
    );
    let wrong_aud = run(
        &[
            "token",
            "verify",
            "--issuer",
            &issuer,
            "--audience",
            "https://other",
            token,
        ],
        &[],
    );
    assert_eq!(wrong_aud.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong_aud.stderr).contains("not valid"));
    let garbage = run(&["token", "inspect", "not-a-token"], &[]);
    assert_eq!(garbage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&garbage.stderr).contains("not a JWT"));
}
