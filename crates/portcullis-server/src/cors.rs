//! CORS for the endpoints a browser app calls directly (token, revoke, userinfo):
//! allowed for exactly the origins of registered redirect URIs, nothing else.

use std::time::Duration;

use axum::http::{HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::state::AppState;

fn origin_of(uri: &str) -> Option<String> {
    let url = url::Url::parse(uri).ok()?;
    Some(url.origin().ascii_serialization())
}

async fn allowed(state: &AppState, origin: &HeaderValue) -> bool {
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    match state.idp.all_login_redirect_uris().await {
        Ok(uris) => uris
            .iter()
            .filter_map(|u| origin_of(u))
            .any(|o| o == origin),
        Err(_) => false,
    }
}

/// The layer; it asks the store on each cross-origin request (registrations change at
/// run time, and such requests are few: one per token grant).
pub(crate) fn browser_cors(state: AppState) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::async_predicate(
            move |origin: HeaderValue, _parts: &axum::http::request::Parts| {
                let state = state.clone();
                async move { allowed(&state, &origin).await }
            },
        ))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600))
}

#[cfg(test)]
mod tests {
    #[test]
    fn origins() {
        assert_eq!(
            super::origin_of("http://localhost:4040/callback").as_deref(),
            Some("http://localhost:4040")
        );
        assert_eq!(
            super::origin_of("https://app.example.com/a?b").as_deref(),
            Some("https://app.example.com")
        );
        assert_eq!(super::origin_of("not a url"), None);
    }
}
