//! The hello-world API of Auth0's Express sample (`/api/messages/public`, `/protected`,
//! `/admin`, with its bodies and errors), protected by portcullis: the route table and start-up,
//! kept in a library so the tests can reach them. `main.rs` only calls [`serve`].
//!
//! Run with:
//!
//! ```text
//! ISSUER_BASE_URL=https://YOUR-TENANT.auth0.com AUDIENCE=https://hello-world.example.com \
//!   cargo run --release -p hello-world-api
//! curl localhost:6060/api/messages/public
//! curl localhost:6060/api/messages/protected -H "authorization: Bearer $TOKEN"
//! ```

pub mod config;
pub mod routes;

use axum::Router;
use axum::serve::ListenerExt as _;
use http::{Method, header};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use config::{Config, ConfigError};

/// The application: routes, CORS for the one client origin, panics as 500.
pub fn app(config: &Config) -> Router {
    let mut app =
        routes::router(&config.guard).layer(CatchPanicLayer::custom(routes::internal_error));
    if let Some(origin) = &config.client_origin {
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list([origin.clone()]))
                .allow_methods([Method::GET])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                // The step-up challenge is in this header; the page must be able to read it.
                .expose_headers([header::WWW_AUTHENTICATE])
                .max_age(std::time::Duration::from_secs(86_400)),
        );
    }
    app
}

/// Serves the API on `listener` until Ctrl-C / SIGTERM.
pub async fn serve(config: Config, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let app = app(&config);
    let guard = config.guard.clone();
    // Warm the key cache in the background: the API starts even if the issuer is down.
    tokio::spawn(async move {
        if !guard.ready().await {
            tracing::warn!(
                "the issuer's keys could not be fetched yet; protected routes answer 503 until they can"
            );
        }
    });
    // Responses go out as soon as they are written: without TCP_NODELAY a client that
    // pipelines requests waits on Nagle's algorithm and delayed ACKs (~40 ms a batch).
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {e}");
        }
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
