//! `portcullis serve --demo`. The demo seeds the example's world into the issuer (the
//! audience `https://hello-world.example.com`, its permission `read:admin-messages`, an
//! `admin` role, two users) and runs the hello-world API on port 6060, which verifies
//! tokens through the issuer's discovery document like any external API would.

mod corp;
mod mail;
mod spa;

use portcullis_idp::{Idp, IdpError, NewClient};
use portcullis_server::{Server, ServerConfig};
use tokio::net::TcpListener;

use crate::commands::now;
use crate::error::CliError;

const AUDIENCE: &str = "https://hello-world.example.com";
const ADMIN_PERMISSION: &str = "read:admin-messages";
const DEMO_USER: (&str, &str) = ("user@example.com", "demo-user-password");
const DEMO_ADMIN: (&str, &str) = ("admin@example.com", "demo-admin-password");

/// What `--demo` asks for, known before the issuer starts.
#[derive(Debug)]
pub(crate) struct Demo {
    api_port: u16,
    spa_port: u16,
    corp_port: u16,
    /// The issuer's settings (Demo Corp keeps its data beside the demo's).
    config: ServerConfig,
    /// How the walkthrough's commands name the database.
    store_flag: String,
    /// Without SMTP, mail is printed to the terminal.
    print_mail: bool,
}

/// The demo's world seeded and its app's port bound: it starts once the issuer listens.
#[derive(Debug)]
pub(crate) struct Seeded {
    demo: Demo,
    /// Demo Corp, running.
    corp: Server,
    /// The API checks API keys by introspection, as this confidential client.
    introspector: NewClient,
    spa: TcpListener,
    origin: String,
}

/// The demo running: what the walkthrough names.
#[derive(Debug)]
pub(crate) struct Running {
    api_port: u16,
    spa_port: u16,
    store_flag: String,
    /// Demo Corp, kept running as long as the demo.
    corp: Server,
}

impl Demo {
    pub(crate) fn new(config: &ServerConfig, api_port: u16, spa_port: u16, corp_port: u16) -> Self {
        let store_flag = match &config.database_url {
            Some(_) => "--database-url \"$DATABASE_URL\"".to_owned(),
            None => format!("--data-dir {}", config.data_dir.display()),
        };
        Self {
            api_port,
            spa_port,
            corp_port,
            config: config.clone(),
            store_flag,
            print_mail: config.smtp_url.is_none(),
        }
    }

    /// Everything the demo needs before the issuer answers: the seeded world, the API's
    /// introspection client, and the demo app's listener and client (its redirect URI
    /// names the port actually bound).
    pub(crate) async fn seed(mut self, idp: &Idp, issuer: &str) -> Result<Seeded, CliError> {
        seed(idp).await?;
        let corp = corp::start(&self.config, self.corp_port, issuer, idp).await?;
        let introspector = idp
            .create_client("hello-world-api (demo)", None, now())
            .await?;
        let (spa, bound) = listen("demo app", self.spa_port, "--demo-spa-port").await?;
        self.spa_port = bound;
        let origin = format!("http://localhost:{bound}");
        idp.ensure_public_client(
            spa::SPA_CLIENT,
            "Hello World SPA (demo)",
            &[AUDIENCE],
            &[&format!("{origin}/callback")],
            &[&format!("{origin}/")],
            now(),
        )
        .await?;
        Ok(Seeded {
            demo: self,
            corp,
            introspector,
            spa,
            origin,
        })
    }
}

impl Seeded {
    /// Starts the API, the app and (without SMTP) the mail printer beside `server`.
    pub(crate) async fn start(self, server: &Server) -> Result<Running, CliError> {
        let Self {
            demo,
            corp,
            introspector,
            spa,
            origin,
        } = self;
        let api_port = start_api(server, demo.api_port, introspector, &origin).await?;
        if demo.print_mail {
            tokio::spawn(mail::print_new_mail(server.idp().clone()));
        }
        let app = spa::router(
            server.issuer(),
            &format!("http://localhost:{api_port}"),
            &origin,
        );
        tokio::spawn(async move {
            if let Err(e) = axum::serve(spa, app).await {
                tracing::error!(error = %e, "the demo app stopped");
            }
        });
        Ok(Running {
            api_port,
            spa_port: demo.spa_port,
            store_flag: demo.store_flag,
            corp,
        })
    }
}

impl Running {
    /// How to try the demo, printed once the issuer's own line is out.
    pub(crate) fn print_walkthrough(&self, issuer: &str) {
        print_walkthrough(issuer, self.api_port, &self.store_flag);
        println!(
            "\nDemo Corp, a second issuer, runs at {} as the demo's single sign-on: on the sign-in page,\n\"Continue with Demo Corp\" and sign in there as {} / {}.",
            self.corp.issuer(),
            corp::CORP_USER.0,
            corp::CORP_USER.1
        );
        println!(
            "\nThe demo app: open http://localhost:{}, log in through the hosted page, call the API.",
            self.spa_port
        );
    }
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
        if !user.email_verified {
            idp.mark_email_verified(&user.id, t).await?;
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

/// Listens on `port` of loopback (0: any), answering the port bound; the error names
/// the flag that picks another.
async fn listen(what: &str, port: u16, flag: &str) -> Result<(TcpListener, u16), CliError> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| {
        CliError::Failed(format!(
            "{what}: cannot listen on port {port} ({e}); pass {flag}"
        ))
    })?;
    let bound = listener.local_addr().map_or(port, |a| a.port());
    Ok((listener, bound))
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
    let (listener, port) = listen("demo API", port, "--demo-api-port").await?;
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
