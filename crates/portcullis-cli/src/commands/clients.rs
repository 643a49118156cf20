//! `portcullis clients …`: OAuth clients.

use clap::Subcommand;

use super::{now, open};
use crate::config::StoreArgs;
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Register a machine client; prints its id and secret once.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Default audience (a registered API; the client may request it).
        #[arg(long)]
        audience: Option<String>,
        /// Another registered API the client may request tokens for (repeatable). The
        /// issuer's admin API is allowed only when named here or as --audience.
        #[arg(long = "allow-audience")]
        allow_audiences: Vec<String>,
        /// Users consent on a hosted page before the client gets their tokens (a
        /// third-party client); without it the client is first-party.
        #[arg(long)]
        third_party: bool,
        /// Permissions of --audience granted to the client (repeatable; they must exist).
        #[arg(long = "permission")]
        permissions: Vec<String>,
        /// The algorithm of its ID tokens (OpenID Connect `id_token_signed_response_alg`):
        /// RS256 (the default) or the issuer's access-token algorithm.
        #[arg(long = "id-token-signed-response-alg")]
        id_token_alg: Option<String>,
    },
    /// Show a client: its audiences, whether it is third-party, its redirect URIs.
    Show {
        #[command(flatten)]
        store: StoreArgs,
        /// `cli_…`.
        id: String,
    },
    /// Change which APIs a client may request, or whether it is third-party.
    Update {
        #[command(flatten)]
        store: StoreArgs,
        /// `cli_…`.
        id: String,
        /// The APIs it may request besides its default audience (repeatable; replaces
        /// the list).
        #[arg(long = "allow-audience")]
        allow_audiences: Option<Vec<String>>,
        /// Make it third-party (`true`) or first-party (`false`).
        #[arg(long)]
        third_party: Option<bool>,
    },
    /// Delete a client; its sessions are revoked.
    Delete {
        #[command(flatten)]
        store: StoreArgs,
        /// `cli_…`.
        id: String,
    },
}

pub(crate) async fn run(cmd: Command) -> Result<(), CliError> {
    match cmd {
        Command::Create {
            store,
            name,
            audience,
            allow_audiences,
            third_party,
            permissions,
            id_token_alg,
        } => {
            if audience.is_none() && !permissions.is_empty() {
                return Err(CliError::Usage("--permission needs --audience".into()));
            }
            let spec = portcullis_idp::ClientSpec {
                name: &name,
                confidential: true,
                audience: audience.as_deref(),
                audiences: &allow_audiences,
                third_party,
                permissions: &permissions,
                id_token_signed_response_alg: id_token_alg.as_deref(),
                ..portcullis_idp::ClientSpec::default()
            };
            let (client, secret) = open(&store).await?.register_client(&spec, now()).await?;
            let secret = secret.ok_or_else(|| CliError::Failed("no secret was issued".into()))?;
            println!("client_id={}", client.info.id);
            println!("client_secret={}", secret.expose());
            eprintln!("(the secret is shown this once; it is stored only as a hash)");
        }
        Command::Show { store, id } => {
            print_client(&open(&store).await?.find_client(&id).await?);
        }
        Command::Update {
            store,
            id,
            allow_audiences,
            third_party,
        } => {
            if allow_audiences.is_none() && third_party.is_none() {
                return Err(CliError::Usage(
                    "nothing to change: give --allow-audience or --third-party".into(),
                ));
            }
            let change = portcullis_idp::ClientChange {
                audiences: allow_audiences.as_deref(),
                third_party,
                ..portcullis_idp::ClientChange::default()
            };
            let idp = open(&store).await?;
            print_client(&idp.update_client(&id, &change, now()).await?);
        }
        Command::Delete { store, id } => {
            open(&store).await?.delete_client(&id, now()).await?;
            println!("{id} is deleted; its sessions are revoked");
        }
    }
    Ok(())
}

fn print_client(c: &portcullis_idp::ClientDetails) {
    let info = &c.info;
    println!("client_id={}", info.id);
    println!("name={}", info.name);
    println!(
        "type={}",
        if info.confidential == 0 {
            "public"
        } else {
            "confidential"
        }
    );
    println!(
        "party={}",
        if !info.first_party { "third" } else { "first" }
    );
    println!("audience={}", info.audience.as_deref().unwrap_or("-"));
    println!("audiences={}", c.audiences.join(" "));
    println!("redirect_uris={}", c.redirect_uris.join(" "));
}
