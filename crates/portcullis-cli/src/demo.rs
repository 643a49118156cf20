//! `portcullis serve [--demo]`. The demo seeds the seeds' world into the issuer (the
//! audience `https://hello-world.example.com`, its permission `read:admin-messages`, an
//! `admin` role, two users) and runs the hello-world API on port 6060, which verifies
//! tokens through the issuer's discovery document like any external API would.

use portcullis_idp::{Idp, IdpError, NewClient};
use portcullis_server::{Clock, Server, Starting};
use tokio::net::TcpListener;

use crate::admin::now;
use crate::cli::ServeArgs;
use crate::config::{CliError, from_serve_args};

pub(crate) const AUDIENCE: &str = "https://hello-world.example.com";
const ADMIN_PERMISSION: &str = "read:admin-messages";
const DEMO_USER: (&str, &str) = ("user@example.com", "demo-user-password");
const DEMO_ADMIN: (&str, &str) = ("admin@example.com", "demo-admin-password");

pub(crate) async fn serve(args: ServeArgs) -> Result<(), CliError> {
    let config = from_serve_args(&args)?;
    let print_mail = args.demo && config.smtp_url.is_none();
    let store_flag = match &config.database_url {
        Some(_) => "--database-url \"$DATABASE_URL\"".to_owned(),
        None => format!("--data-dir {}", config.data_dir.display()),
    };
    let start_error = |e| match e {
        portcullis_server::StartError::Config(c) => CliError::Usage(c.0),
        portcullis_server::StartError::Idp(e) => CliError::from(e),
        other => CliError::Failed(other.to_string()),
    };
    // Seeding happens before the issuer listens: a script that waits for the port (or
    // `/readyz`) and then signs in as a demo user never meets a half-seeded issuer.
    let starting = Starting::open(config, Clock::system())
        .await
        .map_err(start_error)?;
    let demo = if args.demo {
        Some(prepare_demo(starting.idp(), args.demo_spa_port).await?)
    } else {
        None
    };
    let server = starting.serve().await.map_err(start_error)?;
    let api = if let Some((introspector, spa, origin)) = demo {
        let spa_port = spa.local_addr().map_or(args.demo_spa_port, |a| a.port());
        let api_port = start_api(&server, args.demo_api_port, introspector, &origin).await?;
        if print_mail {
            tokio::spawn(crate::demo_mail::print_new_mail(server.idp().clone()));
        }
        let app = crate::spa::router(
            server.issuer(),
            &format!("http://localhost:{api_port}"),
            &origin,
        );
        tokio::spawn(async move {
            if let Err(e) = axum::serve(spa, app).await {
                tracing::error!(error = %e, "the demo app stopped");
            }
        });
        Some((api_port, spa_port))
    } else {
        None
    };
    println!(
        "Portcullis issuer: {}  (discovery: {}.well-known/openid-configuration)",
        server.issuer(),
        server.issuer()
    );
    if let Some((port, spa_port)) = api {
        print_walkthrough(server.issuer(), port, &store_flag);
        println!(
            "\nThe demo app: open http://localhost:{spa_port}, log in through the hosted page, call the API."
        );
    }
    server
        .wait()
        .await
        .map_err(|e| CliError::Failed(e.to_string()))
}

/// Everything the demo needs before the issuer answers: the seeded world, the API's
/// introspection client, and the demo app's listener and client (its redirect URI
/// names the port actually bound).
async fn prepare_demo(
    idp: &Idp,
    spa_port: u16,
) -> Result<(NewClient, TcpListener, String), CliError> {
    seed(idp).await?;
    // The API checks API keys by introspection, as a confidential client.
    let introspector = idp
        .create_client("hello-world-api (demo)", None, now())
        .await?;
    let spa = TcpListener::bind(("127.0.0.1", spa_port))
        .await
        .map_err(|e| {
            CliError::Failed(format!(
                "demo app: cannot listen on port {spa_port} ({e}); pass --demo-spa-port"
            ))
        })?;
    let bound = spa.local_addr().map_or(spa_port, |a| a.port());
    let origin = format!("http://localhost:{bound}");
    idp.ensure_public_client(
        crate::spa::SPA_CLIENT,
        "Hello World SPA (demo)",
        &[AUDIENCE],
        &[&format!("{origin}/callback")],
        &[&format!("{origin}/")],
        now(),
    )
    .await?;
    Ok((introspector, spa, origin))
}

/// Idempotent: a second `--demo` start over the same data finds everything in place.
async fn seed(idp: &Idp) -> Result<(), CliError> {
    let t = now();
    let existed = |r: Result<(), IdpError>| match r {
        Ok(()) | Err(IdpError::EmailTaken | IdpError::Conflict(_)) => Ok(()),
        Err(IdpError::InvalidInput(m)) if m.contains("already exists") => Ok(()),
        Err(e) => Err(CliError::Failed(e.to_string())),
    };
    existed(
        idp.create_api(AUDIENCE, "Hello World API", &[], t)
            .await
            .map(|_| ()),
    )?;
    existed(
        idp.create_role("admin", AUDIENCE, &[ADMIN_PERMISSION], t)
            .await
            .map(|_| ()),
    )?;
    for (email, password) in [DEMO_USER, DEMO_ADMIN] {
        existed(
            idp.create_user(email, password.into(), None, t)
                .await
                .map(|_| ()),
        )?;
        // Data from before demo users were created confirmed: confirm them now.
        let user = idp.find_user(email).await?;
        if user.email_verified == 0 {
            idp.store().set_email_verified(&user.id, t).await?;
        }
    }
    idp.assign_role(DEMO_ADMIN.0, "admin", t).await?;
    // An organization: the admin owns it, the user is a member.
    existed(
        idp.create_org("Acme Inc.", "acme", None, Some(DEMO_ADMIN.0), t)
            .await
            .map(|_| ()),
    )?;
    idp.set_member("acme", DEMO_USER.0, "member", t).await?;
    Ok(())
}

async fn start_api(
    server: &Server,
    port: u16,
    introspector: portcullis_idp::NewClient,
    origin: &str,
) -> Result<u16, CliError> {
    let origin = origin.to_owned();
    let issuer = server.issuer().to_owned();
    let vars = move |name: &str| match name {
        "INTROSPECTION_URL" => Some(format!("{issuer}oauth/introspect")),
        "INTROSPECTION_CLIENT_ID" => Some(introspector.client_id.clone()),
        "INTROSPECTION_CLIENT_SECRET" => Some(introspector.client_secret.expose().to_owned()),
        "PORT" => Some(port.to_string()),
        "ISSUER_BASE_URL" => Some(issuer.clone()),
        "AUDIENCE" => Some(AUDIENCE.to_owned()),
        // Portcullis marks its access tokens `typ: at+jwt` (RFC 9068): require it.
        "TOKEN_TYP" => Some("at+jwt".to_owned()),
        "CLIENT_ORIGIN_URL" => Some(origin.clone()),
        _ => None,
    };
    let config =
        hello_world_api::Config::from_vars(vars).map_err(|e| CliError::Usage(e.to_string()))?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| {
            CliError::Failed(format!(
                "demo API: cannot listen on port {port} ({e}); pass --demo-api-port"
            ))
        })?;
    let port = listener.local_addr().map_or(port, |a| a.port());
    tokio::spawn(async move {
        if let Err(e) = hello_world_api::serve(config, listener).await {
            tracing::error!(error = %e, "the demo API stopped");
        }
    });
    Ok(port)
}

fn print_walkthrough(issuer: &str, port: u16, store_flag: &str) {
    let api = format!("http://localhost:{port}");
    let login = format!("{issuer}api/auth/login");
    println!(
        r#"
Demo: the hello-world API is at {api}, trusting this issuer for the audience {AUDIENCE}.
Two users are seeded: {user} / {user_pw} and {admin} / {admin_pw} (role admin: {ADMIN_PERMISSION}).

  curl -s {api}/api/messages/public
  curl -s -i {api}/api/messages/protected                       # 401: no token

  TOKEN=$(curl -s {login} -H 'content-type: application/json' \
    -d '{{"email":"{user}","password":"{user_pw}","audience":"{AUDIENCE}"}}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -s {api}/api/messages/protected -H "authorization: Bearer $TOKEN"
  curl -s -i {api}/api/messages/admin -H "authorization: Bearer $TOKEN"    # 403: not an admin

  ADMIN=$(curl -s {login} -H 'content-type: application/json' \
    -d '{{"email":"{admin}","password":"{admin_pw}","audience":"{AUDIENCE}"}}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -s {api}/api/messages/admin -H "authorization: Bearer $ADMIN"

Organizations: both users belong to `acme` (the admin owns it). Log in to it by adding
"organization":"acme" to the login body; the token then carries org_id/org_slug/org_role, and
  curl -s {api}/api/orgs/acme/messages -H "authorization: Bearer $TOKEN"   # members of acme only
  curl -s {api}/api/orgs/acme/admin -H "authorization: Bearer $TOKEN"      # admins and owners

API keys work where tokens do (the API checks them by introspection):
  KEY=$(cargo run -q --release -- api-keys create {store_flag} --org acme --name ci --audience {AUDIENCE})
  curl -s {api}/api/orgs/acme/messages -H "authorization: Bearer $KEY"

New accounts confirm their address first: without --smtp-url, the mail (with its link) is
printed here as it is sent.

Ctrl-C stops both."#,
        user = DEMO_USER.0,
        user_pw = DEMO_USER.1,
        admin = DEMO_ADMIN.0,
        admin_pw = DEMO_ADMIN.1,
    );
}
