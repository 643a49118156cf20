//! Rendering a hosted page (askama templates under `templates/`), the security headers
//! every page carries, and cookie helpers.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

// The templates' `t(…)`, `strong(…)`, `lang()` and `dir()`.
pub(crate) use super::brand::Brand;
#[allow(
    unused_imports,
    reason = "used by the code the Template derive generates"
)]
use crate::i18n::Localized;
use crate::i18n::{text, text_num};

/// The browser session cookie's name. With `secure` (an https issuer) it carries the
/// `__Host-` prefix: browsers then take it only when Secure, host-only and on path
/// `/`, so a sibling subdomain can neither plant nor replace it (RFC 6265bis §4.1.3.2).
/// Plain on http loopback, where the prefix's Secure requirement cannot be met.
pub(crate) fn session_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-portcullis_session"
    } else {
        "portcullis_session"
    }
}

/// The CSRF double-submit cookie's name, prefixed as [`session_cookie`].
pub(crate) fn csrf_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-portcullis_csrf"
    } else {
        "portcullis_csrf"
    }
}

/// Sign-in page.
#[derive(Template)]
#[template(path = "signin.html")]
pub(crate) struct SignIn<'a> {
    pub client_name: &'a str,
    /// The client's branding, if it has any.
    pub brand: Option<Brand>,
    pub error: Option<&'a str>,
    pub csrf: &'a str,
    pub email: &'a str,
    pub params: Vec<(&'static str, String)>,
    pub query: String,
    /// The passkey script's URL, when passkeys are on.
    pub script: Option<&'a str>,
    /// Sign-in by emailed code is on: the form offers it.
    pub email_code: bool,
    /// The enabled connections to other providers: name, link, what the button says.
    pub connections: Vec<(String, String, String)>,
}

/// The page taking a code sent by email (its link fills `code` in).
#[derive(Template)]
#[template(path = "email_code.html")]
pub(crate) struct EmailCode<'a> {
    pub client_name: &'a str,
    /// The client's branding, if it has any.
    pub brand: Option<Brand>,
    pub error: Option<&'a str>,
    pub csrf: &'a str,
    /// Where the code was sent.
    pub email: &'a str,
    /// The code, when the mail's link brought it.
    pub code: &'a str,
    pub params: Vec<(&'static str, String)>,
    pub query: String,
}

/// The second step of a sign-in whose password was right: a code from the
/// authenticator app, a recovery code, or a passkey.
#[derive(Template)]
#[template(path = "second_factor.html")]
pub(crate) struct SecondFactor<'a> {
    /// Where the form posts.
    pub action: &'static str,
    pub error: Option<&'a str>,
    pub csrf: &'a str,
    pub mfa_token: &'a str,
    /// What the step after this one needs, as hidden fields.
    pub params: Vec<(&'static str, String)>,
    /// The user has an authenticator app.
    pub totp: bool,
    /// The passkey script's URL, when the user has passkeys (and they are on).
    pub script: Option<&'a str>,
}

/// Setting up an authenticator app during the sign-in: its QR code, its key, and a field
/// for its first code.
#[derive(Template)]
#[template(path = "enrol.html")]
pub(crate) struct Enrol<'a> {
    pub action: &'static str,
    pub reason: String,
    /// The QR code of the app's URI, an SVG document drawn here.
    pub qr_svg: String,
    /// The key, for typing it into the app.
    pub secret: &'a str,
    pub error: Option<&'a str>,
    pub csrf: &'a str,
    pub mfa_token: &'a str,
    pub params: Vec<(&'static str, String)>,
}

/// The recovery codes of a second factor just set up, shown once, and the way on.
#[derive(Template)]
#[template(path = "recovery_codes.html")]
pub(crate) struct RecoveryCodes<'a> {
    pub action: &'static str,
    pub codes: Vec<&'a str>,
    pub csrf: &'a str,
    pub params: Vec<(&'static str, String)>,
}

/// Sign-up page.
#[derive(Template)]
#[template(path = "signup.html")]
pub(crate) struct SignUp<'a> {
    pub client_name: &'a str,
    /// The client's branding, if it has any.
    pub brand: Option<Brand>,
    /// The shortest password allowed.
    pub min_password: i64,
    pub error: Option<&'a str>,
    pub csrf: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub params: Vec<(&'static str, String)>,
    pub query: String,
    /// The enabled connections to other providers: name, link, what the button says.
    pub connections: Vec<(String, String, String)>,
}

/// Lets a user who belongs to several organizations choose the one to sign in to; each
/// choice is a link back to `/authorize` naming it.
#[derive(Template)]
#[template(path = "choose_org.html")]
pub(crate) struct ChooseOrg<'a> {
    pub client_name: &'a str,
    /// (href, name, slug).
    pub choices: Vec<(String, String, String)>,
}

/// Asks a signed-in user to allow a third-party client what it requests.
#[derive(Template)]
#[template(path = "consent.html")]
pub(crate) struct Consent<'a> {
    pub client_name: &'a str,
    /// The client's branding, if it has any.
    pub brand: Option<Brand>,
    pub audience: &'a str,
    /// (scope, the catalogue's message saying what it means, when the issuer knows).
    pub scopes: Vec<(&'a str, Option<&'static str>)>,
    /// The scopes shown, space-separated: what "Allow" consents to.
    pub shown: String,
    pub csrf: &'a str,
    pub params: Vec<(&'static str, String)>,
}

/// What an invitation offers, and the sign-in that accepts it.
#[derive(Template)]
#[template(path = "join.html")]
pub(crate) struct Join<'a> {
    pub org_name: &'a str,
    pub role: &'a str,
    pub invited: &'a str,
    pub token: &'a str,
    pub csrf: &'a str,
    pub error: Option<&'a str>,
}

/// Asks for the email a reset link goes to.
#[derive(Template)]
#[template(path = "forgot.html")]
pub(crate) struct Forgot<'a> {
    pub csrf: &'a str,
}

/// Chooses a new password.
#[derive(Template)]
#[template(path = "reset.html")]
pub(crate) struct Reset<'a> {
    /// The shortest password allowed.
    pub min_password: i64,
    pub csrf: &'a str,
    pub token: &'a str,
    pub error: Option<&'a str>,
}

/// A title and a sentence.
#[derive(Template)]
#[template(path = "message.html")]
pub(crate) struct Message<'a> {
    pub title: &'a str,
    pub message: &'a str,
    /// A link to follow next: target (same origin) and text.
    pub link: Option<(String, &'a str)>,
}

/// A page that goes on to `url` at once (a refresh, and a link for whoever has those
/// off): where a redirect would be refused because of how the browser got here.
#[derive(Template)]
#[template(path = "continue.html")]
pub(crate) struct Continue<'a> {
    pub url: &'a str,
}

/// Error page (never a redirect).
#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage<'a> {
    pub message: &'a str,
}

/// Asks a signed-in user to confirm signing out, when the request did not prove it
/// comes from an application the user signed in to (no valid `id_token_hint`).
#[derive(Template)]
#[template(path = "logout_confirm.html")]
pub(crate) struct LogoutConfirm<'a> {
    pub csrf: &'a str,
    /// `client_id`, `post_logout_redirect_uri`, `state`, as the request gave them.
    pub params: Vec<(&'static str, String)>,
}

/// The account security page.
#[derive(Template)]
#[template(path = "account.html")]
pub(crate) struct Account<'a> {
    pub notice: Option<&'a str>,
    pub error: Option<&'a str>,
    /// The signed-in user's email; empty when signed out.
    pub email: &'a str,
    /// Signed in recently enough to change factors.
    pub recent: bool,
    /// How recent a sign-in must be to change factors, in minutes (what the page says).
    pub recent_minutes: i64,
    pub csrf: &'a str,
    /// The passkey script's URL, when passkeys are on.
    pub script: Option<&'a str>,
    pub passkeys: Vec<PasskeyLine>,
    pub totp: bool,
    /// A new authenticator app's QR code (SVG drawn by the server) and key.
    pub totp_setup: Option<(String, String)>,
    /// A passkey or an authenticator app is set up.
    pub has_factor: bool,
    pub codes_left: i64,
    /// Recovery codes, shown this once.
    pub new_codes: Vec<String>,
    /// Linked identities at other providers: the provider's name, the connection id,
    /// the subject, the email it gave.
    pub identities: Vec<(String, String, String, String)>,
    /// Enabled providers not linked yet: name, what the button says.
    pub connectable: Vec<(String, String)>,
}

/// A passkey as the account page lists it; `kind`, `created` and `last_used` are
/// sentences in the page's language.
pub(crate) struct PasskeyLine {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub created: String,
    pub last_used: String,
}

/// After sign-out, when there is nowhere registered to go back to.
#[derive(Template)]
#[template(path = "logged_out.html")]
pub(crate) struct LoggedOut;

/// The Content-Security-Policy of every page: nothing but this origin's stylesheet, no
/// script; forms post to this origin (and `form_origin`, where a flow redirects).
pub(crate) fn csp(form_origin: &str, script: bool) -> String {
    let script = if script {
        // The passkey script, from this origin only: no inline script, no eval.
        "; script-src 'self'; connect-src 'self'"
    } else {
        ""
    };
    let form = if form_origin.is_empty() {
        "'self'".to_owned()
    } else {
        format!("'self' {form_origin}")
    };
    format!(
        "default-src 'none'; style-src 'self'; form-action {form}; frame-ancestors 'none'; base-uri 'none'{script}"
    )
}

/// Lets `res` load the passkey script (`script-src 'self'`, `connect-src 'self'`),
/// keeping the rest of its policy.
pub(crate) fn allow_script(mut res: Response) -> Response {
    let current = res
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_default();
    if !current.contains("script-src")
        && let Ok(v) =
            HeaderValue::from_str(&format!("{current}; script-src 'self'; connect-src 'self'"))
    {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// Security headers for every page: no framing, no external anything, no caching.
pub(crate) fn secure(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp("", false))
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'")),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Renders a template into a secured page.
pub(crate) fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => secure((status, Html(html)).into_response()),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            secure((StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response())
        }
    }
}

/// The error page with a status.
pub(crate) fn error_page(status: StatusCode, message: &str) -> Response {
    render(status, &ErrorPage { message })
}

/// 429 for a sign-in whose account must wait (`Retry-After`), offering the emailed
/// reset link as the way out.
pub(crate) fn too_many_attempts(retry_after: i64) -> Response {
    let message = text_num("throttled", "seconds", retry_after);
    let link = text("reset-your-password");
    let mut res = render(
        StatusCode::TOO_MANY_REQUESTS,
        &Message {
            title: &text("throttled-title"),
            message: &message,
            link: Some((portcullis_proto::paths::FORGOT_PASSWORD.to_owned(), &link)),
        },
    );
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// A page with a title, a sentence and a link onwards.
pub(crate) fn message_with_link(
    status: StatusCode,
    title: &str,
    message: &str,
    href: String,
    label: &str,
) -> Response {
    render(
        status,
        &Message {
            title,
            message,
            link: Some((href, label)),
        },
    )
}

/// A page with a title and a sentence, and no link.
pub(crate) fn message(status: StatusCode, title: &str, message: &str) -> Response {
    render(
        status,
        &Message {
            title,
            message,
            link: None,
        },
    )
}

/// The value of one cookie.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, path `/`, `Secure` unless the issuer is plain HTTP
/// (loopback development).
pub(crate) fn set_cookie(
    name: &str,
    value: &str,
    max_age: i64,
    same_site: &str,
    secure: bool,
) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite={same_site}; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The stylesheet the pages use (served from this origin, so the CSP can stay strict).
pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../../templates/portcullis.css"),
    )
        .into_response()
}
