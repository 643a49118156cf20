//! Signing in with a code sent by email (`email_sign_in`): the code signs in once, in
//! the browser that asked for it; unknown addresses get the same answers and no mail;
//! wrong codes are given up and throttled like passwords; a user with a second factor
//! still gives it; and the whole thing is off unless the operator turns it on.

use portcullis_idp::MfaTarget;
use portcullis_server::{Clock, ServerConfig};

use super::mfa::amr_at_redirect;
use super::*;
use crate::helpers::servers_with;
use crate::mfa::{T0, enroll, many_addresses, totp};

fn with_email_sign_in(c: ServerConfig) -> ServerConfig {
    ServerConfig {
        email_sign_in: true,
        ..many_addresses(c)
    }
}

async fn servers(clock: &Clock) -> Vec<(&'static str, TestServer)> {
    servers_with(clock.clone(), with_email_sign_in).await
}

/// Asks for a code for `email` from the sign-in page of `url`: the code page.
async fn ask_code(s: &TestServer, b: &mut Browser, url: &str, email: &str) -> Answer {
    let (status, _, page) = b.get(url).await;
    assert_eq!(status, 200, "{page}");
    let mut form = login_fields(&page);
    form.push(("email".into(), email.into()));
    form.push(("password".into(), String::new()));
    b.post_form(&s.url("/authorize/email"), &form).await
}

/// Posts `code` on the code page `page`; a refusal's page (with its fresh CSRF token)
/// becomes `page`, as in a browser.
async fn post_code(s: &TestServer, b: &mut Browser, page: &mut String, code: &str) -> Answer {
    let form = form_with(page, &[("code", code)]);
    let answer = b.post_form(&s.url("/authorize/email/code"), &form).await;
    if answer.2.contains("action=\"/authorize/email/code\"") {
        page.clone_from(&answer.2);
    }
    answer
}

/// The mails with a sign-in code sent to `to`, newest first, once there are `count`.
async fn code_mails(s: &TestServer, to: &str, count: usize) -> Vec<String> {
    for _ in 0..200 {
        let mail: Vec<String> = s
            .server
            .idp()
            .outbox(Some(to), 50)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.body)
            .filter(|b| b.contains("/authorize/email?"))
            .collect();
        if mail.len() >= count {
            return mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("fewer than {count} sign-in codes mailed to {to}")
}

/// The code in a mail: the line of six digits.
fn code_in(body: &str) -> String {
    body.lines()
        .find(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no code in {body}"))
        .to_owned()
}

/// The newest code mailed to `to`, once `count` were.
async fn newest_code(s: &TestServer, to: &str, count: usize) -> String {
    code_in(&code_mails(s, to, count).await[0])
}

/// A code other than `right`.
fn other_than(right: &str, i: u32) -> String {
    (0..)
        .map(|n: u32| format!("{:06}", 100_000 + i * 10 + n))
        .find(|c| c != right)
        .unwrap()
}

#[tokio::test]
async fn a_mailed_code_signs_in_once_without_a_password() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let mut b = Browser::new();
        let (_, _, signin) = b.get(&authorize_url(&s, "")).await;
        assert!(
            signin.contains("formaction=\"/authorize/email\""),
            "{backend}: the sign-in page offers a code: {signin}"
        );
        let (status, _, mut page) =
            ask_code(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains("<strong>ada@example.com</strong>"),
            "{backend}: {page}"
        );
        assert!(!b.has_session(), "{backend}");
        let code = newest_code(&s, "ada@example.com", 1).await;
        let (status, headers, body) = post_code(&s, &mut b, &mut page, &code).await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert!(b.has_session(), "{backend}");
        assert!(
            !b.cookies.iter().any(|(k, _)| k.contains("email_sign_in")),
            "{backend}: the handle is dropped once used"
        );
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            serde_json::json!(["email"]),
            "{backend}"
        );
        // The code worked once.
        let mut again = Browser::new();
        let (_, _, mut page) =
            ask_code(&s, &mut again, &authorize_url(&s, ""), "ada@example.com").await;
        code_mails(&s, "ada@example.com", 2).await;
        let (status, _, body) = post_code(&s, &mut again, &mut page, &code).await;
        assert_eq!(status, 401, "{backend}: {body}");
        assert!(body.contains("Wrong or expired code"), "{backend}: {body}");
        assert!(!again.has_session(), "{backend}");
        for action in ["email_code.sent", "email_code.failure"] {
            let events = s
                .server
                .idp()
                .audit_events(None, Some(action), 100)
                .await
                .unwrap();
            assert!(!events.is_empty(), "{backend}: no {action}");
        }
    }
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answers_and_no_mail() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let mut known = Browser::new();
        let mut unknown = Browser::new();
        let (ks, _, mut kpage) =
            ask_code(&s, &mut known, &authorize_url(&s, ""), "ada@example.com").await;
        let (us, _, mut upage) = ask_code(
            &s,
            &mut unknown,
            &authorize_url(&s, ""),
            "nobody@example.com",
        )
        .await;
        assert_eq!((ks, us), (200, 200), "{backend}");
        let strip = |page: &str, email: &str| {
            page.replace(email, "EMAIL")
                .split("name=\"csrf\" value=\"")
                .map(|part| {
                    part.split_once('"')
                        .map_or(part, |(_, rest)| rest)
                        .to_owned()
                })
                .collect::<String>()
        };
        assert_eq!(
            strip(&kpage, "ada@example.com"),
            strip(&upage, "nobody@example.com"),
            "{backend}: the pages differ only in the address"
        );
        // The queue is handled in order: once a later request's mail is there, the
        // unknown address's request was handled too.
        let mut later = Browser::new();
        ask_code(&s, &mut later, &authorize_url(&s, ""), "ada@example.com").await;
        code_mails(&s, "ada@example.com", 2).await;
        assert!(
            s.server
                .idp()
                .outbox(Some("nobody@example.com"), 10)
                .await
                .unwrap()
                .is_empty(),
            "{backend}"
        );
        // A code for it is refused as a wrong code is.
        let (k, _, kbody) = post_code(&s, &mut known, &mut kpage, "123456").await;
        let (u, _, ubody) = post_code(&s, &mut unknown, &mut upage, "123456").await;
        assert_eq!((k, u), (401, 401), "{backend}");
        assert_eq!(
            strip(&kbody, "ada@example.com"),
            strip(&ubody, "nobody@example.com"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_mails_link_fills_the_code_in_only_in_the_browser_that_asked() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let mut b = Browser::new();
        ask_code(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
        let code = newest_code(&s, "ada@example.com", 1).await;
        let link = super::links::mailed_path(&s, "ada@example.com", "/authorize/email").await;
        // Elsewhere: told where to type the code; no form, no session.
        let mut elsewhere = Browser::new();
        let (status, _, page) = elsewhere.get(&s.url(&link)).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains(&format!("Enter this code there: {code}")),
            "{backend}: {page}"
        );
        assert!(
            !page.contains("action=\"/authorize/email/code\""),
            "{backend}"
        );
        assert!(!elsewhere.has_session(), "{backend}");
        // Here: the code page, filled in; one click signs in (following the link alone
        // does not: mail scanners follow links).
        let (status, _, mut page) = b.get(&s.url(&link)).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains(&format!("value=\"{code}\"")),
            "{backend}: {page}"
        );
        assert!(!b.has_session(), "{backend}");
        let (status, headers, body) = post_code(&s, &mut b, &mut page, &code).await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            serde_json::json!(["email"]),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn wrong_codes_give_the_code_up_and_are_throttled_like_passwords_for_any_address() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let mut statuses = Vec::new();
        for email in ["ada@example.com", "nobody@example.com"] {
            let mut b = Browser::new();
            let (_, _, mut page) = ask_code(&s, &mut b, &authorize_url(&s, ""), email).await;
            let right = if email == "ada@example.com" {
                newest_code(&s, email, 1).await
            } else {
                "123456".to_owned()
            };
            let mut seen = Vec::new();
            // Three wrong codes cost nothing, the fourth sets a wait.
            for i in 0..4 {
                seen.push(
                    post_code(&s, &mut b, &mut page, &other_than(&right, i))
                        .await
                        .0,
                );
            }
            let (status, headers, body) = post_code(&s, &mut b, &mut page, &right).await;
            seen.push(status);
            assert!(body.contains("Too many wrong codes"), "{backend}: {body}");
            assert!(headers.contains_key("retry-after"), "{backend}");
            clock.advance(3);
            seen.push(
                post_code(&s, &mut b, &mut page, &other_than(&right, 9))
                    .await
                    .0,
            );
            // Five wrong codes: this code is given up, even once the wait is over.
            clock.advance(60);
            let (status, _, body) = post_code(&s, &mut b, &mut page, &right).await;
            seen.push(status);
            assert!(!b.has_session(), "{backend}: {email}: {body}");
            statuses.push(seen);
        }
        assert_eq!(
            statuses[0],
            [401, 401, 401, 401, 429, 401, 401],
            "{backend}"
        );
        assert_eq!(
            statuses[0], statuses[1],
            "{backend}: the same for an unknown address"
        );
        // A new code works (and clears the count, as a right password does).
        clock.advance(60);
        let mut b = Browser::new();
        let (_, _, mut page) =
            ask_code(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
        let code = newest_code(&s, "ada@example.com", 2).await;
        assert_eq!(
            post_code(&s, &mut b, &mut page, &code).await.0,
            302,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_few_codes_go_to_one_address_per_ten_minutes() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let mut b = Browser::new();
        for _ in 0..4 {
            let (status, _, _) =
                ask_code(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
            assert_eq!(status, 200, "{backend}");
        }
        clock.advance(601);
        // The next request is mailed: once it is there, the fourth was handled (and dropped).
        let (_, _, mut page) =
            ask_code(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
        let mails = code_mails(&s, "ada@example.com", 4).await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(
            s.server
                .idp()
                .outbox(Some("ada@example.com"), 50)
                .await
                .unwrap()
                .iter()
                .filter(|m| m.body.contains("/authorize/email?"))
                .count(),
            4,
            "{backend}: three, then none until ten minutes passed"
        );
        // Only the newest code works: each request replaced the browser's handle.
        let newest = code_in(&mails[0]);
        let older = code_in(&mails[1]);
        if older != newest {
            assert_eq!(
                post_code(&s, &mut b, &mut page, &older).await.0,
                401,
                "{backend}"
            );
        }
        assert_eq!(
            post_code(&s, &mut b, &mut page, &newest).await.0,
            302,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_second_factor_is_still_asked_after_the_code_and_a_policy_still_enrols() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let ada = enroll(&s, &clock, "ada@example.com").await;
        clock.advance(30);
        let mut b = Browser::new();
        let (_, _, mut page) =
            ask_code(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
        let code = newest_code(&s, "ada@example.com", 1).await;
        let (status, _, step) = post_code(&s, &mut b, &mut page, &code).await;
        assert_eq!(status, 200, "{backend}: {step}");
        assert!(
            step.contains("action=\"/authorize/mfa\""),
            "{backend}: {step}"
        );
        assert!(
            !b.has_session(),
            "{backend}: no session before the second factor"
        );
        let form = form_with(&step, &[("code", &totp(&ada.secret, clock.now()))]);
        let (status, headers, body) = b.post_form(&s.url("/authorize/mfa"), &form).await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            serde_json::json!(["email", "otp", "mfa"]),
            "{backend}"
        );

        // A member of an organization that requires a second factor sets one up first.
        s.signup("bea@example.com").await;
        let idp = s.server.idp();
        idp.create_org(
            "Acme Inc.",
            "acme",
            None,
            Some("bea@example.com"),
            clock.now(),
        )
        .await
        .unwrap();
        idp.require_mfa(MfaTarget::Organization, "acme", true, clock.now())
            .await
            .unwrap();
        let mut b = Browser::new();
        let (_, _, mut page) =
            ask_code(&s, &mut b, &authorize_url(&s, ""), "bea@example.com").await;
        let code = newest_code(&s, "bea@example.com", 1).await;
        let (status, _, enrol) = post_code(&s, &mut b, &mut page, &code).await;
        assert_eq!(status, 200, "{backend}: {enrol}");
        assert!(
            enrol.contains("Set up two-step verification"),
            "{backend}: {enrol}"
        );
        assert!(!b.has_session(), "{backend}");
    }
}

#[tokio::test]
async fn sign_in_by_email_is_off_unless_turned_on() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers_with(clock.clone(), many_addresses).await {
        setup(&s).await;
        let mut b = Browser::new();
        let (_, _, signin) = b.get(&authorize_url(&s, "")).await;
        assert!(!signin.contains("/authorize/email"), "{backend}: {signin}");
        let (status, _, _) = ask_code(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
        assert_eq!(status, 404, "{backend}");
        let (status, _, _) = b.get(&s.url("/authorize/email?code=123456")).await;
        assert_eq!(status, 404, "{backend}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(
            s.server
                .idp()
                .outbox(Some("ada@example.com"), 10)
                .await
                .unwrap()
                .iter()
                .all(|m| !m.body.contains("/authorize/email?")),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn hostile_input_is_refused_plainly() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let mut b = Browser::new();
        // Not an address: the sign-in page again, saying so.
        let (status, _, page) =
            ask_code(&s, &mut b, &authorize_url(&s, ""), "not-an-address").await;
        assert_eq!(status, 400, "{backend}: {page}");
        assert!(
            page.contains("Enter your email address first."),
            "{backend}"
        );
        let (_, _, mut page) =
            ask_code(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
        for code in [
            "",
            "12345",
            "1234567",
            "abcdef",
            &"9".repeat(10_000),
            "１２３４５６",
        ] {
            let (status, _, body) = post_code(&s, &mut b, &mut page, code).await;
            assert!(
                status == 401 || status == 429,
                "{backend}: {code:?} answered {status}: {body}"
            );
        }
        // No handle cookie, or a forged one: refused as a wrong code.
        let right = newest_code(&s, "ada@example.com", 1).await;
        let mut forged = Browser::new();
        let (_, _, forged_page) = forged.get(&authorize_url(&s, "")).await;
        let mut form = login_fields(&forged_page);
        form.extend([
            ("email".to_owned(), "ada@example.com".to_owned()),
            ("code".to_owned(), right.clone()),
        ]);
        forged
            .cookies
            .push(("portcullis_email_sign_in".into(), "pes_forged".into()));
        let (status, _, _) = forged
            .post_form(&s.url("/authorize/email/code"), &form)
            .await;
        assert!(status == 401 || status == 429, "{backend}: {status}");
        assert!(!forged.has_session(), "{backend}");
        // A link with a broken authorization request is refused like `/authorize`.
        let (status, _, _) = b
            .get(&s.url("/authorize/email?client_id=nope&code=123456"))
            .await;
        assert_eq!(status, 400, "{backend}");
    }
}
