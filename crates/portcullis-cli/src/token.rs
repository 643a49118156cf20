//! `portcullis token mint|inspect|verify`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use portcullis::{Guard, IssuerConfig};
use portcullis_server::open_idp;
use serde_json::Value;

use crate::admin::now;
use crate::cli::TokenCommand;
use crate::config::{CliError, from_store_args};

pub(crate) async fn run(cmd: TokenCommand) -> Result<(), CliError> {
    match cmd {
        TokenCommand::Mint {
            store,
            issuer,
            audience,
            sub,
            permissions,
        } => {
            let mut config = from_store_args(&store)?;
            if issuer.is_some() {
                config.issuer = issuer;
            }
            let idp = open_idp(&config, now())
                .await
                .map_err(|e| CliError::Failed(e.to_string()))?;
            let token = idp
                .mint_test_token(&sub, audience.as_deref(), permissions, now())
                .await?;
            println!("{}", token.token);
        }
        TokenCommand::Inspect { token } => {
            let (header, claims) = decode(&token)?;
            println!(
                "{:#}",
                serde_json::json!({"header": header, "claims": claims, "verified": false})
            );
        }
        TokenCommand::Verify {
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
