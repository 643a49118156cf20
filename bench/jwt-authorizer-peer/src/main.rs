//! `GET /api/messages/public` and `GET /api/messages/protected` (the hello-world API's
//! bodies) with jwt-authorizer on the protected route, configured as its README shows:
//! keys by OpenID discovery from the issuer, `iss` and `aud` checked. TCP_NODELAY is on,
//! as in the demo and in Node's HTTP server (bench/run.sh pipelines requests).
//!
//! ```text
//! ISSUER_BASE_URL=http://127.0.0.1:PORT AUDIENCE=https://hello-world.example.com \
//!   PORT=6062 cargo run --release
//! ```

use axum::routing::get;
use axum::{Json, Router};
use jwt_authorizer::{Authorizer, IntoLayer, JwtAuthorizer, RegisteredClaims, Validation};
use serde_json::{Value, json};

#[tokio::main]
async fn main() {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let Some(issuer) = var("ISSUER_BASE_URL") else {
        eprintln!("jwt-authorizer-peer: set ISSUER_BASE_URL to the demo issuer URL");
        std::process::exit(2);
    };
    let audience = var("AUDIENCE").unwrap_or_else(|| "https://hello-world.example.com".into());
    let port: u16 = var("PORT").and_then(|p| p.parse().ok()).unwrap_or(6062);
    // Tokens carry the issuer identifier with its trailing slash (`iss`).
    let iss = format!("{}/", issuer.trim_end_matches('/'));
    let auth: Authorizer<RegisteredClaims> = match JwtAuthorizer::from_oidc(&iss)
        .validation(Validation::new().iss(&[iss.as_str()]).aud(&[audience.as_str()]))
        .build()
        .await
    {
        Ok(auth) => auth,
        Err(e) => {
            eprintln!("jwt-authorizer-peer: {e}");
            std::process::exit(1);
        }
    };
    let app = Router::new()
        .route("/api/messages/public", get(|| message("This is a public message.")))
        .merge(
            Router::new()
                .route(
                    "/api/messages/protected",
                    get(|| message("This is a protected message.")),
                )
                .route_layer(auth.into_layer()),
        );
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("jwt-authorizer-peer: cannot listen on {port}: {e}");
            std::process::exit(1);
        }
    };
    println!("jwt-authorizer-peer listening on http://127.0.0.1:{port}");
    if let Err(e) = axum::serve(listener, app).tcp_nodelay(true).await {
        eprintln!("jwt-authorizer-peer: {e}");
        std::process::exit(1);
    }
}

async fn message(text: &'static str) -> Json<Value> {
    Json(json!({ "text": text }))
}
