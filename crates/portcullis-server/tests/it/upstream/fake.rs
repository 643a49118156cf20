//! A fake OpenID provider on port 0 whose answers a test chooses: a good ID token, or
//! one that breaks a rule (nonce, issuer, audience, key, `alg: none`, expiry), a refused
//! or hanging token endpoint, a mix-up `iss`, user info of another subject. Its
//! authorization endpoint approves at once (no page) and sends the browser back.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use portcullis_jwt::SigningKey;
use serde_json::{Value, json};

/// How the fake answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Good,
    WrongNonce,
    WrongIssuerInToken,
    WrongAudience,
    UnknownKey,
    AlgNone,
    Expired,
    /// Several audiences without `azp`.
    NoAzp,
    /// The authorization response names another issuer (RFC 9207 mix-up).
    MixUpIss,
    /// The authorization response is `error=access_denied`.
    Denied,
    /// The token endpoint answers 400 `invalid_grant`.
    TokenRefused,
    /// The token endpoint never answers.
    Hang,
    /// The ID token has no email; user info has it.
    EmailInUserInfo,
    /// The ID token has no email; user info is of another subject.
    UserInfoOtherSubject,
    /// `email_verified` is false.
    Unverified,
}

/// What the token endpoint was sent, for assertions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Seen {
    pub authorization: Option<String>,
    pub form: HashMap<String, String>,
    pub challenge: Option<String>,
}

#[derive(Clone)]
struct Shared {
    base: String,
    key: Arc<SigningKey>,
    other_key: Arc<SigningKey>,
    mode: Arc<Mutex<Mode>>,
    subject: Arc<Mutex<String>>,
    email: Arc<Mutex<String>>,
    /// code → (nonce, code_challenge)
    codes: Arc<Mutex<HashMap<String, (String, String)>>>,
    seen: Arc<Mutex<Seen>>,
    now: Arc<dyn Fn() -> i64 + Send + Sync>,
}

pub(crate) struct FakeProvider {
    shared: Shared,
}

impl FakeProvider {
    /// Starts the fake; `now` is the clock its tokens are dated by.
    pub(crate) async fn start(now: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let shared = Shared {
            base,
            key: Arc::new(portcullis_testkit::keys::es256()),
            other_key: Arc::new(portcullis_testkit::keys::rs256()),
            mode: Arc::new(Mutex::new(Mode::Good)),
            subject: Arc::new(Mutex::new("fake-user-1".into())),
            email: Arc::new(Mutex::new("fed@example.com".into())),
            codes: Arc::default(),
            seen: Arc::default(),
            now: Arc::new(now),
        };
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .route("/jwks", get(jwks))
            .route("/userinfo", get(userinfo))
            .with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { shared }
    }

    /// The issuer identifier.
    pub(crate) fn issuer(&self) -> String {
        self.shared.base.clone()
    }

    pub(crate) fn set_mode(&self, mode: Mode) {
        *self.shared.mode.lock().unwrap() = mode;
    }

    pub(crate) fn set_user(&self, subject: &str, email: &str) {
        *self.shared.subject.lock().unwrap() = subject.into();
        *self.shared.email.lock().unwrap() = email.into();
    }

    pub(crate) fn seen(&self) -> Seen {
        self.shared.seen.lock().unwrap().clone()
    }
}

fn mode(s: &Shared) -> Mode {
    *s.mode.lock().unwrap()
}

async fn discovery(State(s): State<Shared>) -> Json<Value> {
    Json(json!({
        "issuer": s.base,
        "authorization_endpoint": format!("{}/authorize", s.base),
        "token_endpoint": format!("{}/token", s.base),
        "jwks_uri": format!("{}/jwks", s.base),
        "userinfo_endpoint": format!("{}/userinfo", s.base),
        "authorization_response_iss_parameter_supported": true,
    }))
}

async fn authorize(State(s): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Response {
    let redirect = q.get("redirect_uri").cloned().unwrap_or_default();
    let state = q.get("state").cloned().unwrap_or_default();
    let enc = |v: &str| url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>();
    let iss = match mode(&s) {
        Mode::MixUpIss => "https://attacker.example/".to_owned(),
        _ => s.base.clone(),
    };
    if mode(&s) == Mode::Denied {
        return Redirect::to(&format!(
            "{redirect}?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state={}&iss={}",
            enc(&state),
            enc(&iss)
        ))
        .into_response();
    }
    let code = format!("code-{}", s.codes.lock().unwrap().len());
    s.codes.lock().unwrap().insert(
        code.clone(),
        (
            q.get("nonce").cloned().unwrap_or_default(),
            q.get("code_challenge").cloned().unwrap_or_default(),
        ),
    );
    Redirect::to(&format!(
        "{redirect}?code={code}&state={}&iss={}",
        enc(&state),
        enc(&iss)
    ))
    .into_response()
}

async fn token(
    State(s): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let code = form.get("code").cloned().unwrap_or_default();
    let (nonce, challenge) = s
        .codes
        .lock()
        .unwrap()
        .get(&code)
        .cloned()
        .unwrap_or_default();
    *s.seen.lock().unwrap() = Seen {
        authorization: headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_owned()),
        form: form.clone(),
        challenge: Some(challenge),
    };
    match mode(&s) {
        Mode::Hang => {
            tokio::time::sleep(std::time::Duration::from_secs(600)).await;
            return StatusCode::GATEWAY_TIMEOUT.into_response();
        }
        Mode::TokenRefused => {
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": "invalid_grant"})),
            )
                .into_response();
        }
        _ => {}
    }
    let now = (s.now)();
    let m = mode(&s);
    let mut claims = json!({
        "iss": if m == Mode::WrongIssuerInToken { "https://attacker.example/".to_owned() } else { s.base.clone() },
        "sub": *s.subject.lock().unwrap(),
        "aud": if m == Mode::WrongAudience { json!("someone-else") } else if m == Mode::NoAzp { json!(["portcullis", "someone-else"]) } else { json!("portcullis") },
        "exp": if m == Mode::Expired { now - 60 } else { now + 300 },
        "iat": now,
        "nonce": if m == Mode::WrongNonce { "not-the-nonce".to_owned() } else { nonce },
        "name": "Fed User",
    });
    if !matches!(m, Mode::EmailInUserInfo | Mode::UserInfoOtherSubject) {
        claims["email"] = json!(*s.email.lock().unwrap());
        claims["email_verified"] = json!(m != Mode::Unverified);
    }
    let id_token = match m {
        Mode::AlgNone => format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        ),
        Mode::UnknownKey => s.other_key.sign_json(&claims, Some("JWT")).unwrap(),
        _ => s.key.sign_json(&claims, Some("JWT")).unwrap(),
    };
    Json(json!({
        "access_token": "fake-access-token",
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token,
    }))
    .into_response()
}

async fn jwks(State(s): State<Shared>) -> Response {
    (
        [("content-type", "application/json")],
        portcullis_testkit::keys::jwks_json(&[&s.key]),
    )
        .into_response()
}

async fn userinfo(State(s): State<Shared>, headers: HeaderMap) -> Response {
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some("Bearer fake-access-token")
    {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let sub = if mode(&s) == Mode::UserInfoOtherSubject {
        "someone-else".to_owned()
    } else {
        s.subject.lock().unwrap().clone()
    };
    Json(json!({
        "sub": sub,
        "email": *s.email.lock().unwrap(),
        "email_verified": true,
    }))
    .into_response()
}
