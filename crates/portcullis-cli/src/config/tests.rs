#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::{CommandFactory as _, Parser};
use portcullis_server::{Group, SETTINGS, ServerConfig};

use super::ServeConfigArgs;
use crate::commands::Cli;

/// `serve`'s configuration arguments alone, as `serve` flattens them.
#[derive(Debug, Parser)]
struct Serve {
    #[command(flatten)]
    config: ServeConfigArgs,
}

/// One setting's value from each source: the file's as TOML, the environment's and
/// the flag's as text (an empty flag value: the bare switch), each with what the
/// setting then reads back as.
struct Row {
    key: &'static str,
    file: (&'static str, &'static str),
    env: (&'static str, &'static str),
    flag: (&'static str, &'static str),
    read: fn(&ServerConfig) -> String,
}

fn secs(d: std::time::Duration) -> String {
    d.as_secs().to_string()
}

fn switch(key: &'static str, read: fn(&ServerConfig) -> String) -> Row {
    Row {
        key,
        file: ("true", "true"),
        env: ("false", "false"),
        flag: ("", "true"),
        read,
    }
}

/// Every setting: the test below fails when one is missing here.
fn rows() -> Vec<Row> {
    vec![
        Row {
            key: "listen",
            file: ("\"127.0.0.1:1001\"", "127.0.0.1:1001"),
            env: ("127.0.0.1:1002", "127.0.0.1:1002"),
            flag: ("127.0.0.1:1003", "127.0.0.1:1003"),
            read: |c| c.listen.to_string(),
        },
        Row {
            key: "issuer",
            file: ("\"https://file.example/\"", "https://file.example/"),
            env: ("https://env.example/", "https://env.example/"),
            flag: ("https://flag.example/", "https://flag.example/"),
            read: |c| c.issuer.clone().unwrap_or_default(),
        },
        Row {
            key: "data_dir",
            file: ("\"/srv/file\"", "/srv/file"),
            env: ("/srv/env", "/srv/env"),
            flag: ("/srv/flag", "/srv/flag"),
            read: |c| c.data_dir.display().to_string(),
        },
        Row {
            key: "database_url",
            file: ("\"postgres://file/x\"", "postgres://file/x"),
            env: ("postgres://env/x", "postgres://env/x"),
            flag: ("postgres://flag/x", "postgres://flag/x"),
            read: |c| {
                c.database_url
                    .as_ref()
                    .map(|s| s.expose().to_owned())
                    .unwrap_or_default()
            },
        },
        Row {
            key: "master_key",
            file: ("\"file-key\"", "file-key"),
            env: ("env-key", "env-key"),
            flag: ("flag-key", "flag-key"),
            read: |c| {
                c.master_key
                    .as_ref()
                    .map(|s| s.expose().to_owned())
                    .unwrap_or_default()
            },
        },
        Row {
            key: "signing_alg",
            file: ("\"RS256\"", "RS256"),
            env: ("EdDSA", "EdDSA"),
            flag: ("ES256", "ES256"),
            read: |c| format!("{:?}", c.signing_alg),
        },
        Row {
            key: "access_token_ttl",
            file: ("60", "60"),
            env: ("2m", "120"),
            flag: ("3m", "180"),
            read: |c| secs(c.access_token_ttl),
        },
        Row {
            key: "refresh_idle_ttl",
            file: ("\"1d\"", "86400"),
            env: ("2d", "172800"),
            flag: ("3600", "3600"),
            read: |c| secs(c.refresh_idle_ttl),
        },
        Row {
            key: "refresh_absolute_ttl",
            file: ("\"100d\"", "8640000"),
            env: ("200d", "17280000"),
            flag: ("300d", "25920000"),
            read: |c| secs(c.refresh_absolute_ttl),
        },
        Row {
            key: "default_audience",
            file: ("\"https://a.file\"", "https://a.file"),
            env: ("https://a.env", "https://a.env"),
            flag: ("https://a.flag", "https://a.flag"),
            read: |c| c.default_audience.clone().unwrap_or_default(),
        },
        Row {
            key: "key_publish_delay",
            file: ("1", "1"),
            env: ("2s", "2"),
            flag: ("3h", "10800"),
            read: |c| secs(c.key_publish_delay),
        },
        Row {
            key: "jwks_max_age",
            file: ("10", "10"),
            env: ("20", "20"),
            flag: ("30", "30"),
            read: |c| secs(c.jwks_max_age),
        },
        Row {
            key: "max_concurrent_hashes",
            file: ("101", "101"),
            env: ("102", "102"),
            flag: ("103", "103"),
            read: |c| c.max_concurrent_hashes.to_string(),
        },
        Row {
            key: "hash_queue_timeout",
            file: ("11", "11"),
            env: ("12", "12"),
            flag: ("13", "13"),
            read: |c| secs(c.hash_queue_timeout),
        },
        Row {
            key: "request_timeout",
            file: ("21", "21"),
            env: ("22", "22"),
            flag: ("23", "23"),
            read: |c| secs(c.request_timeout),
        },
        Row {
            key: "upstream_timeout",
            file: ("7", "7"),
            env: ("8", "8"),
            flag: ("9", "9"),
            read: |c| secs(c.upstream_timeout),
        },
        Row {
            key: "body_limit",
            file: ("2000", "2000"),
            env: ("3000", "3000"),
            flag: ("4000", "4000"),
            read: |c| c.body_limit.to_string(),
        },
        Row {
            key: "rate_limit_per_minute",
            file: ("1", "1"),
            env: ("2", "2"),
            flag: ("3", "3"),
            read: |c| c.rate_limit_per_minute.to_string(),
        },
        Row {
            key: "introspection_rate_limit_per_minute",
            file: ("4", "4"),
            env: ("5", "5"),
            flag: ("6", "6"),
            read: |c| c.introspection_rate_limit_per_minute.to_string(),
        },
        Row {
            key: "trusted_proxies",
            file: ("[\"10.0.0.1\"]", "10.0.0.1"),
            env: ("10.0.0.2, 10.0.0.3", "10.0.0.2,10.0.0.3"),
            flag: ("::1", "::1"),
            read: |c| {
                let ips: Vec<String> = c.trusted_proxies.iter().map(ToString::to_string).collect();
                ips.join(",")
            },
        },
        switch("allow_insecure_http", |c| c.allow_insecure_http.to_string()),
        Row {
            key: "smtp_url",
            file: ("\"smtps://file\"", "smtps://file"),
            env: ("smtps://env", "smtps://env"),
            flag: ("smtps://flag", "smtps://flag"),
            read: |c| {
                c.smtp_url
                    .as_ref()
                    .map(|s| s.expose().to_owned())
                    .unwrap_or_default()
            },
        },
        Row {
            key: "mail_from",
            file: ("\"file@example.com\"", "file@example.com"),
            env: ("env@example.com", "env@example.com"),
            flag: ("flag@example.com", "flag@example.com"),
            read: |c| c.mail_from.clone().unwrap_or_default(),
        },
        switch("allow_insecure_smtp", |c| c.allow_insecure_smtp.to_string()),
        switch("allow_unverified_email", |c| {
            c.allow_unverified_email.to_string()
        }),
        switch("mfa_required", |c| c.mfa_required.to_string()),
        switch("email_sign_in", |c| c.email_sign_in.to_string()),
        switch("allow_insecure_outbound_loopback", |c| {
            c.allow_insecure_outbound_loopback.to_string()
        }),
        switch("allow_insecure_outbound_private", |c| {
            c.allow_insecure_outbound_private.to_string()
        }),
        Row {
            key: "passkey_rp_id",
            file: ("\"file.example.com\"", "file.example.com"),
            env: ("env.example.com", "env.example.com"),
            flag: ("flag.example.com", "flag.example.com"),
            read: |c| c.passkey_rp_id.clone().unwrap_or_default(),
        },
        Row {
            key: "passkey_origins",
            file: ("[\"https://a.example.com\"]", "https://a.example.com"),
            env: (
                "https://b.example.com, https://c.example.com",
                "https://b.example.com,https://c.example.com",
            ),
            flag: ("https://d.example.com", "https://d.example.com"),
            read: |c| c.passkey_origins.join(","),
        },
    ]
}

fn setting(key: &str) -> &'static portcullis_server::Setting {
    SETTINGS.iter().find(|s| s.key == key).unwrap()
}

/// A TOML file holding `lines`, unique to this test run.
fn toml_file(name: &str, lines: &[String]) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "portcullis-cli-config-{}-{name}.toml",
        std::process::id()
    ));
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

/// `serve`'s configuration from a file (if any), the variables `env`, and `flags`.
fn load(file: Option<&Path>, env: &[(&str, &str)], flags: &[String]) -> ServerConfig {
    let mut argv = vec!["serve".to_owned()];
    if let Some(file) = file {
        argv.push(format!("--config={}", file.display()));
    }
    argv.extend(flags.iter().cloned());
    let args = Serve::try_parse_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    args.config
        .load_with(|name| {
            env.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
        .unwrap()
}

fn flag_arg(row: &Row) -> String {
    let flag = setting(row.key).flag();
    match row.flag.0 {
        "" => flag,
        value => format!("{flag}={value}"),
    }
}

#[test]
fn every_setting_has_a_row_here() {
    let declared: BTreeSet<&str> = SETTINGS.iter().map(|s| s.key).collect();
    let tested: BTreeSet<&str> = rows().iter().map(|r| r.key).collect();
    assert_eq!(
        declared, tested,
        "every setting of ServerConfig needs a row in rows()"
    );
}

#[test]
fn each_setting_reads_default_then_file_then_environment_then_flag() {
    let default = ServerConfig::default();
    for row in rows() {
        let s = setting(row.key);
        let read = row.read;
        assert_ne!(row.file.1, read(&default), "{}: file = default", row.key);
        assert_ne!(row.env.1, row.file.1, "{}: env = file", row.key);
        assert_ne!(row.flag.1, row.env.1, "{}: flag = env", row.key);
        let file = toml_file(row.key, &[format!("{} = {}", row.key, row.file.0)]);
        let env = [(s.env, row.env.0)];
        let flag = [flag_arg(&row)];

        assert_eq!(read(&load(None, &[], &[])), read(&default), "{}", row.key);
        assert_eq!(
            read(&load(Some(&file), &[], &[])),
            row.file.1,
            "{}",
            row.key
        );
        assert_eq!(
            read(&load(Some(&file), &env, &[])),
            row.env.1,
            "{}",
            row.key
        );
        assert_eq!(read(&load(None, &env, &[])), row.env.1, "{}", row.key);
        assert_eq!(
            read(&load(Some(&file), &env, &flag)),
            row.flag.1,
            "{}",
            row.key
        );
        assert_eq!(read(&load(None, &[], &flag)), row.flag.1, "{}", row.key);
        std::fs::remove_file(file).unwrap();
    }
}

#[test]
fn all_settings_at_once_each_take_the_flag() {
    let rows = rows();
    let lines: Vec<String> = rows
        .iter()
        .map(|r| format!("{} = {}", r.key, r.file.0))
        .collect();
    let file = toml_file("all", &lines);
    let env: Vec<(&str, &str)> = rows.iter().map(|r| (setting(r.key).env, r.env.0)).collect();
    let flags: Vec<String> = rows.iter().map(flag_arg).collect();
    let config = load(Some(&file), &env, &flags);
    for row in &rows {
        assert_eq!((row.read)(&config), row.flag.1, "{}", row.key);
    }
    let config = load(Some(&file), &env, &[]);
    for row in &rows {
        assert_eq!((row.read)(&config), row.env.1, "{}", row.key);
    }
    std::fs::remove_file(file).unwrap();
}

#[test]
fn an_empty_variable_is_unset_and_a_bad_one_is_named() {
    let file = toml_file("empty", &["listen = \"127.0.0.1:1001\"".to_owned()]);
    let config = load(Some(&file), &[("PORTCULLIS_LISTEN", "")], &[]);
    assert_eq!(config.listen.to_string(), "127.0.0.1:1001");
    std::fs::remove_file(file).unwrap();

    let args = Serve::try_parse_from(["serve"]).unwrap();
    let err = args
        .config
        .load_with(|name| (name == "PORTCULLIS_ACCESS_TOKEN_TTL").then(|| "15x".to_owned()))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("PORTCULLIS_ACCESS_TOKEN_TTL: "), "{err}");
    let err = Serve::try_parse_from(["serve", "--access-token-ttl", "15x"])
        .unwrap_err()
        .to_string();
    assert!(err.contains("--access-token-ttl"), "{err}");
}

#[test]
fn a_switch_given_true_elsewhere_is_turned_off_by_its_flag() {
    let config = load(
        None,
        &[("PORTCULLIS_ALLOW_INSECURE_HTTP", "true")],
        &["--allow-insecure-http=false".to_owned()],
    );
    assert!(!config.allow_insecure_http);
}

#[test]
fn serve_has_every_flag_and_administration_the_storage_ones() {
    let cli = Cli::command();
    let longs = |path: &[&str]| -> BTreeSet<String> {
        let mut cmd = &cli;
        for name in path {
            cmd = cmd.find_subcommand(name).unwrap();
        }
        cmd.get_arguments()
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .collect()
    };
    let serve = longs(&["serve"]);
    let users = longs(&["users", "list"]);
    for s in SETTINGS {
        assert!(serve.contains(&s.flag()), "serve lacks {}", s.flag());
        assert_eq!(
            users.contains(&s.flag()),
            s.group == Group::Storage,
            "users list and {}",
            s.flag()
        );
    }
    assert!(serve.contains("--config") && users.contains("--config"));
}

/// The README's table of settings, as `SETTINGS` renders it.
fn settings_table() -> String {
    let mut table = String::from(
        "| setting (TOML key) | flag | environment variable | what |\n|---|---|---|---|\n",
    );
    for s in SETTINGS {
        table.push_str(&format!(
            "| `{}` | `{}` | `{}` | {} |\n",
            s.key,
            s.flag(),
            s.env,
            s.help().replace('|', "\\|")
        ));
    }
    table
}

const TABLE_START: &str = "<!-- settings: generated from ServerConfig, checked by a test -->\n";
const TABLE_END: &str = "<!-- /settings -->";

#[test]
fn the_readme_lists_every_setting_with_its_three_sources() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find(TABLE_START)
        .expect("the README's settings table")
        + TABLE_START.len();
    let end = start + readme[start..].find(TABLE_END).expect("its end marker");
    let expected = settings_table();
    if readme[start..end] != expected {
        if std::env::var_os("PORTCULLIS_UPDATE_README").is_some() {
            let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!(
                "README.md's settings table is out of date \
                 (PORTCULLIS_UPDATE_README=1 rewrites it); expected:\n{expected}"
            );
        }
    }
}
