//! `portcullis orgs …`.

use crate::admin::{now, open};
use crate::cli::OrgsCommand;
use crate::config::CliError;

pub(crate) async fn run(cmd: OrgsCommand) -> Result<(), CliError> {
    match cmd {
        OrgsCommand::Create {
            store,
            name,
            slug,
            owner,
            metadata,
        } => {
            let metadata = metadata
                .map(|m| {
                    serde_json::from_str(&m)
                        .map_err(|e| CliError::Usage(format!("--metadata is not JSON: {e}")))
                })
                .transpose()?;
            let org = open(&store)
                .await?
                .create_org(&name, &slug, metadata, owner.as_deref(), now())
                .await?;
            println!("{}", org.id);
        }
        OrgsCommand::SetMember {
            store,
            org,
            user,
            role,
        } => {
            let m = open(&store)
                .await?
                .set_member(&org, &user, &role, now())
                .await?;
            println!("{} is {} of {}", m.email, m.role, m.org_slug);
        }
        OrgsCommand::Invite {
            store,
            org,
            email,
            role,
        } => {
            let until = open(&store)
                .await?
                .invite(&org, &email, &role, now())
                .await?;
            println!("invited {email} to {org} as {role} (until {until}; see `portcullis outbox`)");
        }
        OrgsCommand::RemoveMember { store, org, user } => {
            open(&store)
                .await?
                .remove_member(&org, &user, now())
                .await?;
            println!("removed {user} from {org}");
        }
        OrgsCommand::Members { store, org } => {
            let idp = open(&store).await?;
            let org = idp.find_org(&org).await?;
            for m in idp.store().members_of_org(&org.id).await? {
                println!("{}\t{}\t{}", m.user_id, m.email, m.role);
            }
        }
        OrgsCommand::DefineRole { store, name, rank } => {
            open(&store)
                .await?
                .define_org_role(&name, rank, now())
                .await?;
            println!("organization role {name} has rank {rank}");
        }
        OrgsCommand::Grant {
            store,
            role,
            api,
            permissions,
        } => {
            let perms: Vec<&str> = permissions.iter().map(String::as_str).collect();
            open(&store)
                .await?
                .grant_org_role(&role, &api, &perms)
                .await?;
            println!(
                "{role} grants {} on {api} inside its organizations",
                permissions.join(" ")
            );
        }
    }
    Ok(())
}
