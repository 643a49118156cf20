//! The mail the issuer sends, composed from the message catalogue in the language of
//! the request that caused it ([`portcullis_i18n::current`]). A link stands on a line
//! of its own, outside any translated sentence, so no translation can break it.

use portcullis_i18n::{Args, Locale, Mode, catalogue};

/// Tests fail on a missing message; serving falls back to English (logged).
const MODE: Mode = if cfg!(test) {
    Mode::Strict
} else {
    Mode::Lenient
};

/// A subject and a plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mail {
    pub(crate) subject: String,
    pub(crate) body: String,
}

/// A paragraph of a body: a message of the catalogue, or a line as it is (a link).
enum Part<'a> {
    Text(&'a str, Args<'a>),
    Line(&'a str),
}

fn compose(locale: Locale, subject: &str, subject_args: &Args<'_>, parts: &[Part<'_>]) -> Mail {
    let text = |id, args| catalogue().text(MODE, locale, id, args);
    let paragraphs: Vec<String> = parts
        .iter()
        .map(|p| match p {
            Part::Text(id, args) => text(id, args),
            Part::Line(line) => (*line).to_owned(),
        })
        .collect();
    Mail {
        subject: text(subject, subject_args),
        body: paragraphs.join("\n\n") + "\n",
    }
}

/// Whole hours in `secs` (at least one).
fn hours(secs: i64) -> i64 {
    (secs / 3600).max(1)
}

/// The link confirming a new account's address, valid `ttl` seconds.
pub(crate) fn verification(locale: Locale, link: &str, ttl: i64) -> Mail {
    compose(
        locale,
        "mail-verify-subject",
        &Args::new(),
        &[
            Part::Text("mail-verify-intro", Args::new()),
            Part::Line(link),
            Part::Text("mail-verify-validity", Args::new().num("hours", hours(ttl))),
        ],
    )
}

/// A password reset link, valid `ttl` seconds.
pub(crate) fn reset(locale: Locale, link: &str, ttl: i64) -> Mail {
    compose(
        locale,
        "mail-reset-subject",
        &Args::new(),
        &[
            Part::Text("mail-reset-intro", Args::new()),
            Part::Line(link),
            Part::Text("mail-reset-validity", Args::new().num("hours", hours(ttl))),
        ],
    )
}

/// A code to sign in with, and the link that fills it in, valid `ttl` seconds.
pub(crate) fn sign_in_code(locale: Locale, code: &str, link: &str, ttl: i64) -> Mail {
    compose(
        locale,
        "mail-signin-code-subject",
        &Args::new(),
        &[
            Part::Text("mail-signin-code-intro", Args::new()),
            Part::Line(code),
            Part::Text("mail-signin-code-link", Args::new()),
            Part::Line(link),
            Part::Text(
                "mail-signin-code-validity",
                Args::new().num("minutes", (ttl / 60).max(1)),
            ),
        ],
    )
}

/// The notice an address with an account gets when someone signs up with it.
pub(crate) fn existing_account(locale: Locale, forgot_link: &str) -> Mail {
    compose(
        locale,
        "mail-existing-subject",
        &Args::new(),
        &[
            Part::Text("mail-existing-intro", Args::new()),
            Part::Text("mail-existing-action", Args::new()),
            Part::Line(forgot_link),
            Part::Text("mail-existing-ignore", Args::new()),
        ],
    )
}

/// What an invitation offers and how to accept it.
pub(crate) struct Invitation<'a> {
    pub(crate) org: &'a str,
    pub(crate) role: &'a str,
    /// The hosted page that accepts it.
    pub(crate) link: &'a str,
    /// The API call that accepts it (`POST https://…`).
    pub(crate) endpoint: &'a str,
    /// The invitation's token, for that call.
    pub(crate) token: &'a str,
    /// How long it lasts, in seconds.
    pub(crate) ttl: i64,
}

/// An invitation into an organization.
pub(crate) fn invitation(locale: Locale, inv: &Invitation<'_>) -> Mail {
    let days = (inv.ttl / 86_400).max(1);
    compose(
        locale,
        "mail-invitation-subject",
        &Args::new().str("org", inv.org),
        &[
            Part::Text(
                "mail-invitation-intro",
                Args::new().str("org", inv.org).str("role", inv.role),
            ),
            Part::Text("mail-invitation-action", Args::new()),
            Part::Line(inv.link),
            Part::Text("mail-invitation-validity", Args::new().num("days", days)),
            Part::Text(
                "mail-invitation-api",
                Args::new().str("endpoint", inv.endpoint),
            ),
            Part::Line(inv.token),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://id.example.com/verify-email?token=pev_abc";

    fn every_mail(locale: Locale) -> Vec<Mail> {
        vec![
            verification(locale, LINK, 24 * 3600),
            reset(locale, LINK, 3600),
            existing_account(locale, LINK),
            invitation(
                locale,
                &Invitation {
                    org: "Acme",
                    role: "admin",
                    link: LINK,
                    endpoint: "POST https://id.example.com/api/auth/invitations/accept",
                    token: "pin_abc",
                    ttl: 7 * 86_400,
                },
            ),
            sign_in_code(locale, "123456", LINK, 600),
        ]
    }

    #[test]
    fn every_mail_renders_in_every_language_with_its_links_intact() {
        // Strict mode: a missing message or variable panics here.
        for locale in Locale::all() {
            for mail in every_mail(locale) {
                for text in [&mail.subject, &mail.body] {
                    assert!(
                        !text.contains('{') && !text.contains('}'),
                        "{locale}: {text}"
                    );
                    assert!(!text.contains("mail-"), "{locale}: an id leaked: {text}");
                }
                assert!(!mail.subject.contains('\n'));
                // The link stands alone on its line, untouched.
                assert!(
                    mail.body.lines().any(|l| l == LINK),
                    "{locale}: {}",
                    mail.body
                );
            }
        }
    }

    #[test]
    fn english_mail_reads_as_before() {
        let mails = every_mail(Locale::ENGLISH);
        assert_eq!(mails[0].subject, "Confirm your email address");
        assert_eq!(
            mails[0].body,
            format!(
                "Confirm your email address for your account:\n\n{LINK}\n\nThe link works once, for 24 hours.\n"
            )
        );
        assert_eq!(
            mails[1].body,
            format!(
                "Someone asked to reset your password. If it was you:\n\n{LINK}\n\nThe link works once, for an hour. Otherwise ignore this message.\n"
            )
        );
        assert_eq!(mails[3].subject, "Join Acme on Portcullis");
        assert!(
            mails[3]
                .body
                .contains("The invitation works once, for 7 days.")
        );
    }

    #[test]
    fn mail_speaks_the_language_asked_for() {
        let text = |tag| {
            let mails = every_mail(Locale::find(tag).unwrap());
            format!("{}\n{}", mails[3].subject, mails[3].body)
        };
        assert!(text("de").contains("Einladung zu Acme"));
        assert!(text("fr").contains("Rejoignez Acme"));
        assert!(text("es").contains("Únete a Acme"));
        assert!(text("ja").contains("Acme への招待"));
        assert!(text("ja").contains("7 日間"));
    }
}
