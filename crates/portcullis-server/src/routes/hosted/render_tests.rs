//! Every hosted page and every page-level message rendered in every language of the
//! catalogue. The catalogue is strict in tests: a missing message or a variable not
//! given panics here, before any user could see English in a German page.

use askama::Template;
use axum::body::to_bytes;
use axum::response::{IntoResponse, Response};
use portcullis_i18n::{Locale, sync_scope};

use super::error::PageError;
use super::page::{
    self, Brand, ChooseOrg, Consent, EmailCode, Enrol, ErrorPage, Forgot, Join, LoggedOut,
    LogoutConfirm, Message, RecoveryCodes, Reset, SecondFactor, SignIn, SignUp,
};
use crate::i18n::translate_domain;

fn params() -> Vec<(&'static str, String)> {
    vec![("client_id", "app".into()), ("ui_locales", "ja".into())]
}

fn brand() -> Option<Brand> {
    None
}

/// Renders one page.
type Render = Box<dyn Fn() -> askama::Result<String>>;

/// Every template, rendered in the current language.
fn every_page() -> Vec<(&'static str, String)> {
    let err = Some("<b>why</b>");
    let pages: Vec<(&'static str, Render)> = vec![
        (
            "signin",
            Box::new(move || {
                SignIn {
                    client_name: "Acme <App>",
                    brand: brand(),
                    error: err,
                    csrf: "c",
                    email: "a@example.com",
                    params: params(),
                    query: "client_id=app".into(),
                    script: Some("/assets/passkeys.js"),
                    email_code: true,
                }
                .render()
            }),
        ),
        (
            "signup",
            Box::new(move || {
                SignUp {
                    client_name: "Acme",
                    brand: brand(),
                    min_password: 8,
                    error: err,
                    csrf: "c",
                    email: "",
                    name: "",
                    params: params(),
                    query: String::new(),
                }
                .render()
            }),
        ),
        (
            "consent",
            Box::new(|| {
                Consent {
                    client_name: "Acme",
                    brand: brand(),
                    audience: "https://api.example.com",
                    scopes: vec![
                        ("openid", Some("consent-scope-openid")),
                        ("profile", Some("consent-scope-profile")),
                        ("email", Some("consent-scope-email")),
                        ("offline_access", Some("consent-scope-offline_access")),
                        ("read:x", None),
                    ],
                    shown: "openid".into(),
                    csrf: "c",
                    params: params(),
                }
                .render()
            }),
        ),
        (
            "second_factor",
            Box::new(move || {
                SecondFactor {
                    action: "/authorize/mfa",
                    error: err,
                    csrf: "c",
                    mfa_token: "m",
                    params: params(),
                    totp: true,
                    script: Some("/assets/passkeys.js"),
                }
                .render()
            }),
        ),
        (
            "enrol",
            Box::new(move || {
                Enrol {
                    action: "/authorize/mfa/enrol",
                    reason: crate::i18n::text_with(
                        "enrol-reason-organization",
                        "name",
                        "Acme <Inc>",
                    ),
                    qr_svg: "<svg></svg>".into(),
                    secret: "JBSWY3DPEHPK3PXP",
                    error: err,
                    csrf: "c",
                    mfa_token: "m",
                    params: params(),
                }
                .render()
            }),
        ),
        (
            "recovery_codes",
            Box::new(move || {
                RecoveryCodes {
                    action: "/authorize/continue",
                    codes: vec!["abcd-efgh", "ijkl-mnop"],
                    csrf: "c",
                    params: params(),
                }
                .render()
            }),
        ),
        (
            "email_code",
            Box::new(move || {
                EmailCode {
                    client_name: "Acme <App>",
                    brand: brand(),
                    error: err,
                    csrf: "c",
                    email: "a@example.com",
                    code: "123456",
                    params: params(),
                    query: "client_id=app".into(),
                }
                .render()
            }),
        ),
        (
            "choose_org",
            Box::new(|| {
                ChooseOrg {
                    client_name: "Acme",
                    choices: vec![("/authorize?x".into(), "Acme Inc".into(), "acme".into())],
                }
                .render()
            }),
        ),
        (
            "join",
            Box::new(move || {
                Join {
                    org_name: "Acme",
                    role: "admin",
                    invited: "a@example.com",
                    token: "t",
                    csrf: "c",
                    error: err,
                }
                .render()
            }),
        ),
        ("forgot", Box::new(|| Forgot { csrf: "c" }.render())),
        (
            "reset",
            Box::new(move || {
                Reset {
                    min_password: 8,
                    csrf: "c",
                    token: "t",
                    error: err,
                }
                .render()
            }),
        ),
        (
            "message",
            Box::new(|| {
                Message {
                    title: "T",
                    message: "M",
                    link: Some(("/x".into(), "L")),
                }
                .render()
            }),
        ),
        ("error", Box::new(|| ErrorPage { message: "M" }.render())),
        (
            "logout_confirm",
            Box::new(|| {
                LogoutConfirm {
                    csrf: "c",
                    params: params(),
                }
                .render()
            }),
        ),
        ("logged_out", Box::new(|| LoggedOut.render())),
    ];
    pages
        .into_iter()
        .map(|(name, render)| (name, render().unwrap_or_else(|e| panic!("{name}: {e}"))))
        .collect()
}

async fn body(res: Response) -> String {
    let bytes = to_bytes(res.into_body(), 1 << 20).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Every page a handler builds from the catalogue's sentences (messages, errors).
async fn every_message_page() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (name, res) in [
        ("throttled", page::too_many_attempts(42)),
        ("throttled-1", page::too_many_attempts(1)),
        (
            "form-expired",
            PageError::FormExpired("then-open-invitation").into_response(),
        ),
        (
            "form-expired-2",
            PageError::FormExpired("then-try-again").into_response(),
        ),
        (
            "form-expired-3",
            PageError::FormExpired("then-open-email-link").into_response(),
        ),
        (
            "form-expired-4",
            PageError::FormExpired("error-go-back").into_response(),
        ),
        ("signed-out", PageError::SignedOut.into_response()),
        ("email-sign-in-off", super::email_code::off()),
        (
            "email-code-elsewhere",
            super::email_code::elsewhere("123456"),
        ),
        (
            "unavailable",
            PageError::Unavailable("db".into()).into_response(),
        ),
    ] {
        out.push((name, body(res).await));
    }
    out
}

fn check(locale: Locale, name: &str, html: &str) {
    assert!(
        html.contains(&format!("<html lang=\"{}\" dir=\"ltr\">", locale.tag())),
        "{locale}/{name}: {html}"
    );
    for leak in ["{ $", "{$", "\u{E000}", "\u{2068}"] {
        assert!(
            !html.contains(leak),
            "{locale}/{name} leaks {leak:?}: {html}"
        );
    }
    // Values are escaped, also where a message emphasises them.
    assert!(
        !html.contains("<b>") && !html.contains("<App>"),
        "{locale}/{name}: {html}"
    );
}

#[test]
fn every_page_renders_in_every_language() {
    let english = sync_scope(Locale::ENGLISH, every_page);
    for locale in Locale::all() {
        let pages = sync_scope(locale, every_page);
        for ((name, html), (_, en)) in pages.iter().zip(&english) {
            check(locale, name, html);
            // Each page says something of its own in every language but English…
            if locale != Locale::ENGLISH && !matches!(*name, "message" | "error") {
                assert_ne!(html, en, "{locale}/{name} is the English page");
            }
        }
    }
}

#[tokio::test]
async fn every_message_page_renders_in_every_language() {
    let english = portcullis_i18n::scope(Locale::ENGLISH, every_message_page()).await;
    for locale in Locale::all() {
        let pages = portcullis_i18n::scope(locale, every_message_page()).await;
        for ((name, html), (_, en)) in pages.iter().zip(&english) {
            check(locale, name, html);
            if locale != Locale::ENGLISH {
                assert_ne!(html, en, "{locale}/{name} is the English page");
            }
        }
    }
}

#[test]
fn a_japanese_sign_in_page_reads_japanese() {
    let ja = Locale::find("ja").unwrap();
    let pages = sync_scope(ja, every_page);
    let signin = &pages[0].1;
    assert!(signin.contains("<title>サインイン</title>"), "{signin}");
    assert!(
        signin.contains("<strong>Acme &lt;App&gt;</strong> に進むには"),
        "{signin}"
    );
    assert!(signin.contains("パスワードをお忘れですか？"));
    let de = Locale::find("de").unwrap();
    let signup = &sync_scope(de, every_page)[1].1;
    assert!(
        signup.contains("Passwort (mindestens 8 Zeichen)"),
        "{signup}"
    );
    assert_eq!(
        sync_scope(de, || translate_domain("email is required")),
        "Geben Sie Ihre E-Mail-Adresse ein."
    );
}
