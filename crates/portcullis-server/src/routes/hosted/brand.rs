//! A client's branding on its sign-in, sign-up and consent pages, without weakening
//! their Content-Security-Policy:
//! - the accent colour comes from a stylesheet of this origin
//!   ([`paths::BRAND_STYLESHEET`]), so `style-src 'self'` stays and no inline style
//!   exists;
//! - the logo's origin, and only it, is added to `img-src` of the page showing it
//!   (pages without a logo load no images at all).
//!
//! The values were checked when set (`portcullis_idp::Branding::parse`): a name, an
//! `https` URL of a named host, a `#rrggbb` colour.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_proto::paths;

use crate::state::AppState;

/// What a page shows of its client's branding.
#[derive(Debug, Clone)]
pub(crate) struct Brand {
    /// The name users know the application by, if set.
    pub name: Option<String>,
    /// The logo's URL.
    pub logo: Option<String>,
    /// The client's stylesheet, when it has an accent colour.
    pub stylesheet: Option<String>,
    logo_origin: Option<String>,
}

impl Brand {
    /// The name to show: the branded one, else the registered one.
    pub(crate) fn client_name<'a>(brand: Option<&'a Self>, registered: &'a str) -> &'a str {
        brand.and_then(|b| b.name.as_deref()).unwrap_or(registered)
    }
}

/// The branding of `client_id`; `None` when it has none (or it cannot be read: the
/// page then shows the issuer's look, and the failure is logged).
pub(crate) async fn for_client(state: &AppState, client_id: &str) -> Option<Brand> {
    let branding = match state.idp.client_branding(client_id).await {
        Ok(b) if !b.is_empty() => b,
        Ok(_) => return None,
        Err(e) => {
            tracing::warn!(error = %e, "client branding not read");
            return None;
        }
    };
    let stylesheet = branding.accent_color.as_ref().map(|colour| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("client", client_id)
            // The colour in the URL: a changed colour is a new URL, past any cache.
            .append_pair("v", colour.trim_start_matches('#'))
            .finish();
        format!("{}?{query}", paths::BRAND_STYLESHEET)
    });
    Some(Brand {
        logo_origin: branding.logo_origin(),
        name: branding.display_name,
        logo: branding.logo_uri,
        stylesheet,
    })
}

/// `res` with its CSP allowing images from the logo's origin, when the page shows one:
/// `img-src` naming that origin alone.
pub(crate) fn allow_logo(mut res: Response, brand: Option<&Brand>) -> Response {
    let Some(origin) = brand.and_then(|b| b.logo.as_ref().and(b.logo_origin.as_ref())) else {
        return res;
    };
    let csp = res
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .map(|v| format!("{v}; img-src {origin}"));
    if let Some(v) = csp.and_then(|v| HeaderValue::from_str(&v).ok()) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// `GET /assets/brand.css?client=…`: the client's accent colour as custom properties,
/// with a text colour that contrasts with it; empty for a client without one.
pub(crate) async fn stylesheet(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let client = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "client")
        .map(|(_, v)| v.into_owned())
        .filter(|c| !c.is_empty() && c.len() <= 200);
    let colour = match client {
        Some(c) => match state.idp.client_branding(&c).await {
            Ok(b) => b.accent_color,
            Err(e) => {
                tracing::warn!(error = %e, "client branding not read");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
        None => None,
    };
    let css = colour
        .as_deref()
        .and_then(|c| Some((c, text_on(c)?)))
        .map(|(c, text)| format!(":root {{ --accent: {c}; --accent-text: {text}; }}\n"))
        .unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        css,
    )
        .into_response()
}

/// Black or white, whichever contrasts more with `#rrggbb` (WCAG 2 relative
/// luminance); `None` if it is not such a colour.
fn text_on(colour: &str) -> Option<&'static str> {
    let hex = colour.strip_prefix('#').filter(|h| h.len() == 6)?;
    let channel = |i: usize| -> Option<f64> {
        let v = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    let l = 0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?;
    let with_white = 1.05 / (l + 0.05);
    let with_black = (l + 0.05) / 0.05;
    Some(if with_white >= with_black {
        "#ffffff"
    } else {
        "#000000"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_contrasts_with_the_accent() {
        assert_eq!(text_on("#000000"), Some("#ffffff"));
        assert_eq!(text_on("#1a56b0"), Some("#ffffff"));
        assert_eq!(text_on("#ffff00"), Some("#000000"));
        assert_eq!(text_on("#ffffff"), Some("#000000"));
        assert_eq!(text_on("red"), None);
        assert_eq!(text_on("#12345z"), None);
        assert_eq!(text_on("#ééé"), None);
    }
}
