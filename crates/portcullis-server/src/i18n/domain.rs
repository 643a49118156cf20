//! The domain's sentences that reach a page (its input rules, a refused authorization
//! request, an invitation it will not accept, a change the account page refuses) in the
//! page's language. The domain speaks English to every caller; this is the one table
//! from those sentences to the catalogue. A sentence the table does not know is shown
//! as it is (and logged), and tests hold the table to what the domain really says.

use super::template::{text, text_num};

/// English sentence → message id, for sentences without a number.
const FIXED: &[(&str, &str)] = &[
    ("email is required", "input-email-required"),
    ("email is not a valid email address", "input-email-invalid"),
    ("password is required", "input-password-required"),
    (
        "password is too common; choose a less guessable one",
        "input-password-common",
    ),
    ("password must not be your email", "input-password-is-email"),
    ("The request has no client_id.", "error-no-client-id"),
    (
        "This application is not registered.",
        "error-unknown-client",
    ),
    (
        "The service is temporarily unavailable. Please try again.",
        "error-unavailable",
    ),
    (
        "The service is temporarily unavailable.",
        "error-unavailable",
    ),
    (
        "The redirect_uri is not registered for this application.",
        "error-redirect-uri-unregistered",
    ),
    ("The request has no redirect_uri.", "error-no-redirect-uri"),
    (
        "the invitation is invalid, used, expired, or for another address",
        "invitation-wrong",
    ),
    (
        "accepting would leave the organization without an owner",
        "invitation-last-owner",
    ),
    ("name the passkey", "account-passkey-name-required"),
    (
        "a passkey's name must not contain control characters",
        "account-passkey-name-control",
    ),
    (
        "this passkey is the last way to sign in to this account: add another first",
        "account-passkey-last",
    ),
    (
        "an authenticator app is already set up: remove it first",
        "account-totp-already",
    ),
    (
        "recovery codes stand in for a second factor: set one up first",
        "account-recovery-needs-factor",
    ),
];

/// (before the number, after it, message id, the number's name).
const COUNTED: &[(&str, &str, &str, &str)] = &[
    (
        "password must be at least ",
        " characters",
        "input-password-too-short",
        "min",
    ),
    (
        "password must be at most ",
        " bytes",
        "input-password-too-long",
        "max",
    ),
    (
        "name must be at most ",
        " characters",
        "input-name-too-long",
        "max",
    ),
    (
        "a passkey's name has at most ",
        " characters",
        "account-passkey-name-too-long",
        "max",
    ),
];

/// `sentence` in the request's language, when the table knows it.
pub(crate) fn translate(sentence: &str) -> String {
    if let Some((_, id)) = FIXED.iter().find(|(en, _)| *en == sentence) {
        return text(id);
    }
    for (before, after, id, name) in COUNTED {
        if let Some(n) = sentence
            .strip_prefix(before)
            .and_then(|rest| rest.strip_suffix(after))
            .and_then(|n| n.parse::<i64>().ok())
        {
            return text_num(id, name, n);
        }
    }
    tracing::debug!(sentence, "no translation for a domain sentence");
    sentence.to_owned()
}

#[cfg(test)]
mod tests {
    use portcullis_i18n::{Locale, sync_scope};
    use portcullis_idp::{Email, NewPassword};

    use super::*;

    fn refusal(r: Result<impl Sized, portcullis_idp::IdpError>) -> String {
        match r {
            Err(portcullis_idp::IdpError::InvalidInput(m)) => m,
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn what_the_input_rules_say_is_in_the_table() {
        let said = [
            refusal(Email::parse("")),
            refusal(Email::parse("not-an-address")),
            refusal(NewPassword::parse(String::new(), "a@example.com")),
            refusal(NewPassword::parse("short".into(), "a@example.com")),
            refusal(NewPassword::parse("x".repeat(5000), "a@example.com")),
            refusal(NewPassword::parse("password123".into(), "a@example.com")),
            refusal(NewPassword::parse(
                "ada@example.com".into(),
                "ada@example.com",
            )),
        ];
        let de = Locale::find("de").unwrap();
        for sentence in said {
            let german = sync_scope(de, || translate(&sentence));
            assert_ne!(german, sentence, "not in the table: {sentence:?}");
            assert!(!german.contains('{'), "{german}");
        }
        let short = sync_scope(de, || translate("password must be at least 8 characters"));
        assert_eq!(short, "Das Passwort muss mindestens 8 Zeichen lang sein.");
    }

    #[test]
    fn every_sentence_of_the_table_translates_and_unknown_ones_pass_through() {
        let ja = Locale::find("ja").unwrap();
        for (en, _) in FIXED {
            assert_ne!(sync_scope(ja, || translate(en)), *en);
        }
        assert_eq!(
            sync_scope(ja, || translate("something new")),
            "something new"
        );
        assert_eq!(
            sync_scope(ja, || translate(
                "password must be at least many characters"
            )),
            "password must be at least many characters"
        );
    }
}
