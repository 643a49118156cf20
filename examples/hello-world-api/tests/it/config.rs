//! Start-up: missing or wrong configuration ends the process with a clear message.

use std::process::Stdio;

use crate::helpers::command;

fn run(vars: &[(&str, String)]) -> (bool, String) {
    let out = command(vars)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn missing_or_wrong_configuration_exits_with_a_clear_message() {
    let (ok, err) = run(&[]);
    assert!(!ok);
    assert!(err.contains("AUDIENCE"), "{err}");
    let (ok, err) = run(&[("AUDIENCE", "https://hello-world.example.com".into())]);
    assert!(!ok);
    assert!(err.contains("ISSUER_BASE_URL"), "{err}");
    let (ok, err) = run(&[
        ("AUDIENCE", "a".into()),
        ("ISSUER_BASE_URL", "http://auth.example.com".into()),
    ]);
    assert!(!ok);
    assert!(err.contains("plain HTTP"), "{err}");
    let (ok, err) = run(&[
        ("AUDIENCE", "a".into()),
        ("ISSUER_BASE_URL", "https://auth.example.com".into()),
        ("PORT", "sixty".into()),
    ]);
    assert!(!ok);
    assert!(err.contains("PORT"), "{err}");
}
