//! Failed sign-ins on the hosted pages count toward the same per-account throttle as
//! the JSON login, and the pages give the throttled answer (even to the right
//! password) until the delay has passed.

use super::links::{is_member, mailed_path};
use super::*;
use crate::helpers::{login_status, servers_at};
use portcullis_server::Clock;

const PW: &str = "correct horse battery";
/// Failures allowed before the first delay (NIST SP 800-63B §5.2.2 throttling as
/// documented in the issuer's throttle module).
const FREE_FAILURES: usize = 3;
/// The longest delay SECURITY.md promises (doubling delays up to 15 minutes).
const LONGEST_DELAY: i64 = 15 * 60;

fn throttled(backend: &str, what: &str, (status, headers, page): &Answer) {
    assert_eq!(*status, 429, "{backend}: {what}: {page}");
    assert!(
        page.contains("Too many sign-in attempts"),
        "{backend}: {what}: {page}"
    );
    assert!(
        !headers.contains_key("location")
            && !headers
                .get_all("set-cookie")
                .iter()
                .any(|c| c.to_str().unwrap().starts_with("portcullis_session=")),
        "{backend}: {what}: no code, no session"
    );
}

/// Signs in on the invitation page of `join` with `password`.
async fn join_with(s: &TestServer, join: &str, password: &str) -> Answer {
    let fields = [("email", "ada@example.com"), ("password", password)];
    let ((status, _, html), posted) = Browser::new().submit(s, join, "/join", &fields).await;
    assert_eq!(status, 200, "{html}");
    posted
}

#[tokio::test]
async fn hosted_sign_in_failures_share_the_account_throttle() {
    let clock = Clock::manual(1_800_000_000);
    for (backend, s) in servers_at(clock.clone()).await {
        setup(&s).await;
        let idp = s.server.idp();
        idp.create_org("Acme Inc.", "acme", None, None, clock.now())
            .await
            .unwrap();
        idp.invite("acme", "ada@example.com", "member", clock.now())
            .await
            .unwrap();
        let join = mailed_path(&s, "ada@example.com", "/join").await;
        let json_login = async |password: &str| login_status(&s, "ada@example.com", password).await;
        // One more failure than the free ones, spread over the JSON login, the sign-in
        // page and the invitation page.
        let mut failures = Vec::new();
        for _ in 0..FREE_FAILURES - 1 {
            failures.push(json_login("wrong password").await);
        }
        failures.push(
            sign_in(&s, &mut Browser::new(), "ada@example.com", "wrong password")
                .await
                .0,
        );
        failures.push(join_with(&s, &join, "wrong password").await.0);
        assert_eq!(failures, [401; FREE_FAILURES + 1], "{backend}");
        // Now every way in is throttled, also with the right password.
        throttled(
            backend,
            "sign-in page",
            &sign_in(&s, &mut Browser::new(), "ada@example.com", PW).await,
        );
        throttled(backend, "invitation page", &join_with(&s, &join, PW).await);
        assert_eq!(json_login(PW).await, 429, "{backend}");
        assert!(
            !is_member(&s, "acme", "ada@example.com").await,
            "{backend}: not joined while throttled"
        );
        // After the longest delay, both pages work again.
        clock.advance(LONGEST_DELAY);
        let (status, headers, page) = sign_in(&s, &mut Browser::new(), "ada@example.com", PW).await;
        assert_eq!(status, 302, "{backend}: {page}");
        assert!(param(&location_params(&headers).1, "code").is_some());
        let (status, _, page) = join_with(&s, &join, PW).await;
        assert_eq!(status, 200, "{backend}: {page}");
    }
}
