//! The account security page: signed out it asks for a sign-in; signed in it lists
//! passkeys and factors; changes need a sign-in within ten minutes and the page's CSRF
//! token; an authenticator app is set up with a QR code drawn on the server and a first
//! code; recovery codes are shown once and regenerated; the last way to sign in stays.

use portcullis_server::Clock;
use serde_json::json;

use super::*;
use crate::browser::{Browser, hidden_fields};
use crate::mfa::{T0, totp};

/// Posts the page's form for `action` (its CSRF token from `page`) with `fields`; the
/// page must offer it.
async fn act(
    s: &TestServer,
    b: &mut Browser,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    assert!(
        page.contains(&format!("value=\"{action}\"")),
        "{action} offered: {page}"
    );
    post_action(s, b, page, action, fields).await
}

/// Posts `action` with `fields` and the CSRF token of `page`, whether or not `page`
/// offers it (as a stale page would).
async fn post_action(
    s: &TestServer,
    b: &mut Browser,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let csrf = hidden_fields(page)
        .into_iter()
        .find(|(k, _)| k == "csrf")
        .unwrap();
    let mut form = vec![csrf, ("action".into(), action.into())];
    form.extend(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let (status, _, html) = b.post_form(&s.url("/account/security"), &form).await;
    (status, html)
}

/// The text of the element with `id` (its first text up to the next tag).
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id}: {html}"));
    let rest = &html[start..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    &rest[..rest.find('<').unwrap()]
}

#[tokio::test]
async fn the_page_manages_passkeys_and_the_authenticator_app() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        s.signup("ada@example.com").await;
        // Signed out: a sign-in form, the passkey script, nothing else.
        let mut anonymous = Browser::new();
        let (status, headers, page) = anonymous.get(&s.url("/account/security")).await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            page.contains("action=\"/account/security/sign-in\"")
                && !page.contains("id=\"passkeys\"")
        );
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe"),
            "{csp}"
        );
        assert_eq!(headers["cache-control"], "no-store");

        let mut b = signed_in(&s, "ada@example.com").await;
        let (_, _, page) = b.get(&s.url("/account/security")).await;
        assert_eq!(text_of(&page, "signed-in-as"), "Signed in as ", "{backend}");
        assert!(
            page.contains("<strong>ada@example.com</strong>"),
            "{backend}"
        );
        assert!(page.contains("data-passkey=\"register\"") && page.contains("id=\"no-passkeys\""));

        // Passkeys: added through the script, renamed and removed through forms.
        let mut key = soft(&s);
        let added = register(&s, &mut b, &mut key, "Laptop").await;
        let id = added["id"].as_str().unwrap();
        let (_, _, page) = b.get(&s.url("/account/security")).await;
        assert!(
            page.contains(&format!("id=\"{id}\"")) && page.contains(">Laptop<"),
            "{backend}"
        );
        let (status, page) = act(
            &s,
            &mut b,
            &page,
            "rename_passkey",
            &[("passkey", id), ("name", "Work laptop")],
        )
        .await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.contains(">Work laptop<"), "{backend}");
        let (status, page) = act(
            &s,
            &mut b,
            &page,
            "rename_passkey",
            &[("passkey", "pky_other"), ("name", "x")],
        )
        .await;
        assert_eq!(status, 404, "{backend}: {page}");
        // With a passkey, recovery codes can be had.
        let (status, page) = act(&s, &mut b, &page, "regenerate_codes", &[]).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.matches("<li>").count() >= 10, "{backend}: {page}");
        assert!(page.contains("Unused recovery codes: 10."), "{backend}");

        // The authenticator app: a QR code drawn on the server, confirmed by a code.
        let (status, page) = act(&s, &mut b, &page, "start_totp", &[]).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{backend}"
        );
        let secret = text_of(&page, "totp-secret").to_owned();
        let (status, page) = act(&s, &mut b, &page, "confirm_totp", &[("code", "000000")]).await;
        assert_eq!(status, 401, "{backend}: {page}");
        assert!(
            page.contains("Invalid code") && page.contains(&secret),
            "{backend}: shown again"
        );
        clock.advance(30);
        let code = totp(&secret, clock.now());
        let (status, page) = act(&s, &mut b, &page, "confirm_totp", &[("code", &code)]).await;
        assert_eq!(status, 200, "{backend}: {page}");
        let codes: Vec<&str> = page
            .split("id=\"recovery-codes\"")
            .nth(1)
            .unwrap()
            .split("<li>")
            .skip(1)
            .map(|c| &c[..19])
            .collect();
        assert_eq!(codes.len(), 10, "{backend}: shown once");
        assert!(page.contains("id=\"totp-on\""), "{backend}");
        let (_, _, again) = b.get(&s.url("/account/security")).await;
        assert!(!again.contains(codes[0]), "{backend}: never shown again");
        // Removing the app keeps the recovery codes while a passkey is left.
        let (status, page) = act(&s, &mut b, &again, "remove_totp", &[]).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.contains("id=\"totp-off\"") && page.contains("Unused recovery codes: 10."));
        // Removing the passkey: audited; with no factor left the codes go too.
        let (status, page) = act(&s, &mut b, &page, "remove_passkey", &[("passkey", id)]).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.contains("id=\"no-passkeys\""), "{backend}");
        let factors = s
            .server
            .idp()
            .second_factors(
                &s.server
                    .idp()
                    .find_user("ada@example.com")
                    .await
                    .unwrap()
                    .id,
            )
            .await
            .unwrap();
        assert_eq!(
            (factors.passkeys, factors.recovery_codes_left),
            (0, 0),
            "{backend}"
        );
        let removed = audited(&s, "factor.removed").await;
        let mut types: Vec<&str> = removed
            .iter()
            .map(|e| e["type"].as_str().unwrap())
            .collect();
        types.sort_unstable();
        assert_eq!(types, ["passkey", "totp"], "{backend}");
        assert_eq!(
            audited(&s, "factor.recovery_codes_regenerated").await.len(),
            1
        );
    }
}

#[tokio::test]
async fn the_page_and_what_it_refuses_speak_the_browsers_language() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        s.signup("ada@example.com").await;
        let mut anonymous = Browser::speaking("de-DE,de;q=0.9,en;q=0.5");
        let (_, _, page) = anonymous.get(&s.url("/account/security")).await;
        assert!(
            page.contains("<title>Kontosicherheit</title>")
                && page.contains("Melden Sie sich an, um zu verwalten"),
            "{backend}: {page}"
        );
        // A wrong password on the page's own sign-in.
        let mut form = fields_of(&page, "action=\"/account/security/sign-in\"");
        form.push(("email".into(), "ada@example.com".into()));
        form.push(("password".into(), "wrong password here".into()));
        let (status, _, html) = anonymous
            .post_form(&s.url("/account/security/sign-in"), &form)
            .await;
        assert_eq!(status, 401, "{backend}");
        assert_eq!(
            text_of(&html, "error"),
            "E-Mail-Adresse oder Passwort ist falsch",
            "{backend}"
        );

        let mut b = sign_in(&s, Browser::speaking("de"), "ada@example.com").await;
        let (_, _, page) = b.get(&s.url("/account/security")).await;
        assert!(
            page.contains("Angemeldet als <strong>ada@example.com</strong>"),
            "{backend}: {page}"
        );
        // The domain's refusals, in German.
        let (status, page) = post_action(&s, &mut b, &page, "regenerate_codes", &[]).await;
        assert_eq!(status, 409, "{backend}: {page}");
        assert_eq!(
            text_of(&page, "error"),
            "Wiederherstellungscodes ersetzen einen zweiten Faktor: Richten Sie zuerst einen ein.",
            "{backend}"
        );
        let mut key = soft(&s);
        let added = register(&s, &mut b, &mut key, "Laptop").await;
        let id = added["id"].as_str().unwrap();
        let (_, _, mut page) = b.get(&s.url("/account/security")).await;
        assert!(page.contains("hinzugefügt am") && page.contains("nie verwendet"));
        for (name, status, said) in [
            (" ", 400, "Geben Sie dem Passkey einen Namen."),
            (
                &"x".repeat(65)[..],
                400,
                "Der Name eines Passkeys darf höchstens 64 Zeichen lang sein.",
            ),
            (
                "a\u{7}b",
                400,
                "Der Name eines Passkeys darf keine Steuerzeichen enthalten.",
            ),
            ("Arbeit", 200, ""),
        ] {
            let (got, html) = act(
                &s,
                &mut b,
                &page,
                "rename_passkey",
                &[("passkey", id), ("name", name)],
            )
            .await;
            assert_eq!(got, status, "{backend}: {html}");
            if status == 200 {
                assert_eq!(text_of(&html, "notice"), "Passkey umbenannt.", "{backend}");
            } else {
                assert_eq!(text_of(&html, "error"), said, "{backend}");
            }
            page = html;
        }
        let (status, page) = act(
            &s,
            &mut b,
            &page,
            "rename_passkey",
            &[("passkey", "pky_other"), ("name", "x")],
        )
        .await;
        assert_eq!(status, 404, "{backend}: {page}");
        assert_eq!(text_of(&page, "error"), "Diesen Passkey gibt es nicht.");
        // A code for an app no one set up.
        let (status, page) =
            post_action(&s, &mut b, &page, "confirm_totp", &[("code", "000000")]).await;
        assert_eq!(status, 404, "{backend}: {page}");
        assert_eq!(
            text_of(&page, "error"),
            "Keine Authenticator-App wartet darauf, eingeschaltet zu werden."
        );
        // A form without its token: the German error page.
        let (status, _, html) = b
            .post_form(
                &s.url("/account/security"),
                &[("action".into(), "start_totp".into())],
            )
            .await;
        assert_eq!(status, 403, "{backend}");
        assert!(
            html.contains("Öffnen Sie die Kontoseite erneut."),
            "{backend}: {html}"
        );
    }
}

#[tokio::test]
async fn changes_need_a_recent_sign_in_and_the_pages_token() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        s.signup("ada@example.com").await;
        let mut b = signed_in(&s, "ada@example.com").await;
        let (_, _, page) = b.get(&s.url("/account/security")).await;
        // Without the CSRF token: refused.
        let (status, _, _) = b
            .post_form(
                &s.url("/account/security"),
                &[("action".into(), "start_totp".into())],
            )
            .await;
        assert_eq!(status, 403, "{backend}");
        // Eleven minutes later: the page asks to sign in again, and refuses changes.
        clock.advance(11 * 60);
        let (status, page_later) = act(&s, &mut b, &page, "start_totp", &[]).await;
        assert_eq!(status, 401, "{backend}: {page_later}");
        assert!(page_later.contains("Sign in again") && page_later.contains("Confirm it is you"));
        assert!(
            !page_later.contains("value=\"start_totp\""),
            "{backend}: no buttons"
        );
        assert!(
            s.server
                .idp()
                .pending_totp(
                    &s.server
                        .idp()
                        .find_user("ada@example.com")
                        .await
                        .unwrap()
                        .id
                )
                .await
                .unwrap()
                .is_none()
        );
        // Signing in again there: back to the page, buttons on, the old session ended.
        let mut form = fields_of(&page_later, "action=\"/account/security/sign-in\"");
        form.push(("email".into(), "ada@example.com".into()));
        form.push(("password".into(), PW.into()));
        let (status, _, _) = b
            .post_form(&s.url("/account/security/sign-in"), &form)
            .await;
        assert_eq!(status, 303, "{backend}");
        let (_, _, page) = b.get(&s.url("/account/security")).await;
        assert!(page.contains("value=\"start_totp\""), "{backend}");
        // A wrong password there: the sign-in form again.
        let mut other = Browser::new();
        let (_, _, fresh) = other.get(&s.url("/account/security")).await;
        let mut form = fields_of(&fresh, "action=\"/account/security/sign-in\"");
        form.push(("email".into(), "ada@example.com".into()));
        form.push(("password".into(), "wrong password here".into()));
        let (status, _, html) = other
            .post_form(&s.url("/account/security/sign-in"), &form)
            .await;
        assert_eq!(status, 401, "{backend}: {html}");
        assert!(!other.has_session());
    }
}

#[tokio::test]
async fn the_last_way_to_sign_in_cannot_be_removed() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        s.signup("ada@example.com").await;
        let mut b = signed_in(&s, "ada@example.com").await;
        let mut first = soft(&s);
        let one = register(&s, &mut b, &mut first, "One").await;
        let mut second = soft(&s);
        let two = register(&s, &mut b, &mut second, "Two").await;
        // An account without a usable password (a passkey-only account).
        let idp = s.server.idp();
        let ada = idp.find_user("ada@example.com").await.unwrap().id;
        idp.store().set_password_hash(&ada, "", T0).await.unwrap();
        let (_, _, page) = b.get(&s.url("/account/security")).await;
        let (status, page) = act(
            &s,
            &mut b,
            &page,
            "remove_passkey",
            &[("passkey", one["id"].as_str().unwrap())],
        )
        .await;
        assert_eq!(status, 200, "{backend}: {page}");
        let (status, page) = act(
            &s,
            &mut b,
            &page,
            "remove_passkey",
            &[("passkey", two["id"].as_str().unwrap())],
        )
        .await;
        assert_eq!(status, 409, "{backend}: {page}");
        assert!(page.contains("last way to sign in"), "{backend}");
        assert_eq!(idp.passkeys(&ada).await.unwrap().len(), 1, "{backend}");
        // The password back: the last passkey may go.
        idp.remove_passkey(&ada, two["id"].as_str().unwrap(), T0)
            .await
            .unwrap_err();
        idp.store()
            .set_password_hash(&ada, "$argon2id$placeholder", T0)
            .await
            .unwrap();
        idp.remove_passkey(&ada, two["id"].as_str().unwrap(), T0)
            .await
            .unwrap();
        let _ = json!({});
    }
}
