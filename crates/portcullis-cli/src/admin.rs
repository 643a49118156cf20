//! Administrative commands on the database `serve` uses (run them where it runs, or
//! against the same PostgreSQL).

use std::io::BufRead as _;

use portcullis_idp::{Idp, Rotation};
use portcullis_server::open_idp;

use crate::cli::{ApisCommand, ClientsCommand, KeysCommand, RolesCommand, StoreArgs, UsersCommand};
use crate::config::{CliError, from_store_args};

pub(crate) fn now() -> i64 {
    portcullis_server::Clock::system().now()
}

pub(crate) async fn open(store: &StoreArgs) -> Result<Idp, CliError> {
    let config = from_store_args(store)?;
    open_idp(&config, now())
        .await
        .map_err(|e| CliError::Failed(e.to_string()))
}

pub(crate) async fn keys(cmd: KeysCommand) -> Result<(), CliError> {
    match cmd {
        KeysCommand::List(store) => {
            let idp = open(&store).await?;
            println!(
                "{:<45} {:<6} {:<8} {:>12} {:>12}",
                "KID", "ALG", "STATE", "CREATED", "RETIRED"
            );
            for k in idp.store().keys().await? {
                let retired = k
                    .retired_at
                    .map_or_else(|| "-".to_owned(), |t| t.to_string());
                println!(
                    "{:<45} {:<6} {:<8} {:>12} {:>12}",
                    k.kid, k.alg, k.state, k.created_at, retired
                );
            }
        }
        KeysCommand::Rotate {
            store,
            publish_delay,
        } => {
            let idp = open(&store).await?;
            match idp.rotate_keys(now(), publish_delay).await? {
                Rotation::Staged { kid } => println!(
                    "staged {kid}: published now, signs after {publish_delay}s (run `portcullis keys rotate` again then, or let `serve` promote it)"
                ),
                Rotation::Promoted { kid } => println!("promoted {kid}: it signs new tokens now"),
                Rotation::Waiting { kid, until } => {
                    println!(
                        "{kid} is staged; it may sign from {until} ({}s from now)",
                        until - now()
                    );
                }
            }
        }
    }
    Ok(())
}

pub(crate) async fn users(cmd: UsersCommand) -> Result<(), CliError> {
    let (store, email, name) = match cmd {
        UsersCommand::Create { store, email, name } => (store, email, name),
        UsersCommand::List {
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
                let state = if u.disabled != 0 {
                    "disabled"
                } else {
                    "active"
                };
                println!("{}\t{}\t{state}", u.id, u.email);
            }
            let full = i64::try_from(users.len()).ok()
                == Some(limit.clamp(1, portcullis_idp::store::MAX_PAGE));
            if let Some(last) = users.last().filter(|_| full) {
                eprintln!("(more may follow: --after {})", last.id);
            }
            return Ok(());
        }
        UsersCommand::Get { store, user } => {
            let idp = open(&store).await?;
            let u = idp.find_user(&user).await?;
            let roles = idp.store().user_roles(&u.id).await?;
            let json = serde_json::json!({
                "id": u.id, "email": u.email, "name": u.name,
                "email_verified": u.email_verified != 0, "disabled": u.disabled != 0,
                "created_at": u.created_at, "roles": roles,
            });
            println!("{json:#}");
            return Ok(());
        }
        UsersCommand::Enable { store, user } => {
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
        UsersCommand::Delete { store, user } => {
            open(&store).await?.delete_user(&user, now()).await?;
            println!("{user} is deleted");
            return Ok(());
        }
        UsersCommand::RevokeSessions { store, user } => {
            open(&store).await?.revoke_sessions(&user, now()).await?;
            println!("every session of {user} is revoked");
            return Ok(());
        }
        UsersCommand::Disable { store, user } => {
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

pub(crate) async fn apis(cmd: ApisCommand) -> Result<(), CliError> {
    let (store, identifier, name, permissions) = match cmd {
        ApisCommand::Create {
            store,
            identifier,
            name,
            permissions,
        } => (store, identifier, name, permissions),
        ApisCommand::Delete { store, identifier } => {
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

pub(crate) async fn roles(cmd: RolesCommand) -> Result<(), CliError> {
    match cmd {
        RolesCommand::Create {
            store,
            name,
            api,
            permissions,
        } => {
            let idp = open(&store).await?;
            let perms: Vec<&str> = permissions.iter().map(String::as_str).collect();
            println!("{}", idp.create_role(&name, &api, &perms, now()).await?);
        }
        RolesCommand::Assign { store, email, role } => {
            open(&store)
                .await?
                .assign_role(&email, &role, now())
                .await?;
            println!("{email} now has the role {role}");
        }
        RolesCommand::Unassign { store, email, role } => {
            open(&store)
                .await?
                .unassign_role(&email, &role, now())
                .await?;
            println!("{email} no longer has the role {role}");
        }
        RolesCommand::Delete { store, name } => {
            open(&store).await?.delete_role(&name, now()).await?;
            println!("the role {name} is deleted");
        }
    }
    Ok(())
}

pub(crate) async fn clients(cmd: ClientsCommand) -> Result<(), CliError> {
    let (store, name, audience, permissions, id_token_alg) = match cmd {
        ClientsCommand::Create {
            store,
            name,
            audience,
            permissions,
            id_token_alg,
        } => (store, name, audience, permissions, id_token_alg),
        ClientsCommand::Delete { store, id } => {
            open(&store).await?.delete_client(&id, now()).await?;
            println!("{id} is deleted; its sessions are revoked");
            return Ok(());
        }
    };
    if audience.is_none() && !permissions.is_empty() {
        return Err(CliError::Usage("--permission needs --audience".into()));
    }
    let spec = portcullis_idp::ClientSpec {
        name: &name,
        confidential: true,
        audience: audience.as_deref(),
        permissions: &permissions,
        id_token_signed_response_alg: id_token_alg.as_deref(),
        ..portcullis_idp::ClientSpec::default()
    };
    let (client, secret) = open(&store).await?.register_client(&spec, now()).await?;
    let secret = secret.ok_or_else(|| CliError::Failed("no secret was issued".into()))?;
    println!("client_id={}", client.info.id);
    println!("client_secret={}", secret.expose());
    eprintln!("(the secret is shown this once; it is stored only as a hash)");
    Ok(())
}

pub(crate) async fn outbox(
    store: &StoreArgs,
    to: Option<&str>,
    limit: i64,
) -> Result<(), CliError> {
    let idp = open(store).await?;
    let to = to.map(|t| t.trim().to_lowercase());
    for m in idp.store().outbox(to.as_deref(), limit).await? {
        let status = match (m.sent_at, &m.last_error) {
            (Some(_), _) => "sent".to_owned(),
            (None, Some(e)) => format!("not sent: {e}"),
            (None, None) => "not sent".to_owned(),
        };
        println!(
            "--- {} to {} ({status}): {}\n{}",
            m.id, m.to_email, m.subject, m.body
        );
    }
    Ok(())
}
