//! Per-account throttling of sign-in: one password check at a time per account (across
//! nodes), delays capped at 15 minutes so the real user is never locked out for good,
//! and the emailed reset link as the way out. Time moves on the servers' manual clock.

use portcullis_server::{Clock, Server, ServerConfig};

use super::*;
use crate::helpers::{
    API, Reply, config_for_pg, login, postgres_url, reply, servers_with, start_at, wrong_login,
};

const T0: i64 = 1_800_000_000;

/// SECURITY.md: "doubling delays to 15 min".
const FIFTEEN_MINUTES: i64 = 15 * 60;

/// Guessers use many addresses; the per-IP limit (a separate defence) is lifted so that
/// every guess reaches the per-account throttle.
fn many_addresses(c: ServerConfig) -> ServerConfig {
    ServerConfig {
        rate_limit_per_minute: 1_000_000,
        ..c
    }
}

fn retry_after(r: &Reply) -> i64 {
    r.headers["retry-after"].to_str().unwrap().parse().unwrap()
}

/// Sends `count` wrong-password logins for `email` at once, spread over `servers`.
async fn burst(servers: &[&TestServer], email: &str, count: usize) -> Vec<Reply> {
    let mut tasks = Vec::new();
    for i in 0..count {
        let s = servers[i % servers.len()];
        let (http, url) = (s.http.clone(), s.url("/api/auth/login"));
        let body = serde_json::json!({"email": email, "password": format!("guess {i}")});
        tasks.push(tokio::spawn(async move {
            reply(http.post(url).json(&body).send().await.unwrap()).await
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// Checks a burst's answers against the password checks it cost: each check answered
/// 401, every other guess 429 with a bounded `Retry-After` and the reset link offered,
/// and at one instant at most the three free failures plus the one that starts the
/// delay were checked. Returns the longest `Retry-After`.
fn judge(backend: &str, answers: &[Reply], checks: u64) -> i64 {
    let wrong = answers.iter().filter(|r| r.status == 401).count() as u64;
    let throttled: Vec<&Reply> = answers.iter().filter(|r| r.status == 429).collect();
    assert_eq!(
        wrong + throttled.len() as u64,
        answers.len() as u64,
        "{backend}: only 401 and 429"
    );
    assert_eq!(wrong, checks, "{backend}: a 429 costs no password check");
    assert!(
        (1..=4).contains(&checks),
        "{backend}: {checks} checks for {} guesses",
        answers.len()
    );
    for r in &throttled {
        assert!(
            r.text.contains("reset your password"),
            "{backend}: {}",
            r.text
        );
    }
    let longest = throttled.iter().map(|r| retry_after(r)).max().unwrap_or(1);
    assert!(
        throttled
            .iter()
            .all(|r| (1..=FIFTEEN_MINUTES).contains(&retry_after(r))),
        "{backend}: Retry-After bounded"
    );
    longest
}

#[tokio::test]
async fn concurrent_guesses_are_checked_one_at_a_time() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers_with(clock.clone(), many_addresses).await {
        s.signup("ada@example.com").await;
        let hasher = s.server.idp().hasher().clone();
        let before = hasher.jobs();
        let answers = burst(&[&s], "ada@example.com", 40).await;
        let longest = judge(backend, &answers, hasher.jobs() - before);
        assert_eq!(
            hasher.peak_concurrency(),
            1,
            "{backend}: never two password checks at once"
        );
        // The real user, once the (bounded) delay has passed.
        clock.advance(longest);
        login(&s, "ada@example.com", API).await;
    }
}

#[tokio::test]
async fn the_delay_is_capped_and_a_password_reset_clears_it() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers_with(clock.clone(), many_addresses).await {
        setup(&s).await;
        // A patient guesser who waits out every delay: the delays double, then stay
        // at 15 minutes.
        let mut failures = 0;
        let mut delays = Vec::new();
        while failures < 14 {
            let r = wrong_login(&s, "ada@example.com").await;
            match r.status {
                401 => failures += 1,
                429 => {
                    delays.push(retry_after(&r));
                    clock.advance(retry_after(&r));
                }
                other => panic!("{backend}: {other} {}", r.text),
            }
        }
        assert_eq!(
            delays,
            [2, 4, 8, 16, 32, 64, 128, 256, 512, FIFTEEN_MINUTES],
            "{backend}"
        );
        let waiting = wrong_login(&s, "ada@example.com").await;
        assert_eq!(
            (waiting.status, retry_after(&waiting)),
            (429, FIFTEEN_MINUTES),
            "{backend}"
        );
        // The hosted sign-in page says the same, and offers the reset link.
        let mut b = Browser::new();
        let (status, headers, page) =
            sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await;
        assert_eq!(status, 429, "{backend}: {page}");
        assert_eq!(headers["retry-after"], "900");
        assert!(
            page.contains("reset your password") && page.contains("forgot-password"),
            "{backend}: {page}"
        );
        // The emailed link: a new password, and the count starts again at once.
        let idp = s.server.idp();
        idp.request_password_reset("ada@example.com", clock.now())
            .await
            .unwrap();
        let mail = idp.outbox(Some("ada@example.com"), 10).await.unwrap();
        let reset = mail
            .iter()
            .find(|m| m.subject.starts_with("Reset"))
            .unwrap();
        let (status, _, reset_page) = b.get(&link_in(&reset.body, "http")).await;
        assert_eq!(status, 200, "{backend}");
        let mut form = hidden_fields(&reset_page);
        form.push(("password".into(), "a brand new passphrase".into()));
        let (status, _, done) = b
            .post_form(&format!("{}/reset-password", s.base), &form)
            .await;
        assert_eq!(status, 200, "{backend}: {done}");
        let after = s
            .post_json(
                "/api/auth/login",
                &serde_json::json!({"email": "ada@example.com", "password": "a brand new passphrase"}),
            )
            .await;
        assert_eq!(after.status, 200, "{backend}: {}", after.text);
    }
}

#[tokio::test]
async fn one_check_at_a_time_holds_across_nodes() {
    let Some(url) = postgres_url().await else {
        return;
    };
    let clock = Clock::manual(T0);
    let node = || start_at(many_addresses(config_for_pg(url.clone())), clock.clone());
    let (a, b) = tokio::join!(node(), node());
    a.server
        .idp()
        .create_api(API, "Hello", &[], T0)
        .await
        .unwrap();
    a.signup("ada@example.com").await;
    let hashers = [&a.server, &b.server].map(|s: &Server| s.idp().hasher().clone());
    let before: u64 = hashers.iter().map(|h| h.jobs()).sum();
    let answers = burst(&[&a, &b], "ada@example.com", 40).await;
    let after: u64 = hashers.iter().map(|h| h.jobs()).sum();
    let longest = judge("two nodes", &answers, after - before);
    clock.advance(longest);
    login(&b, "ada@example.com", API).await;
}

#[tokio::test]
async fn a_check_that_never_finished_frees_the_account_when_its_lease_ends() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers_with(clock.clone(), many_addresses).await {
        s.signup("ada@example.com").await;
        // A node reserved a check for ada and died before finishing it.
        let now = clock.now();
        let reserved = s
            .server
            .idp()
            .store()
            .reserve_login_attempt("ada@example.com", now, now + 30)
            .await
            .unwrap();
        assert_eq!(reserved, Some(0), "{backend}");
        let r = s
            .post_json(
                "/api/auth/login",
                &serde_json::json!({"email": "ada@example.com", "password": "correct horse battery"}),
            )
            .await;
        assert_eq!(
            (r.status, retry_after(&r)),
            (429, 1),
            "{backend}: {}",
            r.text
        );
        clock.advance(29);
        assert_eq!(wrong_login(&s, "ada@example.com").await.status, 429);
        // The 30 s lease ends: the account is free again.
        clock.advance(1);
        login(&s, "ada@example.com", API).await;
    }
}
