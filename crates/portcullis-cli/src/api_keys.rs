//! `portcullis api-keys …`.

use portcullis_idp::KeyOwner;

use crate::admin::{now, open};
use crate::cli::ApiKeysCommand;
use crate::config::CliError;

fn owner<'a>(user: &'a Option<String>, org: &'a Option<String>) -> Result<KeyOwner<'a>, CliError> {
    match (user, org) {
        (Some(u), None) => Ok(KeyOwner::User(u)),
        (None, Some(o)) => Ok(KeyOwner::Org(o)),
        _ => Err(CliError::Usage(
            "give exactly one of --user or --org".into(),
        )),
    }
}

pub(crate) async fn run(cmd: ApiKeysCommand) -> Result<(), CliError> {
    match cmd {
        ApiKeysCommand::Create {
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
        ApiKeysCommand::List { store, user, org } => {
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
        ApiKeysCommand::Revoke { store, id } => {
            open(&store).await?.revoke_api_key(&id, now()).await?;
            println!("revoked {id}");
        }
    }
    Ok(())
}
