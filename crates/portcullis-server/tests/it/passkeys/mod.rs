//! Passkeys end to end over HTTP, with a software authenticator standing in for the
//! browser and the passkey: registration and sign-in through the JSON endpoints, the
//! hosted sign-in page and its second step, the account security page, and every
//! hostile answer a ceremony must refuse. The issuer runs on `http://localhost:<port>/`
//! (an IP address cannot be a WebAuthn relying party).

mod account;
mod authenticator;
mod ceremonies;
mod hosted;

use portcullis_server::{Clock, ServerConfig};
use serde_json::{Value, json};

pub use authenticator::SoftPasskey;

use crate::browser::{Browser, hidden_fields};
use crate::helpers::{TestServer, servers_with};

pub const PW: &str = "correct horse battery";

/// One server per backend on `http://localhost:<port>/`, reading `clock`.
pub async fn servers(clock: &Clock) -> Vec<(&'static str, TestServer)> {
    servers_with(clock.clone(), |c| ServerConfig {
        issuer: Some("http://localhost:0/".into()),
        rate_limit_per_minute: 100_000,
        ..c
    })
    .await
}

/// The issuer's origin, as a browser on its pages names it.
pub fn origin(s: &TestServer) -> String {
    s.server.issuer().trim_end_matches('/').to_owned()
}

/// A new credential on the software authenticator, for this issuer.
pub fn soft(s: &TestServer) -> SoftPasskey {
    SoftPasskey::new("localhost", &origin(s))
}

/// The hidden fields of the form that begins at the first `marker` in `html`.
pub fn fields_of(html: &str, marker: &str) -> Vec<(String, String)> {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"));
    let form = &html[start..];
    let end = form.find("</form>").unwrap();
    hidden_fields(&form[..end])
}

/// A browser signed in as `email` (password) through the account page.
pub async fn signed_in(s: &TestServer, email: &str) -> Browser {
    sign_in(s, Browser::new(), email).await
}

/// `b`, signed in as `email` (password) through the account page.
pub async fn sign_in(s: &TestServer, mut b: Browser, email: &str) -> Browser {
    let (status, _, html) = b.get(&s.url("/account/security")).await;
    assert_eq!(status, 200, "{html}");
    let mut form = fields_of(&html, "action=\"/account/security/sign-in\"");
    form.push(("email".into(), email.into()));
    form.push(("password".into(), PW.into()));
    let (status, headers, body) = b
        .post_form(&s.url("/account/security/sign-in"), &form)
        .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(headers["location"], "/account/security");
    assert!(b.has_session());
    b
}

/// Begins a ceremony at `path` (`register/begin` or `authenticate/begin`).
pub async fn begin(s: &TestServer, b: &mut Browser, path: &str, body: &Value) -> Value {
    let (status, _, answer) = b
        .post_json(&s.url(&format!("/api/auth/passkeys/{path}")), None, body)
        .await;
    assert_eq!(status, 200, "{answer}");
    answer
}

/// Registers `key` as `name` for the browser's user; the passkey as listed.
pub async fn register(s: &TestServer, b: &mut Browser, key: &mut SoftPasskey, name: &str) -> Value {
    let begun = begin(s, b, "register/begin", &json!({})).await;
    let credential = key.create(&begun["options"]);
    let (status, _, answer) = b
        .post_json(
            &s.url("/api/auth/passkeys/register/finish"),
            Some(&origin(s)),
            &json!({"ceremony": begun["ceremony"], "name": name, "credential": credential}),
        )
        .await;
    assert_eq!(status, 201, "{answer}");
    answer
}

/// Signs in with `key` alone through the JSON endpoints: the status and the answer.
pub async fn sign_in_alone(s: &TestServer, b: &mut Browser, key: &mut SoftPasskey) -> (u16, Value) {
    let begun = begin(s, b, "authenticate/begin", &json!({})).await;
    let credential = key.get(&begun["options"]);
    let (status, _, answer) = b
        .post_json(
            &s.url("/api/auth/passkeys/authenticate/finish"),
            None,
            &json!({"ceremony": begun["ceremony"], "credential": credential}),
        )
        .await;
    (status, answer)
}

/// The audit events of `action` about `user`, oldest first.
pub async fn audited(s: &TestServer, action: &str) -> Vec<Value> {
    let rows = s
        .server
        .idp()
        .audit_events(None, Some(action), 100)
        .await
        .unwrap();
    rows.into_iter()
        .map(|r| serde_json::from_str(&r.details).unwrap())
        .collect()
}
