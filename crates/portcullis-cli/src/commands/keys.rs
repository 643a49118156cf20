//! `portcullis keys list|rotate`: the signing keys.

use clap::Subcommand;
use portcullis_idp::Rotation;

use super::{now, open, open_with};
use crate::config::StoreArgs;
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List signing keys and their states.
    List(StoreArgs),
    /// One rotation step: stage a next key, or promote the staged one once published
    /// for --publish-delay seconds.
    Rotate {
        #[command(flatten)]
        store: StoreArgs,
        /// Seconds a staged key must be published before it signs [default: the
        /// key_publish_delay setting, 900].
        #[arg(long)]
        publish_delay: Option<i64>,
    },
}

pub(crate) async fn run(cmd: Command) -> Result<(), CliError> {
    match cmd {
        Command::List(store) => {
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
        Command::Rotate {
            store,
            publish_delay,
        } => {
            let config = store.load()?;
            let publish_delay = publish_delay.unwrap_or_else(|| {
                i64::try_from(config.key_publish_delay.as_secs()).unwrap_or(i64::MAX)
            });
            let idp = open_with(&config).await?;
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
