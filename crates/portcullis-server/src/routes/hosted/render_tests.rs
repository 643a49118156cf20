//! Every hosted page and every page-level message rendered in every language of the
//! catalogue. The catalogue is strict in tests: a missing message or a variable not
//! given panics here, before any user could see English in a German page.

use askama::Template;
use axum::body::to_bytes;
use axum::response::{IntoResponse, Response};
use portcullis_i18n::{Locale, sync_scope};

use portcullis_i18n::{Args, catalogue};
use portcullis_idp::model::PasskeyRow;

use super::error::PageError;
use super::page::{
    self, Account, Brand, ChooseOrg, Consent, EmailCode, Enrol, ErrorPage, Forgot, Join, LoggedOut,
    LogoutConfirm, Message, PasskeyLine, RecoveryCodes, Reset, SecondFactor, SignIn, SignUp,
};
use crate::i18n::{text, translate_domain};

fn params() -> Vec<(&'static str, String)> {
    vec![("client_id", "app".into()), ("ui_locales", "ja".into())]
}

fn brand() -> Option<Brand> {
    None
}

/// Renders one page.
type Render = Box<dyn Fn() -> askama::Result<String>>;

/// 2023-11-14T22:13:20Z, a day the account page's passkeys were added and used.
const NOW: i64 = 1_700_000_000;

/// The account page's passkeys: a synced one used an hour ago, one on a security key
/// used last week, one never used.
fn passkeys() -> Vec<PasskeyLine> {
    let row = |id: &str, synced: bool, last_used_at: Option<i64>| PasskeyRow {
        id: id.into(),
        user_id: "usr_1".into(),
        credential_id: "cred".into(),
        name: format!("<b>{id}</b>"),
        credential: String::new(),
        sign_count: 0,
        backup_eligible: synced,
        backup_state: synced,
        created_at: NOW - 30 * 86_400,
        last_used_at,
    };
    [
        row("pky_a", true, Some(NOW - 3600)),
        row("pky_b", false, Some(NOW - 7 * 86_400)),
        row("pky_c", false, None),
    ]
    .iter()
    .map(|p| super::account::line(p, NOW))
    .collect()
}

/// The account security page in each of its states, each a page of its own.
fn account_pages() -> Vec<(&'static str, Render)> {
    vec![
        (
            "account-signed-out",
            Box::new(|| {
                Account {
                    notice: None,
                    error: Some("<b>why</b>"),
                    email: "",
                    recent: false,
                    recent_minutes: 10,
                    csrf: "c",
                    script: Some("/assets/passkeys.js"),
                    passkeys: Vec::new(),
                    totp: false,
                    totp_setup: None,
                    has_factor: false,
                    codes_left: 0,
                    new_codes: Vec::new(),
                    identities: Vec::new(),
                    connectable: Vec::new(),
                }
                .render()
            }),
        ),
        (
            "account-confirm",
            Box::new(|| {
                Account {
                    notice: None,
                    error: Some(&text("account-sign-in-again")),
                    email: "a@example.com",
                    recent: false,
                    recent_minutes: 10,
                    csrf: "c",
                    script: Some("/assets/passkeys.js"),
                    passkeys: passkeys(),
                    totp: true,
                    totp_setup: None,
                    has_factor: true,
                    codes_left: 1,
                    new_codes: Vec::new(),
                    identities: Vec::new(),
                    connectable: Vec::new(),
                }
                .render()
            }),
        ),
        (
            "account",
            Box::new(|| {
                Account {
                    notice: Some(&text("account-totp-turned-on")),
                    error: None,
                    email: "a@example.com",
                    recent: true,
                    recent_minutes: 10,
                    csrf: "c",
                    script: Some("/assets/passkeys.js"),
                    passkeys: passkeys(),
                    totp: true,
                    totp_setup: None,
                    has_factor: true,
                    codes_left: 10,
                    new_codes: vec!["abcd-efgh".into(), "ijkl-mnop".into()],
                    identities: vec![(
                        "Acme <SSO>".into(),
                        "con_1".into(),
                        "sub".into(),
                        "a@acme.example".into(),
                    )],
                    connectable: vec![("corp".into(), "Corp <SSO>".into())],
                }
                .render()
            }),
        ),
        (
            "account-totp-setup",
            Box::new(|| {
                Account {
                    notice: None,
                    error: Some(&text("account-totp-invalid")),
                    email: "a@example.com",
                    recent: true,
                    recent_minutes: 10,
                    csrf: "c",
                    script: None,
                    passkeys: Vec::new(),
                    totp: false,
                    totp_setup: Some(("<svg></svg>".into(), "JBSWY3DPEHPK3PXP".into())),
                    has_factor: false,
                    codes_left: 0,
                    new_codes: Vec::new(),
                    identities: Vec::new(),
                    connectable: Vec::new(),
                }
                .render()
            }),
        ),
        (
            "account-nothing-set-up",
            Box::new(|| {
                Account {
                    notice: None,
                    error: None,
                    email: "a@example.com",
                    recent: true,
                    recent_minutes: 1,
                    csrf: "c",
                    script: Some("/assets/passkeys.js"),
                    passkeys: Vec::new(),
                    totp: false,
                    totp_setup: None,
                    has_factor: false,
                    codes_left: 0,
                    new_codes: Vec::new(),
                    identities: Vec::new(),
                    connectable: Vec::new(),
                }
                .render()
            }),
        ),
    ]
}

/// Every template, rendered in the current language.
fn every_page() -> Vec<(&'static str, String)> {
    let err = Some("<b>why</b>");
    let mut pages: Vec<(&'static str, Render)> = vec![
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
                    connections: vec![(
                        "acme".into(),
                        "/authorize?client_id=app&connection=acme".into(),
                        "Acme <SSO>".into(),
                    )],
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
                    connections: vec![(
                        "acme".into(),
                        "/authorize?connection=acme".into(),
                        "Acme".into(),
                    )],
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
        (
            "continue",
            Box::new(|| {
                super::page::Continue {
                    url: "https://app.example.com/cb?code=x&state=y",
                }
                .render()
            }),
        ),
    ];
    pages.extend(account_pages());
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
        (
            "form-expired-account",
            PageError::FormExpired(super::account::THEN).into_response(),
        ),
        (
            "account-unknown-action",
            PageError::BadRequest(text("account-unknown-action")).into_response(),
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

#[test]
fn the_account_page_reads_german_and_japanese() {
    let de = Locale::find("de").unwrap();
    let pages = sync_scope(de, every_page);
    let page = |name: &str| &pages.iter().find(|(n, _)| *n == name).unwrap().1;
    let account = page("account");
    assert!(
        account.contains("<title>Kontosicherheit</title>"),
        "{account}"
    );
    assert!(
        account.contains("Angemeldet als <strong>a@example.com</strong>"),
        "{account}"
    );
    assert!(
        account.contains("Synchronisierter Passkey · hinzugefügt am 2023-10-15 · heute verwendet")
    );
    assert!(
        account.contains("zuletzt verwendet am 2023-11-07") && account.contains("nie verwendet")
    );
    assert!(
        account.contains("aria-label=\"Neuer Name für &#60;b&#62;pky_a&#60;/b&#62;\""),
        "{account}"
    );
    assert!(account.contains("data-cancelled=\"Die Passkey-Anfrage"));
    assert!(account.contains("Unbenutzte Wiederherstellungscodes: 10."));
    let confirm = page("account-confirm");
    assert!(
        confirm.contains("höchstens 10 Minuten zurückliegen"),
        "{confirm}"
    );
    assert!(page("account-nothing-set-up").contains("value=\"Mein Passkey\""));
    let ja = Locale::find("ja").unwrap();
    let pages = sync_scope(ja, every_page);
    let account = &pages.iter().find(|(n, _)| *n == "account").unwrap().1;
    assert!(
        account.contains("<strong>a@example.com</strong> としてサインインしています"),
        "{account}"
    );
}

/// The catalogue's message ids (`"account-…"`, `"signin-…"`: lower-case words joined by
/// hyphens) quoted in `source`.
fn quoted_ids(source: &str) -> Vec<&str> {
    source
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.contains('-')
                && s.split('-')
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        })
        .collect()
}

#[test]
fn every_message_the_account_handlers_name_is_in_every_language() {
    // The handlers' sentences reach a page only through `Shown` (tested above with a
    // few of them); this holds every id they name to the catalogue.
    let mut ids = Vec::new();
    for source in [
        include_str!("account.rs"),
        include_str!("account_sign_in.rs"),
    ] {
        ids.extend(quoted_ids(source));
    }
    assert!(ids.len() > 20, "{ids:?}");
    for id in ids {
        let names = catalogue().variables(Locale::ENGLISH, id);
        let args = names.iter().fold(Args::new(), |a, n| a.str(n, "x"));
        for locale in Locale::all() {
            catalogue()
                .message(locale, id, &args)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
}
