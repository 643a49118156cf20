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
        ok(
            &with(&[
                "roles",
                "assign",
                "--email",
                "ada@example.com",
                "--role",
                "reader",
            ]),
            &[],
        );
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
        let client_id = client
            .lines()
            .find_map(|l| l.strip_prefix("client_id="))
            .unwrap()
            .to_owned();
        let shown = ok(&with(&["clients", "show", &client_id]), &[]);
        assert!(
            shown.contains("party=first") && shown.contains("audiences=https://api.example.com\n"),
            "{backend}: {shown}"
        );
        // A third-party client that may also request a second API.
        ok(
            &with(&[
                "apis",
                "create",
                "--identifier",
                "https://other.example.com",
            ]),
            &[],
        );
        let partner = ok(
            &with(&[
                "clients",
                "create",
                "--name",
                "partner",
                "--audience",
                "https://api.example.com",
                "--allow-audience",
                "https://other.example.com",
                "--third-party",
            ]),
            &[],
        );
        let partner_id = partner
            .lines()
            .find_map(|l| l.strip_prefix("client_id="))
            .unwrap()
            .to_owned();
        let shown = ok(&with(&["clients", "show", &partner_id]), &[]);
        assert!(
            shown.contains("party=third")
                && shown.contains("audiences=https://api.example.com https://other.example.com\n"),
            "{backend}: {shown}"
        );
        let changed = ok(
            &with(&["clients", "update", &partner_id, "--third-party", "false"]),
            &[],
        );
        assert!(changed.contains("party=first"), "{backend}: {changed}");
        let unknown = run(
            &with(&[
                "clients",
                "create",
                "--name",
                "x",
                "--allow-audience",
                "https://nope.example.com",
            ])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
            &[],
        );
        assert_ne!(unknown.status.code(), Some(0), "{backend}");
        ok(&with(&["clients", "delete", &partner_id]), &[]);
        ok(&with(&["apis", "delete", "https://other.example.com"]), &[]);
        ok(&with(&["clients", "delete", &client_id]), &[]);
        for cmd in [
            &[
                "roles",
                "unassign",
                "--user",
                "ada@example.com",
                "--role",
                "reader",
            ][..],
            &["roles", "delete", "reader"],
            &["apis", "delete", "https://api.example.com"],
            &["users", "revoke-sessions", "ada@example.com"],
            &["users", "delete", "ada@example.com"],
        ] {
            ok(&with(cmd), &[]);
        }
        let gone = run(
            &with(&["users", "get", "ada@example.com"])
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            &[],
        );
        assert_eq!(gone.status.code(), Some(1), "{backend}: deleted");
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
    for email in ["ada@example.com", "bob@example.com", "cy@example.com"] {
        ok(
            &[
                "users".into(),
                "create".into(),
                "--email".into(),
                email.into(),
                "--data-dir".into(),
                d.clone(),
            ],
            &[("PORTCULLIS_NEW_PASSWORD", "correct horse battery")],
        );
    }
    let all = ok(
        &[
            "users".into(),
            "list".into(),
            "--data-dir".into(),
            d.clone(),
        ],
        &[],
    );
    assert_eq!(all.lines().count(), 3, "{all}");
    let page = run(&["users", "list", "--limit", "2", "--data-dir", &d], &[]);
    assert_eq!(String::from_utf8_lossy(&page.stdout).lines().count(), 2);
    assert!(String::from_utf8_lossy(&page.stderr).contains("--after usr_"));
    let found = ok(
        &[
            "users".into(),
            "list".into(),
            "--search".into(),
            "bob".into(),
            "--data-dir".into(),
            d.clone(),
        ],
        &[],
    );
    assert!(
        found.contains("bob@example.com") && found.lines().count() == 1,
        "{found}"
    );
    let get = ok(
        &[
            "users".into(),
            "get".into(),
            "ada@example.com".into(),
            "--data-dir".into(),
            d.clone(),
        ],
        &[],
    );
    let json: serde_json::Value = serde_json::from_str(&get).unwrap();
    assert_eq!(
        (json["email"].as_str(), json["disabled"].as_bool()),
        (Some("ada@example.com"), Some(false))
    );
    assert!(json.get("password_hash").is_none());
    ok(
        &[
            "users".into(),
            "disable".into(),
            "ada@example.com".into(),
            "--data-dir".into(),
            d.clone(),
        ],
        &[],
    );
    let get = ok(
        &[
            "users".into(),
            "get".into(),
            "ada@example.com".into(),
            "--data-dir".into(),
            d.clone(),
        ],
        &[],
    );
    assert!(get.contains("\"disabled\": true"), "{get}");
    ok(
        &[
            "users".into(),
            "enable".into(),
            "ada@example.com".into(),
            "--data-dir".into(),
            d.clone(),
        ],
        &[],
    );
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
