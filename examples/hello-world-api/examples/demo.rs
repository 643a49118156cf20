//! The demo: a development issuer on loopback and the hello-world API on :6060 that
//! verifies its tokens through OpenID discovery, like any external API would. Prints
//! two access tokens and the curl walkthrough of the hello-world API.
//!
//! Run with: `cargo run --release -p hello-world-api --example demo`

use std::process::ExitCode;

use hello_world_api::Config;
use portcullis_testkit::TestIssuer;

const AUDIENCE: &str = "https://hello-world.example.com";

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(6060);
    let issuer = TestIssuer::spawn().await;
    let vars = |name: &str| match name {
        "PORT" => Some(port.to_string()),
        "ISSUER_BASE_URL" => Some(issuer.url()),
        "AUDIENCE" => Some(AUDIENCE.to_owned()),
        "CLIENT_ORIGIN_URL" => Some("http://localhost:4040".to_owned()),
        _ => None,
    };
    let config = match Config::from_vars(vars) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("demo: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(("0.0.0.0", port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("demo: cannot listen on port {port} ({e}); set PORT to use another");
            return ExitCode::from(1);
        }
    };
    let user = issuer
        .token()
        .aud(AUDIENCE)
        .sub("user_demo")
        .exp_in(3600)
        .sign();
    let admin = issuer
        .token()
        .aud(AUDIENCE)
        .sub("admin_demo")
        .permissions(&["read:admin-messages"])
        .exp_in(3600)
        .sign();
    println!(
        r#"
Portcullis demo
  development issuer   {issuer_url}  (discovery: {issuer_url}/.well-known/openid-configuration)
  hello-world API      http://localhost:{port}  (ISSUER_BASE_URL={issuer_url} AUDIENCE={AUDIENCE})

Two access tokens, valid for an hour:
  export USER_TOKEN={user}
  export ADMIN_TOKEN={admin}

Try it:
  curl -i localhost:{port}/api/messages/public
  curl -i localhost:{port}/api/messages/protected
  curl -i localhost:{port}/api/messages/protected -H "authorization: Bearer $USER_TOKEN"
  curl -i localhost:{port}/api/messages/admin     -H "authorization: Bearer $USER_TOKEN"
  curl -i localhost:{port}/api/messages/admin     -H "authorization: Bearer $ADMIN_TOKEN"
  curl -i localhost:{port}/api/messages/protected -H "authorization: Bearer invalidtoken1234567890"
  curl -i localhost:{port}/api/whoami             -H "authorization: Bearer $USER_TOKEN"
  curl -i localhost:{port}/protected-endpoint

Ctrl-C to stop."#,
        issuer_url = issuer.url(),
    );
    match hello_world_api::serve(config, listener).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo: {e}");
            ExitCode::from(1)
        }
    }
}
