//! Browser sign-in: authorization code + PKCE through the hosted page, OIDC ID tokens,
//! single sign-on, logout, and every refusal the protocol asks for. This file holds the
//! scripted browser and the steps the scenarios share.

mod branding;
mod cookies;
mod email_code;
mod enrol;
mod flows;
mod forms;
mod id_token_alg;
mod issuer_param;
mod join;
mod languages;
pub(crate) mod links;
mod logout;
pub(crate) mod mfa;
mod organizations;
mod protocol;
mod registration;
mod step_up;
mod throttle;
mod throttle_pages;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::helpers::{API, TestServer};

pub(crate) const CLIENT: &str = "spa_test";
pub(crate) const REDIRECT: &str = "http://localhost:4040/callback";
pub(crate) const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough";

pub(crate) fn challenge(verifier: &str) -> String {
    use sha2_free::sha256;
    URL_SAFE_NO_PAD.encode(sha256(verifier.as_bytes()))
}

/// SHA-256 through the JOSE crate's dependency, to keep test dependencies small.
mod sha2_free {
    pub fn sha256(data: &[u8]) -> Vec<u8> {
        portcullis_jwt::jwt_sha256(data)
    }
}

pub(crate) struct Browser {
    http: reqwest::Client,
    cookies: Vec<(String, String)>,
}

impl Browser {
    pub(crate) fn new() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Vec::new(),
        }
    }

    /// A browser whose every request says `Accept-Language: accept_language`.
    pub(crate) fn speaking(accept_language: &str) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT_LANGUAGE,
            reqwest::header::HeaderValue::from_str(accept_language).unwrap(),
        );
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .default_headers(headers)
                .build()
                .unwrap(),
            cookies: Vec::new(),
        }
    }

    fn absorb(&mut self, res: &reqwest::Response) {
        for v in res.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let (pair, _) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            if !v.contains("Max-Age=0") {
                self.cookies.push((k.to_owned(), val.to_owned()));
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub(crate) async fn get(&mut self, url: &str) -> (u16, reqwest::header::HeaderMap, String) {
        let res = self
            .http
            .get(url)
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.absorb(&res);
        (
            res.status().as_u16(),
            res.headers().clone(),
            res.text().await.unwrap(),
        )
    }

    pub(crate) async fn post_form(
        &mut self,
        url: &str,
        form: &[(String, String)],
    ) -> (u16, reqwest::header::HeaderMap, String) {
        let res = self
            .http
            .post(url)
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.absorb(&res);
        (
            res.status().as_u16(),
            res.headers().clone(),
            res.text().await.unwrap(),
        )
    }
}

impl Browser {
    /// Posts JSON as the pages' script does (with the cookies), naming `origin` as the
    /// page's origin when given.
    pub(crate) async fn post_json(
        &mut self,
        url: &str,
        origin: Option<&str>,
        body: &serde_json::Value,
    ) -> (u16, reqwest::header::HeaderMap, serde_json::Value) {
        let mut req = self
            .http
            .post(url)
            .header("cookie", self.cookie_header())
            .json(body);
        if let Some(origin) = origin {
            req = req.header("origin", origin);
        }
        let res = req.send().await.unwrap();
        self.absorb(&res);
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        (
            status,
            headers,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    /// Whether the browser holds a session cookie.
    pub(crate) fn has_session(&self) -> bool {
        self.cookies
            .iter()
            .any(|(k, v)| k.contains("portcullis_session") && !v.is_empty())
    }
}

pub(crate) fn authorize_url(s: &TestServer, extra: &str) -> String {
    format!(
        "{}/authorize?client_id={CLIENT}&redirect_uri={}&response_type=code&code_challenge={}&code_challenge_method=S256&state=xyz&nonce=n-0S6&scope=openid%20email%20profile&audience={}{extra}",
        s.base,
        urlencode(REDIRECT),
        challenge(VERIFIER),
        urlencode(API)
    )
}

/// The claims of a JWT (unverified: the issuer under test signed it).
pub(crate) fn claims(token: &str) -> serde_json::Value {
    serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap()
}

pub(crate) fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The hidden inputs of the sign-in form.
pub(crate) fn hidden_fields(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in html.split("<input type=\"hidden\" ").skip(1) {
        let name = part
            .split("name=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let value = part
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let value = value
            .replace("&#x2f;", "/")
            .replace("&#47;", "/")
            .replace("&amp;", "&")
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&#34;", "\"")
            .replace("&#39;", "'");
        out.push((name.to_owned(), value));
    }
    out
}

/// The hidden inputs of the sign-in page's password form (the page may hold a passkey
/// form too).
pub(crate) fn login_fields(html: &str) -> Vec<(String, String)> {
    let start = html.find("action=\"/authorize/login\"").unwrap();
    let end = start + html[start..].find("</form>").unwrap();
    hidden_fields(&html[start..end])
}

/// The hidden inputs of the form in `html`, with `fields` added.
pub(crate) fn form_with(html: &str, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = hidden_fields(html);
    form.extend(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    form
}

type Answer = (u16, reqwest::header::HeaderMap, String);

impl Browser {
    /// Opens the form at `page` (a path of `s`), fills in `fields` and posts it to
    /// `action`; both answers.
    async fn submit(
        &mut self,
        s: &TestServer,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> (Answer, Answer) {
        let opened = self.get(&s.url(page)).await;
        let form = form_with(&opened.2, fields);
        let posted = self.post_form(&s.url(action), &form).await;
        (opened, posted)
    }
}

pub(crate) fn location_params(
    headers: &reqwest::header::HeaderMap,
) -> (String, Vec<(String, String)>) {
    let loc = headers["location"].to_str().unwrap();
    let url = url::Url::parse(loc).unwrap();
    let base = format!(
        "{}://{}{}",
        url.scheme(),
        url.host_str().unwrap(),
        url.port().map(|p| format!(":{p}")).unwrap_or_default()
    ) + url.path();
    (
        base,
        url.query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    )
}

/// The organization chooser's link for `slug` (a path and query on the issuer).
fn chooser_link(page: &str, slug: &str) -> String {
    page.split(&format!("id=\"org-{slug}\" href=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

pub(crate) fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub(crate) async fn sign_in(
    s: &TestServer,
    b: &mut Browser,
    email: &str,
    password: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let (status, headers, html) = b.get(&authorize_url(s, "")).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("to continue to <strong>Test SPA</strong>"),
        "the page names the client: {html}"
    );
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    let mut form = login_fields(&html);
    form.push(("email".into(), email.into()));
    form.push(("password".into(), password.into()));
    b.post_form(&format!("{}/authorize/login", s.base), &form)
        .await
}

/// The first link in a mail body that starts with `path`.
fn link_in(body: &str, path: &str) -> String {
    let start = body.find(path).unwrap();
    let rest = &body[start..];
    rest.split_whitespace().next().unwrap().to_owned()
}

pub(crate) async fn exchange(
    s: &TestServer,
    code: &str,
    verifier: &str,
    redirect: &str,
    client: &str,
) -> crate::helpers::Reply {
    s.post_form(
        "/oauth/token",
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("code_verifier", verifier),
            ("redirect_uri", redirect),
            ("client_id", client),
        ],
    )
    .await
}

pub(crate) async fn setup(s: &TestServer) {
    s.signup("ada@example.com").await;
    s.server
        .idp()
        .ensure_public_client(
            CLIENT,
            "Test SPA",
            &[API],
            &[REDIRECT],
            &["http://localhost:4040/"],
            1_800_000_000,
        )
        .await
        .unwrap();
}
