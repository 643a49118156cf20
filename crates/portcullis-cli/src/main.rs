//! `portcullis`: the issuer's command line. `portcullis serve` runs the identity server
//! (SQLite by default, PostgreSQL with `--database-url`); `--demo` also starts the example
//! hello-world API against it; the other commands administer the same database.
//!
//! Each command lives in its own file under `commands/`; every setting reaches the file,
//! the environment and the flags through `config`.

mod commands;
mod config;
mod demo;
mod error;

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser as _;

use crate::commands::Cli;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.log_json);
    match cli.command.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portcullis: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Logs go to stderr: JSON lines for collectors, or text, coloured only on a terminal
/// (a log piped to a file carries no escape codes).
fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PORTCULLIS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
