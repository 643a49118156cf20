//! The catalogue's consistency: every language has exactly English's messages, uses
//! only the variables English gives, parses cleanly and formats every message.

use std::collections::BTreeSet;

use crate::{Args, Direction, Locale, MessageError, Mode, catalogue};

fn english_ids() -> BTreeSet<&'static str> {
    catalogue().ids(Locale::ENGLISH).into_iter().collect()
}

#[test]
fn the_catalogue_loads_without_problems() {
    assert_eq!(catalogue().problems(), &[] as &[String]);
    let tags: Vec<_> = Locale::all().map(Locale::tag).collect();
    for expected in ["en", "de", "fr", "es", "ja"] {
        assert!(tags.contains(&expected), "{expected} missing from {tags:?}");
    }
}

#[test]
fn every_language_has_every_message_and_no_other() {
    let english = english_ids();
    assert!(english.len() > 50, "the English catalogue looks empty");
    for locale in Locale::all() {
        let ids: Vec<_> = catalogue().ids(locale);
        let set: BTreeSet<_> = ids.iter().copied().collect();
        assert_eq!(set.len(), ids.len(), "{locale}: a message is defined twice");
        let missing: Vec<_> = english.difference(&set).collect();
        let orphans: Vec<_> = set.difference(&english).collect();
        assert!(missing.is_empty(), "{locale} lacks {missing:?}");
        assert!(
            orphans.is_empty(),
            "{locale} has messages English lacks: {orphans:?}"
        );
    }
}

#[test]
fn translations_use_only_the_variables_english_gives() {
    for id in english_ids() {
        let english = catalogue().variables(Locale::ENGLISH, id);
        for locale in Locale::all() {
            let used = catalogue().variables(locale, id);
            let unknown: Vec<_> = used.difference(&english).collect();
            assert!(unknown.is_empty(), "{locale}/{id} uses {unknown:?}");
        }
    }
}

#[test]
fn every_message_formats_in_every_language_with_its_variables() {
    for id in english_ids() {
        let names = catalogue().variables(Locale::ENGLISH, id);
        let args = names.iter().fold(Args::new(), |a, n| a.num(n, 2));
        for locale in Locale::all() {
            let text = catalogue()
                .message(locale, id, &args)
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(!text.trim().is_empty(), "{locale}/{id} is empty");
        }
    }
}

#[test]
fn a_missing_message_or_variable_is_an_error_strictly_and_english_leniently() {
    let de = Locale::find("de").unwrap();
    assert!(matches!(
        catalogue().message(de, "no-such-message", &Args::new()),
        Err(MessageError::Missing { .. })
    ));
    let err = catalogue()
        .message(de, "join-title", &Args::new())
        .unwrap_err();
    assert!(matches!(err, MessageError::Unresolved { .. }), "{err:?}");
    // Serving: logged, and English (or the id) instead.
    assert_eq!(
        catalogue().text(Mode::Lenient, de, "no-such-message", &Args::new()),
        "no-such-message"
    );
    let strict = std::panic::catch_unwind(|| {
        catalogue().text(Mode::Strict, de, "no-such-message", &Args::new())
    });
    assert!(strict.is_err());
}

#[test]
fn plurals_follow_the_language() {
    let text = |tag, n| {
        let locale = Locale::find(tag).unwrap();
        catalogue()
            .message(
                locale,
                "mail-invitation-validity",
                &Args::new().num("days", n),
            )
            .unwrap()
    };
    assert_eq!(text("en", 1), "The invitation works once, for one day.");
    assert_eq!(text("en", 7), "The invitation works once, for 7 days.");
    assert!(text("de", 7).contains("7 Tage"));
    assert!(text("fr", 1).contains("un jour"));
    assert!(text("es", 7).contains("7 días"));
    assert!(text("ja", 7).contains("7 日間"));
}

#[test]
fn left_to_right_languages_get_no_isolation_marks() {
    for locale in Locale::all() {
        assert_eq!(locale.direction(), Direction::Ltr);
        let text = catalogue()
            .message(locale, "join-title", &Args::new().str("org", "Acme"))
            .unwrap();
        assert!(!text.contains('\u{2068}'), "{locale}: {text:?}");
        assert!(text.contains("Acme"));
    }
}
