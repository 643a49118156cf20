//! All HTTP of the Portcullis issuer: the first-party auth API (`/api/auth/*`), the
//! OAuth token, revocation and introspection endpoints, JWKS and discovery, health,
//! readiness and Prometheus metrics. Handlers parse input, call one domain operation in
//! `portcullis-idp`, and map the result; errors map to HTTP in [`error`] only.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use portcullis_server::{ServerConfig, Server};
//!
//! let config = ServerConfig::default(); // SQLite in ./portcullis-data, 127.0.0.1:8080
//! let server = Server::start(config).await?;
//! println!("issuer at {}", server.issuer());
//! server.wait().await?;
//! # Ok(()) }
//! ```

mod app;
mod body;
mod client_limit;
mod clock;
mod config;
mod cors;
pub mod error;
mod extract;
mod i18n;
mod ip_limit;
mod mail_requests;
mod maintenance;
mod metrics;
pub mod outbound;
mod route_table;
mod routes;
mod server;
mod smtp;
mod state;
mod upstream;
mod webhooks;

pub use app::router;
pub use clock::Clock;
pub use config::{ConfigError, ConfigLayer, Group, SETTINGS, ServerConfig, Setting, SigningAlg};
pub use route_table::ServedRoute;
pub use server::{Server, StartError, Starting, open_idp, shutdown_signal};
pub use state::AppState;
