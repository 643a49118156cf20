//! `portcullis api-keys …`: API keys of users and organizations.

use clap::Subcommand;
use portcullis_idp::KeyOwner;

use super::{now, open};
use crate::config::StoreArgs;
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a key; prints it once (it is stored only as a hash).
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Owner: a user (email or id) ...
        #[arg(long, conflicts_with = "org", required_unless_present = "org")]
        user: Option<String>,
        /// ... or an organization (id or slug).
        #[arg(long)]
        org: Option<String>,
        /// The API the key is for (its identifier); other APIs refuse the key
        /// [default: the issuer's default audience].
        #[arg(long)]
        audience: Option<String>,
        /// Permissions (repeatable).
        #[arg(long = "permission")]
        permissions: Vec<String>,
        /// Lifetime in days (default: until revoked).
        #[arg(long)]
        expires_in_days: Option<i64>,
    },
    /// List the keys of a user or an organization.
    List {
        #[command(flatten)]
        store: StoreArgs,
        /// A user (email or id) ...
        #[arg(long, conflicts_with = "org", required_unless_present = "org")]
        user: Option<String>,
        /// ... or an organization (id or slug).
        #[arg(long)]
        org: Option<String>,
    },
    /// Revoke a key by id.
    Revoke {
        #[command(flatten)]
        store: StoreArgs,
        /// `key_…`.
        id: String,
    },
}

fn owner<'a>(user: &'a Option<String>, org: &'a Option<String>) -> Result<KeyOwner<'a>, CliError> {
    match (user, org) {
        (Some(u), None) => Ok(KeyOwner::User(u)),
        (None, Some(o)) => Ok(KeyOwner::Org(o)),
        _ => Err(CliError::Usage(
            "give exactly one of --user or --org".into(),
        )),
    }
}

pub(crate) async fn run(cmd: Command) -> Result<(), CliError> {
    match cmd {
        Command::Create {
            store,
            name,
            user,
            org,
            audience,
            permissions,
            expires_in_days,
        } => {
            let idp = open(&store).await?;
            let expires_at = match expires_in_days {
                Some(d) if (1..=3650).contains(&d) => Some(now() + d * 24 * 3600),
                Some(_) => {
                    return Err(CliError::Usage(
                        "--expires-in-days must be between 1 and 3650".into(),
                    ));
                }
                None => None,
            };
            let created = idp
                .create_api_key(
                    &name,
                    owner(&user, &org)?,
                    audience.as_deref(),
                    &permissions,
                    expires_at,
                    now(),
                )
                .await?;
            println!("{}", created.key.expose());
            eprintln!(
                "({}: shown this once, stored only as a hash)",
                created.row.id
            );
        }
        Command::List { store, user, org } => {
            let idp = open(&store).await?;
            let (u, o) = match owner(&user, &org)? {
                KeyOwner::User(u) => (Some(idp.find_user(u).await?.id), None),
                KeyOwner::Org(o) => (None, Some(idp.find_org(o).await?.id)),
            };
            for k in idp.store().api_keys_of(u.as_deref(), o.as_deref()).await? {
                let state = if k.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                let audience = idp.api_key_audience(&k);
                println!(
                    "{}\t{}\t{state}\t{audience}\t{}",
                    k.id, k.name, k.permissions
                );
            }
        }
        Command::Revoke { store, id } => {
            open(&store).await?.revoke_api_key(&id, now()).await?;
            println!("revoked {id}");
        }
    }
    Ok(())
}
