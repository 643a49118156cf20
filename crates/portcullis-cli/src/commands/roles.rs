//! `portcullis roles …`: roles and who holds them.

use clap::Subcommand;

use super::{now, open};
use crate::config::StoreArgs;
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a role granting permissions of an API.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// Role name.
        #[arg(long)]
        name: String,
        /// The API's identifier.
        #[arg(long)]
        api: String,
        /// Permissions (repeatable).
        #[arg(long = "permission")]
        permissions: Vec<String>,
    },
    /// Give a user a role.
    Assign {
        #[command(flatten)]
        store: StoreArgs,
        /// The user's email (or `usr_…` id).
        #[arg(long, alias = "user")]
        email: String,
        /// Role name.
        #[arg(long)]
        role: String,
    },
    /// Take a role from a user.
    Unassign {
        #[command(flatten)]
        store: StoreArgs,
        /// The user's email (or `usr_…` id).
        #[arg(long, alias = "user")]
        email: String,
        /// Role name.
        #[arg(long)]
        role: String,
    },
    /// Delete a role.
    Delete {
        #[command(flatten)]
        store: StoreArgs,
        /// Role name (or `rol_…` id).
        name: String,
    },
}

pub(crate) async fn run(cmd: Command) -> Result<(), CliError> {
    match cmd {
        Command::Create {
            store,
            name,
            api,
            permissions,
        } => {
            let idp = open(&store).await?;
            let perms: Vec<&str> = permissions.iter().map(String::as_str).collect();
            println!("{}", idp.create_role(&name, &api, &perms, now()).await?);
        }
        Command::Assign { store, email, role } => {
            open(&store)
                .await?
                .assign_role(&email, &role, now())
                .await?;
            println!("{email} now has the role {role}");
        }
        Command::Unassign { store, email, role } => {
            open(&store)
                .await?
                .unassign_role(&email, &role, now())
                .await?;
            println!("{email} no longer has the role {role}");
        }
        Command::Delete { store, name } => {
            open(&store).await?.delete_role(&name, now()).await?;
            println!("the role {name} is deleted");
        }
    }
    Ok(())
}
