//! `portcullis connections list|add|enable|disable|remove`: other OpenID Connect
//! providers users sign in with.

use clap::Subcommand;
use portcullis_idp::{ConnectionSpec, Secret};

use super::{now, open};
use crate::config::StoreArgs;
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List the connections (name, state, issuer, client id; never secrets).
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Add a connection to an OpenID Connect provider. The client secret is read from
    /// `PORTCULLIS_CONNECTION_SECRET` (or, with `--secret-on-stdin`, one line on stdin),
    /// never from a flag. Prints the redirect URI to register at the provider.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// What `connection=` names: lowercase letters, digits and `-`.
        #[arg(long)]
        name: String,
        /// What the sign-in button says after "Continue with".
        #[arg(long)]
        display_name: String,
        /// The provider's issuer identifier.
        #[arg(long)]
        issuer: String,
        /// This issuer's client id at the provider.
        #[arg(long)]
        client_id: String,
        /// Read the client secret from stdin (one line).
        #[arg(long)]
        secret_on_stdin: bool,
        /// Scopes besides `openid` (default `email profile`).
        #[arg(long)]
        scopes: Option<String>,
        /// The organization (id or slug) that owns it: who signs in through it joins it.
        #[arg(long)]
        organization: Option<String>,
    },
    /// Offer a connection on the sign-in page again.
    Enable {
        #[command(flatten)]
        store: StoreArgs,
        /// Its name or `con_…` id.
        connection: String,
    },
    /// Stop every sign-in through a connection (its identities stay).
    Disable {
        #[command(flatten)]
        store: StoreArgs,
        /// Its name or `con_…` id.
        connection: String,
    },
    /// Delete a connection and every identity linked through it.
    Remove {
        #[command(flatten)]
        store: StoreArgs,
        /// Its name or `con_…` id.
        connection: String,
    },
}

/// The client secret, from the environment or stdin; `None` for a public client.
fn secret(on_stdin: bool) -> Result<Option<Secret>, CliError> {
    if let Ok(s) = std::env::var("PORTCULLIS_CONNECTION_SECRET") {
        return Ok(Some(Secret::new(s)));
    }
    if !on_stdin {
        return Ok(None);
    }
    eprintln!("client secret (one line on stdin):");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| CliError::Failed(format!("cannot read the secret: {e}")))?;
    Ok(Some(Secret::new(
        line.trim_end_matches(['\r', '\n']).to_owned(),
    )))
}

pub(crate) async fn run(cmd: Command) -> Result<(), CliError> {
    match cmd {
        Command::List { store } => {
            for c in open(&store).await?.connections().await? {
                let state = if c.enabled { "enabled" } else { "disabled" };
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    c.name, state, c.issuer, c.client_id, c.id
                );
            }
        }
        Command::Add {
            store,
            name,
            display_name,
            issuer,
            client_id,
            secret_on_stdin,
            scopes,
            organization,
        } => {
            let spec = ConnectionSpec {
                name,
                display_name,
                issuer,
                client_id,
                client_secret: secret(secret_on_stdin)?,
                scopes,
                organization,
            };
            let idp = open(&store).await?;
            let c = idp.create_connection(spec, now()).await?;
            println!("{}", c.id);
            eprintln!(
                "register this redirect URI at the provider: {}upstream/callback",
                idp.config().issuer
            );
        }
        Command::Enable { store, connection } => {
            let c = open(&store)
                .await?
                .set_connection_enabled(&connection, true, now())
                .await?;
            println!("{} is enabled", c.name);
        }
        Command::Disable { store, connection } => {
            let c = open(&store)
                .await?
                .set_connection_enabled(&connection, false, now())
                .await?;
            println!("{} is disabled", c.name);
        }
        Command::Remove { store, connection } => {
            open(&store)
                .await?
                .delete_connection(&connection, now())
                .await?;
            println!("{connection} is removed, with its identities");
        }
    }
    Ok(())
}
