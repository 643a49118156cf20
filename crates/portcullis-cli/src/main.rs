//! `portcullis`: the issuer's command line. `portcullis serve` runs the identity server
//! (SQLite by default, PostgreSQL with `--database-url`); `--demo` also starts the seeds'
//! hello-world API against it; the other commands administer the same database.

mod admin;
mod api_keys;
mod cli;
mod config;
mod demo;
mod demo_mail;
mod orgs;
mod spa;
mod token;

use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(&cli);
    let result = match cli.command {
        Command::Serve(args) => demo::serve(args).await,
        Command::Keys(cmd) => admin::keys(cmd).await,
        Command::Users(cmd) => admin::users(cmd).await,
        Command::Apis(cmd) => admin::apis(cmd).await,
        Command::Roles(cmd) => admin::roles(cmd).await,
        Command::Clients(cmd) => admin::clients(cmd).await,
        Command::Token(cmd) => token::run(cmd).await,
        Command::Orgs(cmd) => orgs::run(cmd).await,
        Command::ApiKeys(cmd) => api_keys::run(cmd).await,
        Command::Outbox { store, to, limit } => admin::outbox(&store, to.as_deref(), limit).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portcullis: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn init_tracing(cli: &Cli) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PORTCULLIS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if cli.log_json {
        builder.json().init();
    } else {
        builder.init();
    }
}
