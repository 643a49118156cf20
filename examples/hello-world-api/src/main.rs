//! `hello-world-api`: parse configuration, set up logging, serve. See the crate docs.

use std::process::ExitCode;

use hello_world_api::Config;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,portcullis=info".into()),
        )
        .init();
    // A missing .env file is fine; a malformed one is reported.
    if let Err(e) = dotenvy::dotenv()
        && !e.not_found()
    {
        eprintln!("hello-world-api: cannot read .env: {e}");
        return ExitCode::from(2);
    }
    let config = match Config::from_vars(|name| std::env::var(name).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("hello-world-api: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let addr = std::net::SocketAddr::from(([0, 0, 0, 0], config.port));
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("hello-world-api: cannot listen on {addr}: {e}");
            return ExitCode::from(1);
        }
    };
    tracing::info!(
        "hello-world-api listening on http://localhost:{}",
        config.port
    );
    match hello_world_api::serve(config, listener).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hello-world-api: {e}");
            ExitCode::from(1)
        }
    }
}
