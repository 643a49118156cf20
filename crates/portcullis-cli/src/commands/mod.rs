//! One module per command, each holding its arguments and its `run`. A new command is a
//! new file here, a variant of [`Command`] and its arm in [`Command::run`].

pub(crate) mod api_keys;
pub(crate) mod apis;
pub(crate) mod clients;
pub(crate) mod connections;
pub(crate) mod keys;
pub(crate) mod orgs;
pub(crate) mod outbox;
pub(crate) mod roles;
pub(crate) mod serve;
pub(crate) mod token;
pub(crate) mod users;

use clap::{Parser, Subcommand};
use portcullis_idp::Idp;
use portcullis_server::ServerConfig;

use crate::config::StoreArgs;
use crate::error::CliError;

/// Self-hosted authentication: an OpenID issuer with users, roles and tokens.
#[derive(Debug, Parser)]
#[command(name = "portcullis", version, about)]
pub(crate) struct Cli {
    /// Log as JSON lines (for log collectors).
    #[arg(long, global = true, env = "PORTCULLIS_LOG_JSON")]
    pub log_json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the issuer.
    Serve(serve::Args),
    /// Signing keys.
    #[command(subcommand)]
    Keys(keys::Command),
    /// Users.
    #[command(subcommand)]
    Users(users::Command),
    /// APIs (audiences) and their permissions.
    #[command(subcommand)]
    Apis(apis::Command),
    /// Roles.
    #[command(subcommand)]
    Roles(roles::Command),
    /// OAuth clients: which APIs they may request, first- or third-party.
    #[command(subcommand)]
    Clients(clients::Command),
    /// Other OpenID Connect providers users sign in with ("Continue with …").
    #[command(subcommand)]
    Connections(connections::Command),
    /// Mint, decode and verify access tokens.
    #[command(subcommand)]
    Token(token::Command),
    /// Organizations, their members and roles.
    #[command(subcommand)]
    Orgs(orgs::Command),
    /// Mail waiting in the outbox (verification and reset links), newest first.
    Outbox(outbox::Args),
    /// API keys of users and organizations.
    #[command(subcommand, name = "api-keys")]
    ApiKeys(api_keys::Command),
}

impl Command {
    /// Runs the command.
    pub(crate) async fn run(self) -> Result<(), CliError> {
        match self {
            Self::Serve(args) => serve::run(args).await,
            Self::Keys(cmd) => keys::run(cmd).await,
            Self::Users(cmd) => users::run(cmd).await,
            Self::Apis(cmd) => apis::run(cmd).await,
            Self::Roles(cmd) => roles::run(cmd).await,
            Self::Clients(cmd) => clients::run(cmd).await,
            Self::Connections(cmd) => connections::run(cmd).await,
            Self::Token(cmd) => token::run(cmd).await,
            Self::Orgs(cmd) => orgs::run(cmd).await,
            Self::Outbox(args) => outbox::run(args).await,
            Self::ApiKeys(cmd) => api_keys::run(cmd).await,
        }
    }
}

/// The current time, as the domain counts it (seconds since the epoch).
pub(crate) fn now() -> i64 {
    portcullis_server::Clock::system().now()
}

/// The database as the command's configuration says, for an administrative command.
pub(crate) async fn open(store: &StoreArgs) -> Result<Idp, CliError> {
    open_with(&store.load()?).await
}

/// The database as `config` says.
pub(crate) async fn open_with(config: &ServerConfig) -> Result<Idp, CliError> {
    portcullis_server::open_idp(config, now())
        .await
        .map_err(|e| CliError::Failed(e.to_string()))
}
