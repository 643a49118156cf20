//! `portcullis apis create|delete`: APIs (audiences) and their permissions.

use clap::Subcommand;

use super::{now, open};
use crate::config::StoreArgs;
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Register an API by its audience identifier.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// The audience, for example `https://api.example.com`.
        #[arg(long)]
        identifier: String,
        /// Display name.
        #[arg(long, default_value = "")]
        name: String,
        /// Permissions (repeatable).
        #[arg(long = "permission")]
        permissions: Vec<String>,
    },
    /// Delete an API with its permissions and every grant of them.
    Delete {
        #[command(flatten)]
        store: StoreArgs,
        /// Its identifier (or `api_…` id).
        identifier: String,
    },
}

pub(crate) async fn run(cmd: Command) -> Result<(), CliError> {
    let (store, identifier, name, permissions) = match cmd {
        Command::Create {
            store,
            identifier,
            name,
            permissions,
        } => (store, identifier, name, permissions),
        Command::Delete { store, identifier } => {
            open(&store).await?.delete_api(&identifier, now()).await?;
            println!("{identifier} is deleted");
            return Ok(());
        }
    };
    let idp = open(&store).await?;
    let perms: Vec<&str> = permissions.iter().map(String::as_str).collect();
    let api = idp.create_api(&identifier, &name, &perms, now()).await?;
    println!("{}", api.id);
    Ok(())
}
