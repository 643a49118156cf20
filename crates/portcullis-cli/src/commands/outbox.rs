//! `portcullis outbox`: mail waiting to be sent, or sent.

use super::open;
use crate::config::StoreArgs;
use crate::error::CliError;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// Only mail to this address.
    #[arg(long)]
    to: Option<String>,
    /// How many messages.
    #[arg(long, default_value_t = 10)]
    limit: i64,
}

pub(crate) async fn run(args: Args) -> Result<(), CliError> {
    let idp = open(&args.store).await?;
    let to = args.to.map(|t| t.trim().to_lowercase());
    for m in idp.store().outbox(to.as_deref(), args.limit).await? {
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
