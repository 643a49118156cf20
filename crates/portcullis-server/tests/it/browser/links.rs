//! Emailed links expire: a reset link after an hour, a verification link after a day,
//! an invitation after a week, on the hosted pages and through the JSON API alike. Time
//! is the servers' manual clock; each link is tried a second before its end and at it.

use portcullis_server::Clock;
use serde_json::json;

use super::*;
use crate::helpers::{login, login_status, send, servers_at};

/// The lifetimes the mails and the security review promise, in seconds.
const RESET_LIFETIME: i64 = 3600;
const VERIFICATION_LIFETIME: i64 = 24 * 3600;
const INVITATION_LIFETIME: i64 = 7 * 24 * 3600;

const PW: &str = "correct horse battery";

/// The path and query of the link to `route` (e.g. `/join`) mailed to `to`.
///
/// Forgot-password mail is written by a worker after the form has answered, so this
/// waits for it (up to ten seconds).
pub(super) async fn mailed_path(s: &TestServer, to: &str, route: &str) -> String {
    let issuer = s.server.issuer().trim_end_matches('/');
    let prefix = format!("{issuer}{route}?");
    for _ in 0..200 {
        let mail = s.server.idp().store().outbox(Some(to), 10).await.unwrap();
        if let Some(body) = mail
            .iter()
            .map(|m| m.body.as_str())
            .find(|b| b.contains(&prefix))
        {
            let start = body.find(&prefix).unwrap() + issuer.len();
            return body[start..].split_whitespace().next().unwrap().to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no {prefix} link mailed to {to}")
}

/// Whether `email` is a member of the organization `slug`.
pub(super) async fn is_member(s: &TestServer, slug: &str, email: &str) -> bool {
    let idp = s.server.idp();
    let org = idp.store().org(slug).await.unwrap().unwrap();
    let user = idp.find_user(email).await.unwrap();
    idp.store()
        .membership(&org.id, &user.id)
        .await
        .unwrap()
        .is_some()
}

/// Moves `clock` to `at`.
fn move_to(clock: &Clock, at: i64) {
    assert!(at >= clock.now(), "the clock only moves forward");
    clock.advance(at - clock.now());
}

/// Follows a reset link and chooses a new password; the page's status.
async fn reset_with(s: &TestServer, path: &str, password: &str) -> (u16, String) {
    let ((status, _, page), (posted, _, answer)) = Browser::new()
        .submit(s, path, "/reset-password", &[("password", password)])
        .await;
    assert_eq!(status, 200, "{page}");
    (posted, answer)
}

async fn password_works(s: &TestServer, email: &str, password: &str) -> bool {
    login_status(s, email, password).await == 200
}

#[tokio::test]
async fn reset_and_verification_links_expire_on_time() {
    let clock = Clock::manual(1_800_000_000);
    for (backend, s) in servers_at(clock.clone()).await {
        let t0 = clock.now();
        let idp = s.server.idp();
        for u in ["reset-early@example.com", "reset-late@example.com"] {
            s.signup(u).await;
            let (_, (status, _, _)) = Browser::new()
                .submit(&s, "/forgot-password", "/forgot-password", &[("email", u)])
                .await;
            assert_eq!(status, 200, "{backend}");
        }
        let reset_early = mailed_path(&s, "reset-early@example.com", "/reset-password").await;
        let reset_late = mailed_path(&s, "reset-late@example.com", "/reset-password").await;
        for u in ["verify-early@example.com", "verify-late@example.com"] {
            s.signup(u).await;
            // The link sign-up mails when addresses must be confirmed first.
            let user = idp.find_user(u).await.unwrap();
            idp.send_verification(&user.id, clock.now()).await.unwrap();
        }
        let verify_early = mailed_path(&s, "verify-early@example.com", "/verify-email").await;
        let verify_late = mailed_path(&s, "verify-late@example.com", "/verify-email").await;

        // Reset: a second before the hour, the link works; at the hour, it does not,
        // and the password stays what it was.
        move_to(&clock, t0 + RESET_LIFETIME - 1);
        let (status, page) = reset_with(&s, &reset_early, "a brand new passphrase").await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(password_works(&s, "reset-early@example.com", "a brand new passphrase").await);
        move_to(&clock, t0 + RESET_LIFETIME);
        let (status, page) = reset_with(&s, &reset_late, "a brand new passphrase").await;
        assert_eq!(status, 400, "{backend}: {page}");
        assert!(page.contains("expired"), "{backend}: {page}");
        assert!(
            password_works(&s, "reset-late@example.com", PW).await,
            "{backend}: unchanged"
        );

        // Verification: the same a day after sending.
        let verified = async |email: &str| idp.find_user(email).await.unwrap().email_verified;
        assert!(!verified("verify-early@example.com").await, "{backend}");
        move_to(&clock, t0 + VERIFICATION_LIFETIME - 1);
        let r = s.get(&verify_early, None).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        assert!(verified("verify-early@example.com").await, "{backend}");
        move_to(&clock, t0 + VERIFICATION_LIFETIME);
        let r = s.get(&verify_late, None).await;
        assert_eq!(r.status, 400, "{backend}: {}", r.text);
        assert!(r.text.contains("expired"), "{backend}: {}", r.text);
        assert!(!verified("verify-late@example.com").await, "{backend}");
    }
}

/// Joins through the hosted page as `email`: the page's status and text, or the
/// invitation page's when it does not open.
async fn join_page(s: &TestServer, path: &str, email: &str) -> (u16, String) {
    let ((status, _, page), (posted, _, answer)) = Browser::new()
        .submit(s, path, "/join", &[("email", email), ("password", PW)])
        .await;
    if status == 200 {
        (posted, answer)
    } else {
        (status, page)
    }
}

/// Posts the join form of an invitation whose page no longer opens, with a CSRF pair
/// from another form: the submission itself must be refused too.
async fn join_directly(s: &TestServer, path: &str, email: &str) -> u16 {
    let token = path.split("token=").nth(1).unwrap();
    let fields = [("token", token), ("email", email), ("password", PW)];
    let (_, (status, _, _)) = Browser::new()
        .submit(s, "/forgot-password", "/join", &fields)
        .await;
    status
}

/// Accepts through the JSON API with a fresh access token of `email`.
async fn join_api(s: &TestServer, path: &str, email: &str) -> u16 {
    let token = path.split("token=").nth(1).unwrap();
    // Accepting takes a token minted for the issuer itself.
    let access = login(s, email, s.server.issuer()).await.body["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    send(
        s,
        reqwest::Method::POST,
        "/api/auth/invitations/accept",
        &access,
        Some(json!({ "token": token })),
    )
    .await
    .0
}

#[tokio::test]
async fn invitations_expire_after_a_week_on_the_page_and_in_the_api() {
    let clock = Clock::manual(1_800_000_000);
    for (backend, s) in servers_at(clock.clone()).await {
        let t0 = clock.now();
        let idp = s.server.idp();
        idp.create_org("Acme Inc.", "acme", None, None, t0)
            .await
            .unwrap();
        let people = [
            "page-early@example.com",
            "page-late@example.com",
            "api-early@example.com",
            "api-late@example.com",
        ];
        let mut links = Vec::new();
        for u in people {
            s.signup(u).await;
            idp.invite("acme", u, "member", clock.now()).await.unwrap();
            links.push(mailed_path(&s, u, "/join").await);
        }
        move_to(&clock, t0 + INVITATION_LIFETIME - 1);
        let (status, page) = join_page(&s, &links[0], people[0]).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.contains("You joined acme"), "{backend}: {page}");
        assert_eq!(join_api(&s, &links[2], people[2]).await, 200, "{backend}");
        move_to(&clock, t0 + INVITATION_LIFETIME);
        let (status, page) = join_page(&s, &links[1], people[1]).await;
        assert_eq!(status, 400, "{backend}: the page does not open");
        assert!(page.contains("expired"), "{backend}: {page}");
        assert_eq!(
            join_directly(&s, &links[1], people[1]).await,
            403,
            "{backend}: nor does its form"
        );
        assert_eq!(join_api(&s, &links[3], people[3]).await, 403, "{backend}");
        for (who, expected) in people.iter().zip([true, false, true, false]) {
            assert_eq!(
                is_member(&s, "acme", who).await,
                expected,
                "{backend}: {who}"
            );
        }
    }
}
