//! `/account/security`: the signed-in browser user's own page for how they sign in:
//! passkeys (add, rename, remove), an authenticator app (set up with a QR code drawn on
//! the server and confirmed by a first code; removed), and recovery codes (shown once,
//! regenerated).
//!
//! It uses the hosted pages' browser session. Reading it needs a sign-in; changing
//! anything needs a recent one (within [`RECENT_SIGN_IN`] seconds of the session's
//! `auth_time`): an older session sees the page with a sign-in form instead of the
//! buttons, and a change posted with it is refused. Every form is CSRF-protected like
//! the other hosted forms; adding a passkey goes through the page's script and the JSON
//! endpoints (`/api/auth/passkeys/register/*`), which check the same.
//!
//! Every sentence comes from the catalogue (`account.ftl`), in the request's language;
//! what the domain refuses a change with goes through [`translate_domain`].

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portcullis_idp::IdpError;
use portcullis_idp::model::{BrowserSession, PasskeyRow};

use super::error::PageError;
use super::form::{field, form_page, new_csrf, posted_form};
use super::page::{self, Account, PasskeyLine};
use super::session::signed_in;
use crate::i18n::{text, text_with, translate_domain};
use crate::routes::passkeys::RECENT_SIGN_IN;
use crate::state::AppState;

/// What the page asks for when its form expired (a message of the catalogue).
pub(crate) const THEN: &str = "then-open-account-page";

/// What a page shows besides the account's state: a sentence (already in the page's
/// language), and what is shown once.
#[derive(Default)]
pub(crate) struct Shown {
    pub notice: Option<String>,
    pub error: Option<String>,
    /// An authenticator app's setup: the QR code (SVG) and the key.
    pub totp_setup: Option<(String, String)>,
    pub new_codes: Vec<String>,
}

impl Shown {
    pub(crate) fn error(message: impl Into<String>) -> Self {
        Self {
            error: Some(message.into()),
            ..Self::default()
        }
    }

    /// The catalogue's message `id` as the page's notice.
    fn notice(id: &str) -> Self {
        Self {
            notice: Some(text(id)),
            ..Self::default()
        }
    }
}

/// `GET /account/security`.
pub(crate) async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let session = signed_in(&state, &headers).await;
    render(&state, session.as_ref(), Shown::default(), StatusCode::OK).await
}

/// The page for `session` (or the sign-in form without one).
pub(crate) async fn render(
    state: &AppState,
    session: Option<&BrowserSession>,
    shown: Shown,
    status: StatusCode,
) -> Result<Response, PageError> {
    let now = state.clock.now();
    let mut email = String::new();
    let mut recent = false;
    let mut passkeys = Vec::new();
    let mut factors = None;
    let mut identities = Vec::new();
    let mut connectable = Vec::new();
    if let Some(s) = session
        && let Some(user) = state.idp.user_by_id(&s.user_id).await?
    {
        email = user.email;
        recent = now - s.auth_time <= RECENT_SIGN_IN;
        passkeys = state.idp.passkeys(&s.user_id).await?;
        factors = Some(state.idp.second_factors(&s.user_id).await?);
        let connections = state.idp.connections().await?;
        let linked = state.idp.identities_of(&s.user_id).await?;
        for i in &linked {
            let label = connections
                .iter()
                .find(|c| c.id == i.connection_id)
                .map_or_else(|| i.connection_id.clone(), |c| c.display_name.clone());
            identities.push((
                label,
                i.connection_id.clone(),
                i.subject.clone(),
                i.email.clone().unwrap_or_default(),
            ));
        }
        connectable = connections
            .into_iter()
            .filter(|c| c.enabled && !linked.iter().any(|i| i.connection_id == c.id))
            .map(|c| (c.name, c.display_name))
            .collect();
    }
    let script = state.idp.passkeys_available().then(super::script::url);
    let csrf = new_csrf()?;
    let template = Account {
        notice: shown.notice.as_deref(),
        error: shown.error.as_deref(),
        email: &email,
        recent,
        recent_minutes: RECENT_SIGN_IN / 60,
        csrf: &csrf,
        script,
        passkeys: passkeys.iter().map(|p| line(p, now)).collect(),
        totp: factors.is_some_and(|f| f.totp),
        totp_setup: shown.totp_setup,
        has_factor: factors.is_some_and(|f| f.totp || f.passkeys > 0),
        codes_left: factors.map_or(0, |f| f.recovery_codes_left),
        new_codes: shown.new_codes,
        identities,
        connectable,
    };
    let res = form_page(state, None, &csrf, status, &template);
    Ok(if script.is_some() {
        page::allow_script(res)
    } else {
        res
    })
}

/// A passkey as the page lists it, in the page's language.
pub(super) fn line(p: &PasskeyRow, now: i64) -> PasskeyLine {
    PasskeyLine {
        id: p.id.clone(),
        name: p.name.clone(),
        kind: text(if p.backup_eligible {
            "account-passkey-synced"
        } else {
            "account-passkey-device"
        }),
        created: text_with("account-passkey-added", "date", &utc_date(p.created_at)),
        last_used: match p.last_used_at {
            Some(t) if now - t < 86_400 => text("account-passkey-used-today"),
            Some(t) => text_with("account-passkey-last-used", "date", &utc_date(t)),
            None => text("account-passkey-never-used"),
        },
    }
}

/// What the page says when the change names something the account does not have.
fn not_found(what: &str) -> String {
    match what {
        "passkey" => text("account-no-such-passkey"),
        "authenticator" => text("account-no-such-authenticator"),
        "user" => text("account-no-such-user"),
        // Every `NotFound` of the changes above is one of these.
        other => {
            tracing::warn!(
                what = other,
                "account page: no sentence for what is missing"
            );
            text("error-title")
        }
    }
}

/// `YYYY-MM-DD` (UTC) of a NumericDate.
pub(crate) fn utc_date(secs: i64) -> String {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `POST /account/security`: one change, named by `action`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let map = posted_form(&state, &headers, &body, THEN)?;
    let Some(session) = signed_in(&state, &headers).await else {
        return render(
            &state,
            None,
            Shown::error(text("account-sign-in-first")),
            StatusCode::UNAUTHORIZED,
        )
        .await;
    };
    let now = state.clock.now();
    if now - session.auth_time > RECENT_SIGN_IN {
        let shown = Shown::error(text("account-sign-in-again"));
        return render(&state, Some(&session), shown, StatusCode::UNAUTHORIZED).await;
    }
    let user = session.user_id.as_str();
    let idp = &state.idp;
    let outcome = match field(&map, "action") {
        "rename_passkey" => idp
            .rename_passkey(user, field(&map, "passkey"), field(&map, "name"))
            .await
            .map(|()| Shown::notice("account-passkey-renamed")),
        "remove_passkey" => idp
            .remove_passkey(user, field(&map, "passkey"), now)
            .await
            .map(|()| Shown::notice("account-passkey-removed")),
        "start_totp" => match idp.start_totp(user, now).await {
            Ok(setup) => totp_setup(setup).map(|s| Shown {
                totp_setup: Some(s),
                ..Shown::default()
            }),
            Err(e) => Err(e),
        },
        "confirm_totp" => match idp.confirm_totp(user, field(&map, "code"), now).await {
            Ok(codes) => Ok(Shown {
                notice: Some(text("account-totp-turned-on")),
                new_codes: codes.iter().map(|c| c.expose().to_owned()).collect(),
                ..Shown::default()
            }),
            Err(IdpError::InvalidCode) => {
                // Shown again, so a mistyped code does not mean scanning again.
                let setup = match idp.pending_totp(user).await? {
                    Some(setup) => Some(totp_setup(setup)?),
                    None => None,
                };
                let shown = Shown {
                    error: Some(text("account-totp-invalid")),
                    totp_setup: setup,
                    ..Shown::default()
                };
                return render(&state, Some(&session), shown, StatusCode::UNAUTHORIZED).await;
            }
            Err(e) => Err(e),
        },
        "remove_totp" => idp
            .remove_totp_after_sign_in(user, now)
            .await
            .map(|()| Shown::notice("account-totp-removed")),
        "link_provider" => {
            let started = idp
                .start_upstream_link(field(&map, "connection"), user, now)
                .await;
            match started {
                Ok(login) => {
                    // Sent from a form: a page that goes on, not a redirect (see
                    // `upstream::without_redirect`).
                    let res = super::upstream::redirect_to_provider(&state, &login, None).await?;
                    return Ok(super::upstream::without_redirect(res));
                }
                Err(e) => Err(e),
            }
        }
        "unlink_provider" => idp
            .unlink_identity(user, field(&map, "connection"), field(&map, "subject"), now)
            .await
            .map(|()| Shown::notice("account-provider-unlinked")),
        "regenerate_codes" => idp
            .regenerate_recovery_codes(user, now)
            .await
            .map(|codes| Shown {
                notice: Some(text("account-recovery-regenerated")),
                new_codes: codes.iter().map(|c| c.expose().to_owned()).collect(),
                ..Shown::default()
            }),
        _ => return Err(PageError::BadRequest(text("account-unknown-action"))),
    };
    let (shown, status) = match outcome {
        Ok(shown) => (shown, StatusCode::OK),
        Err(IdpError::InvalidInput(m)) => {
            (Shown::error(translate_domain(&m)), StatusCode::BAD_REQUEST)
        }
        Err(IdpError::Conflict(m)) => (Shown::error(translate_domain(&m)), StatusCode::CONFLICT),
        Err(IdpError::NotFound(what)) => (Shown::error(not_found(what)), StatusCode::NOT_FOUND),
        Err(e) => return Err(e.into()),
    };
    render(&state, Some(&session), shown, status).await
}

/// An authenticator app's setup as the page shows it: the QR code and the key.
fn totp_setup(setup: portcullis_idp::TotpEnrollment) -> Result<(String, String), IdpError> {
    let svg = crate::routes::mfa::qr_svg(setup.uri.expose())
        .map_err(|_| IdpError::Keys("QR code not drawn".into()))?;
    Ok((svg, setup.secret.expose().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::utc_date;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_700_000_000), "2023-11-14");
        assert_eq!(utc_date(4_102_444_799), "2099-12-31");
        assert_eq!(utc_date(-1), "1969-12-31");
    }
}
