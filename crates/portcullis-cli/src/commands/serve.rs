//! `portcullis serve [--demo]`: run the issuer until Ctrl-C or SIGTERM; with `--demo`,
//! the demo world around it (see [`crate::demo`]).

use portcullis_server::{Clock, StartError, Starting};

use crate::config::ServeConfigArgs;
use crate::demo::Demo;
use crate::error::CliError;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    config: ServeConfigArgs,
    /// Also run the example hello-world API on --demo-api-port, seed demo users, and print
    /// a walkthrough.
    #[arg(long)]
    demo: bool,
    /// Port of the demo API.
    #[arg(long, default_value_t = 6060, env = "PORT")]
    demo_api_port: u16,
    /// Port of the demo single-page app (the origin the example API's CORS allows).
    #[arg(long, default_value_t = 4040)]
    demo_spa_port: u16,
    /// Port of Demo Corp, the demo's second issuer (its single sign-on provider).
    #[arg(long, default_value_t = 7070)]
    demo_corp_port: u16,
}

pub(crate) async fn run(args: Args) -> Result<(), CliError> {
    let mut config = args.config.load()?;
    // The demo's issuer is named `localhost`, not its loopback address: browsers refuse
    // passkeys on an IP address, and the demo is where a newcomer first tries one.
    if args.demo && config.issuer.is_none() && config.listen.ip().is_loopback() {
        config.issuer = Some(format!("http://localhost:{}/", config.listen.port()));
    }
    // The demo shows every way to sign in: its mail is printed, codes included.
    if args.demo {
        config.email_sign_in = true;
        // Demo Corp, the demo's provider, answers on loopback over plain HTTP.
        config.allow_insecure_outbound_loopback = true;
    }
    let demo = args.demo.then(|| {
        Demo::new(
            &config,
            args.demo_api_port,
            args.demo_spa_port,
            args.demo_corp_port,
        )
    });
    // Seeding happens before the issuer listens: a script that waits for the port (or
    // `/readyz`) and then signs in as a demo user never meets a half-seeded issuer.
    let starting = Starting::open(config, Clock::system())
        .await
        .map_err(start_error)?;
    let seeded = match demo {
        Some(demo) => Some(demo.seed(starting.idp(), starting.issuer()).await?),
        None => None,
    };
    let server = starting.serve().await.map_err(start_error)?;
    let running = match seeded {
        Some(seeded) => Some(seeded.start(&server).await?),
        None => None,
    };
    println!(
        "Portcullis issuer: {}  (discovery: {}.well-known/openid-configuration)",
        server.issuer(),
        server.issuer()
    );
    if let Some(running) = &running {
        running.print_walkthrough(server.issuer());
    }
    server
        .wait()
        .await
        .map_err(|e| CliError::Failed(e.to_string()))
}

fn start_error(e: StartError) -> CliError {
    match e {
        StartError::Config(c) => CliError::Usage(c.0),
        StartError::Idp(e) => CliError::from(e),
        other => CliError::Failed(other.to_string()),
    }
}
