//! The demo's second issuer, "Demo Corp": another Portcullis on `--demo-corp-port`, with
//! its own SQLite under the demo's data directory, one employee, and the demo issuer's
//! callback as its client, so the demo's sign-in page offers "Continue with Demo Corp"
//! and it works with nothing else to run: a company's single sign-on, in miniature. At
//! the demo issuer, the organization `demo-corp` owns the connection and the domain
//! `corp.example`: an address there, typed without a password, goes to Demo Corp, and
//! who signs in through it joins the organization.

use portcullis_idp::{ConnectionSpec, Idp, IdpError};
use portcullis_server::{Clock, Server, ServerConfig, Starting};

use crate::commands::now;
use crate::error::CliError;

/// The employee who signs in at Demo Corp.
pub(crate) const CORP_USER: (&str, &str) = ("employee@corp.example", "demo-employee-password");
/// The connection's name at the demo issuer.
const CONNECTION: &str = "demo-corp";
/// The demo issuer's client id at Demo Corp.
const CLIENT: &str = "portcullis-demo";
/// The organization at the demo issuer that owns the connection, and its domain.
const ORG: (&str, &str, &str) = ("Demo Corp", "demo-corp", "corp.example");

/// Starts Demo Corp on `port` of loopback (0: any) for the demo issuer `issuer`, and
/// connects the demo issuer (`idp`) to it.
pub(crate) async fn start(
    main: &ServerConfig,
    port: u16,
    issuer: &str,
    idp: &Idp,
) -> Result<Server, CliError> {
    let config = ServerConfig {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        // Another host name than the demo issuer's `localhost`: browsers keep cookies per
        // host, not per port, so the two issuers' cookies stay apart.
        issuer: Some(format!("http://127.0.0.1:{port}/")),
        // Beside the demo's own SQLite; with a PostgreSQL demo, in a directory of this
        // process (several demos may share one database, never one SQLite file).
        data_dir: match &main.database_url {
            None => main.data_dir.join("demo-corp"),
            Some(_) => {
                std::env::temp_dir().join(format!("portcullis-demo-corp-{}", std::process::id()))
            }
        },
        ..ServerConfig::default()
    };
    let failed = |e: portcullis_server::StartError| {
        CliError::Failed(format!(
            "Demo Corp (the demo's second issuer): {e}; pass --demo-corp-port"
        ))
    };
    let starting = Starting::open(config, Clock::system())
        .await
        .map_err(failed)?;
    let corp_issuer = starting.issuer().to_owned();
    let corp = starting.idp();
    let t = now();
    match corp
        .create_user(
            CORP_USER.0,
            CORP_USER.1.into(),
            Some("Demo Employee".into()),
            t,
        )
        .await
    {
        Ok(_) | Err(IdpError::EmailTaken) => {}
        Err(e) => return Err(e.into()),
    }
    corp.ensure_public_client(
        CLIENT,
        "Portcullis demo",
        &[],
        &[&format!("{issuer}upstream/callback")],
        &[],
        t,
    )
    .await?;
    let server = starting.serve().await.map_err(failed)?;
    // The connection names Demo Corp's issuer, whose port may differ from the last run.
    if let Ok(existing) = idp.connection(CONNECTION).await
        && existing.issuer != corp_issuer
    {
        idp.delete_connection(CONNECTION, t).await?;
    }
    match idp.create_org(ORG.0, ORG.1, None, None, t).await {
        Ok(_) | Err(IdpError::Conflict(_)) => {}
        Err(IdpError::InvalidInput(m)) if m.contains("already exists") => {}
        Err(e) => return Err(e.into()),
    }
    match idp.add_org_domain(ORG.1, ORG.2, t).await {
        Ok(_) | Err(IdpError::Conflict(_)) => {}
        Err(e) => return Err(e.into()),
    }
    if idp.connection(CONNECTION).await.is_err() {
        idp.create_connection(
            ConnectionSpec {
                name: CONNECTION.into(),
                display_name: "Demo Corp".into(),
                issuer: corp_issuer,
                client_id: CLIENT.into(),
                client_secret: None,
                scopes: None,
                organization: Some(ORG.1.into()),
            },
            t,
        )
        .await?;
    }
    Ok(server)
}
