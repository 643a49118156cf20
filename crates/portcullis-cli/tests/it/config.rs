//! Configuration: precedence, and clear errors with exit code 2.

use std::time::{Duration, Instant};

use crate::helpers::{run, serve, temp_dir};

/// Arguments, environment, and a phrase the error must contain.
type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);

#[test]
fn bad_configuration_exits_2_with_a_message_naming_the_problem() {
    let dir = temp_dir("cfg");
    let d = dir.to_str().unwrap();
    let unknown_key = dir.join("unknown.toml");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(&unknown_key, "listen = \"127.0.0.1:0\"\nlisen = 1\n").unwrap();
    let cases: Vec<Case<'_>> = vec![
        (
            vec![
                "serve",
                "--data-dir",
                d,
                "--issuer",
                "http://id.example.com",
            ],
            vec![],
            "plain HTTP",
        ),
        (
            vec!["serve", "--data-dir", d, "--issuer", "not a url"],
            vec![],
            "not a URL",
        ),
        (
            vec![
                "serve",
                "--data-dir",
                d,
                "--database-url",
                "postgres://127.0.0.1/x",
            ],
            vec![],
            "PORTCULLIS_MASTER_KEY",
        ),
        (
            vec!["serve", "--data-dir", d, "--signing-alg", "HS256"],
            vec![],
            "HS256",
        ),
        (
            vec!["serve", "--data-dir", d, "--access-token-ttl", "0"],
            vec![],
            "access_token_ttl",
        ),
        (
            vec!["serve", "--config", unknown_key.to_str().unwrap()],
            vec![],
            "lisen",
        ),
        (
            vec!["serve", "--config", "/nonexistent/portcullis.toml"],
            vec![],
            "cannot read",
        ),
        (
            vec!["serve", "--data-dir", d],
            vec![("PORTCULLIS_MASTER_KEY", "tooshort")],
            "64 hexadecimal",
        ),
    ];
    for (args, envs, needle) in cases {
        let out = run(&args, &envs);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

#[test]
fn flags_override_the_environment_which_overrides_the_file() {
    let dir = temp_dir("precedence");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("portcullis.toml");
    std::fs::write(
        &file,
        format!(
            "listen = \"127.0.0.1:1\"\ndata_dir = {:?}\n",
            dir.to_str().unwrap()
        ),
    )
    .unwrap();
    // The file says port 1 (unbindable); the flag wins.
    let running = serve(&[
        "--config",
        file.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
    ]);
    assert!(
        running.issuer.starts_with("http://127.0.0.1:"),
        "{}",
        running.issuer
    );
    assert!(!running.issuer.ends_with(":1/"));
    assert!(
        dir.join("portcullis.db").exists(),
        "data_dir came from the file"
    );
}

#[test]
fn an_unreachable_database_is_named_by_its_address_and_cause_at_once() {
    let master = "00".repeat(32);
    let started = Instant::now();
    let out = run(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            "postgres://postgres:distinctive-db-password@127.0.0.1:1/x",
        ],
        &[("PORTCULLIS_MASTER_KEY", &master)],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot connect to the database at 127.0.0.1:1: "),
        "{stderr}"
    );
    assert!(!stderr.contains("pool timed out"), "{stderr}");
    assert!(!stderr.contains("distinctive-db-password"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "failed fast, not after the pool's timeout: {:?}",
        started.elapsed()
    );
}
