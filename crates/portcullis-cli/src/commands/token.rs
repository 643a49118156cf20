//! `portcullis token mint|inspect|verify`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clap::Subcommand;
use portcullis::{Guard, IssuerConfig};
use serde_json::Value;

use super::{now, open_with};
use crate::config::StoreArgs;
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Mint an access token signed by this issuer's active key (like Auth0's "Test" tab).
    Mint {
        #[command(flatten)]
        store: StoreArgs,
        /// The public issuer URL the server uses (the token's `iss`) [default: the issuer
        /// setting (PORTCULLIS_ISSUER or the file), else http://127.0.0.1:8080/].
        #[arg(long)]
        issuer: Option<String>,
        /// The audience (a registered API) [default: the issuer].
        #[arg(long)]
        audience: Option<String>,
        /// The subject.
        #[arg(long, default_value = "portcullis-cli-test")]
        sub: String,
        /// Permissions to include (repeatable).
        #[arg(long = "permission")]
        permissions: Vec<String>,
    },
    /// Decode a JWT without verifying it: header and claims as JSON.
    Inspect {
        /// The token.
        token: String,
    },
    /// Verify a JWT against an issuer's discovery document (any OpenID issuer).
    Verify {
        /// The issuer URL (its discovery document is fetched).
        #[arg(long)]
        issuer: String,
        /// The required audience.
        #[arg(long)]
        audience: String,
        /// Accept a plain-HTTP issuer off loopback (insecure).
        #[arg(long)]
        allow_insecure_http: bool,
        /// The token.
        token: String,
    },
}

pub(crate) async fn run(cmd: Command) -> Result<(), CliError> {
    match cmd {
        Command::Mint {
            store,
            issuer,
            audience,
            sub,
            permissions,
        } => {
            let mut config = store.load()?;
            if issuer.is_some() {
                config.issuer = issuer;
            }
            let idp = open_with(&config).await?;
            let token = idp
                .mint_test_token(&sub, audience.as_deref(), permissions, now())
                .await?;
            println!("{}", token.token);
        }
        Command::Inspect { token } => {
            let (header, claims) = decode(&token)?;
            println!(
                "{:#}",
                serde_json::json!({"header": header, "claims": claims, "verified": false})
            );
        }
        Command::Verify {
            issuer,
            audience,
            allow_insecure_http,
            token,
        } => {
            let mut builder =
                Guard::builder().issuer(IssuerConfig::discover(issuer).audience(audience));
            if allow_insecure_http {
                builder = builder.allow_insecure_http();
            }
            let guard = builder
                .build()
                .map_err(|e| CliError::Usage(e.to_string()))?;
            match guard.authenticate(&token).await {
                Ok(auth) => println!(
                    "{:#}",
                    serde_json::json!({"verified": true, "claims": auth.claims()})
                ),
                Err(e) => return Err(CliError::Failed(format!("not valid: {} ({e})", e.reason()))),
            }
        }
    }
    Ok(())
}

/// The header and claims of a compact JWS, unverified.
fn decode(token: &str) -> Result<(Value, Value), CliError> {
    let bad = |what: &str| CliError::Usage(format!("not a JWT: {what}"));
    let mut parts = token.trim().split('.');
    let (Some(h), Some(p), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("expected three dot-separated parts"));
    };
    let json = |segment: &str, what: &str| -> Result<Value, CliError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(segment)
            .map_err(|_| bad(&format!("the {what} is not base64url")))?;
        serde_json::from_slice(&bytes).map_err(|_| bad(&format!("the {what} is not JSON")))
    };
    Ok((json(h, "header")?, json(p, "payload")?))
}
