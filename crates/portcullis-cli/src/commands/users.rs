//! `portcullis users …`: accounts.

use std::io::BufRead as _;

use clap::Subcommand;

use super::{now, open};
use crate::config::StoreArgs;
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a user; the password is read from PORTCULLIS_NEW_PASSWORD or stdin.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// Email.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: Option<String>,
    },
    /// List users (paginated by id).
    List {
        #[command(flatten)]
        store: StoreArgs,
        /// Only emails containing this text.
        #[arg(long)]
        search: Option<String>,
        /// Start after this user id (the last id of the previous page).
        #[arg(long)]
        after: Option<String>,
        /// Page size (at most 200).
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Show one user (by id or email) with their roles.
    Get {
        #[command(flatten)]
        store: StoreArgs,
        /// `usr_…` or an email.
        user: String,
    },
    /// Disable a user and revoke all their sessions.
    Disable {
        #[command(flatten)]
        store: StoreArgs,
        /// `usr_…` or an email.
        user: String,
    },
    /// Re-enable a disabled user.
    Enable {
        #[command(flatten)]
        store: StoreArgs,
        /// `usr_…` or an email.
        user: String,
    },
    /// Delete a user and everything hanging off them (sessions, API keys, memberships,
    /// roles); refused for the last owner of an organization.
    Delete {
        #[command(flatten)]
        store: StoreArgs,
        /// `usr_…` or an email.
        user: String,
    },
    /// Revoke every session of a user (their refresh tokens stop working).
    RevokeSessions {
        #[command(flatten)]
        store: StoreArgs,
        /// `usr_…` or an email.
        user: String,
    },
}

pub(crate) async fn run(cmd: Command) -> Result<(), CliError> {
    let (store, email, name) = match cmd {
        Command::Create { store, email, name } => (store, email, name),
        Command::List {
            store,
            search,
            after,
            limit,
        } => {
            let idp = open(&store).await?;
            let users = idp
                .store()
                .list_users(search.as_deref(), after.as_deref(), limit)
                .await?;
            for u in &users {
                let state = if u.disabled { "disabled" } else { "active" };
                println!("{}\t{}\t{state}", u.id, u.email);
            }
            let full = i64::try_from(users.len()).ok()
                == Some(limit.clamp(1, portcullis_idp::store::MAX_PAGE));
            if let Some(last) = users.last().filter(|_| full) {
                eprintln!("(more may follow: --after {})", last.id);
            }
            return Ok(());
        }
        Command::Get { store, user } => {
            let idp = open(&store).await?;
            let u = idp.find_user(&user).await?;
            let roles = idp.store().user_roles(&u.id).await?;
            let json = serde_json::json!({
                "id": u.id, "email": u.email, "name": u.name,
                "email_verified": u.email_verified, "disabled": u.disabled,
                "created_at": u.created_at, "roles": roles,
            });
            println!("{json:#}");
            return Ok(());
        }
        Command::Enable { store, user } => {
            let change = portcullis_idp::UserUpdate {
                disabled: Some(false),
                ..portcullis_idp::UserUpdate::default()
            };
            let u = open(&store)
                .await?
                .update_user(&user, change, now())
                .await?;
            println!("{} ({}) is enabled", u.id, u.email);
            return Ok(());
        }
        Command::Delete { store, user } => {
            open(&store).await?.delete_user(&user, now()).await?;
            println!("{user} is deleted");
            return Ok(());
        }
        Command::RevokeSessions { store, user } => {
            open(&store).await?.revoke_sessions(&user, now()).await?;
            println!("every session of {user} is revoked");
            return Ok(());
        }
        Command::Disable { store, user } => {
            let u = open(&store).await?.disable_user(&user, now()).await?;
            println!(
                "{} ({}) is disabled; their sessions are revoked",
                u.id, u.email
            );
            return Ok(());
        }
    };
    let password = match std::env::var("PORTCULLIS_NEW_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("password (one line on stdin):");
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| CliError::Failed(format!("cannot read the password: {e}")))?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let idp = open(&store).await?;
    // The operator vouches for the address: the account can sign in at once.
    let user = idp.create_user(&email, password, name, now()).await?;
    println!("{}", user.id);
    Ok(())
}
