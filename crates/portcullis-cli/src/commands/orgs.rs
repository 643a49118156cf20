//! `portcullis orgs …`: organizations, their members and their roles.

use clap::Subcommand;

use super::{now, open};
use crate::config::StoreArgs;
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create an organization.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Unique slug (lowercase letters, digits, dashes).
        #[arg(long)]
        slug: String,
        /// Its first owner (email or user id).
        #[arg(long)]
        owner: Option<String>,
        /// Metadata, a JSON object.
        #[arg(long)]
        metadata: Option<String>,
    },
    /// Add a member or change their role (owner, admin, member, or a defined role).
    SetMember {
        #[command(flatten)]
        store: StoreArgs,
        /// Organization id or slug.
        #[arg(long)]
        org: String,
        /// Email or user id.
        #[arg(long)]
        user: String,
        /// Role.
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// Invite someone by email (the link goes to the outbox); valid 7 days.
    Invite {
        #[command(flatten)]
        store: StoreArgs,
        /// Organization id or slug.
        #[arg(long)]
        org: String,
        /// Their email.
        #[arg(long)]
        email: String,
        /// The role they get.
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// Remove a member (the last owner stays).
    RemoveMember {
        #[command(flatten)]
        store: StoreArgs,
        /// Organization id or slug.
        #[arg(long)]
        org: String,
        /// Email or user id.
        #[arg(long)]
        user: String,
    },
    /// List an organization's members.
    Members {
        #[command(flatten)]
        store: StoreArgs,
        /// Organization id or slug.
        org: String,
    },
    /// Define an organization role with a rank (owner 300, admin 200, member 100).
    DefineRole {
        #[command(flatten)]
        store: StoreArgs,
        /// Role name.
        #[arg(long)]
        name: String,
        /// Rank: higher outranks lower.
        #[arg(long)]
        rank: i64,
    },
    /// Let an organization role grant permissions of an API inside the organization.
    Grant {
        #[command(flatten)]
        store: StoreArgs,
        /// Role name.
        #[arg(long)]
        role: String,
        /// The API's identifier.
        #[arg(long)]
        api: String,
        /// Permissions (repeatable).
        #[arg(long = "permission")]
        permissions: Vec<String>,
    },
}

pub(crate) async fn run(cmd: Command) -> Result<(), CliError> {
    match cmd {
        Command::Create {
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
        Command::SetMember {
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
        Command::Invite {
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
        Command::RemoveMember { store, org, user } => {
            open(&store)
                .await?
                .remove_member(&org, &user, now())
                .await?;
            println!("removed {user} from {org}");
        }
        Command::Members { store, org } => {
            let idp = open(&store).await?;
            let org = idp.find_org(&org).await?;
            for m in idp.store().members_of_org(&org.id).await? {
                println!("{}\t{}\t{}", m.user_id, m.email, m.role);
            }
        }
        Command::DefineRole { store, name, rank } => {
            open(&store)
                .await?
                .define_org_role(&name, rank, now())
                .await?;
            println!("organization role {name} has rank {rank}");
        }
        Command::Grant {
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
