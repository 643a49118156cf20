//! [`Catalogue`]: the Fluent bundles of every language, built once from the files
//! embedded at compile time, and the two ways to read a message from them.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::locale::{Direction, Locale};

/// `(language tag, [(file name, contents)])` for every folder under `locales/`.
const SOURCES: &[(&str, &[(&str, &str)])] = include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// The message each catalogue holds saying which way its language is written.
const DIRECTION_MESSAGE: &str = "language-direction";

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::load);

/// The catalogue, loaded at first use.
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

/// Why a message could not be formatted as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    /// The language's catalogue has no message with this id (or it has no value).
    #[error("{locale}: no message {id:?}")]
    Missing {
        /// The language asked for.
        locale: &'static str,
        /// The message id.
        id: String,
    },
    /// The message exists but Fluent reported errors while formatting it: a variable
    /// the caller did not give, a reference to an unknown message or term, …
    #[error("{locale}: message {id:?} did not resolve: {errors:?}")]
    Unresolved {
        /// The language asked for.
        locale: &'static str,
        /// The message id.
        id: String,
        /// Fluent's errors, as text.
        errors: Vec<String>,
    },
}

/// What to do when a message is missing or does not format cleanly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Panic: what tests use, so that no missing message goes unnoticed.
    Strict,
    /// Log a warning and use the English message (or the id, if English fails too):
    /// what serving traffic uses.
    Lenient,
}

/// The arguments of a message: strings (names, addresses) and numbers (counts, which
/// choose plural forms).
///
/// ```
/// use portcullis_i18n::{Args, Locale, catalogue};
/// let args = Args::new().str("org", "Acme").num("days", 7);
/// let subject = catalogue().message(Locale::ENGLISH, "mail-invitation-subject", &args).unwrap();
/// assert_eq!(subject, "Join Acme on Portcullis");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Args<'a>(Vec<(&'a str, Arg<'a>)>);

#[derive(Debug, Clone)]
enum Arg<'a> {
    Str(&'a str),
    Num(i64),
}

impl<'a> Args<'a> {
    /// No arguments.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a string argument.
    pub fn str(mut self, name: &'a str, value: &'a str) -> Self {
        self.0.push((name, Arg::Str(value)));
        self
    }

    /// Adds a number argument (plural forms choose by it).
    pub fn num(mut self, name: &'a str, value: i64) -> Self {
        self.0.push((name, Arg::Num(value)));
        self
    }

    fn fluent(&self) -> FluentArgs<'a> {
        let mut args = FluentArgs::with_capacity(self.0.len());
        for (name, value) in &self.0 {
            match value {
                Arg::Str(s) => args.set(*name, FluentValue::from(*s)),
                Arg::Num(n) => args.set(*name, FluentValue::from(*n)),
            }
        }
        args
    }
}

struct Language {
    locale: Locale,
    bundle: FluentBundle<FluentResource>,
    /// Every message id, in file order, for the consistency checks.
    ids: Vec<String>,
    direction: Direction,
}

/// Every language's messages. Built once from the embedded `.ftl` files; a file that
/// does not parse keeps what did parse, and the problem is listed by
/// [`problems`](Self::problems) (a test makes that list empty).
pub struct Catalogue {
    languages: Vec<Language>,
    problems: Vec<String>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("languages", &self.languages().collect::<Vec<_>>())
            .field("problems", &self.problems)
            .finish()
    }
}

impl Catalogue {
    fn load() -> Self {
        let mut problems = Vec::new();
        let mut languages = Vec::new();
        for (tag, files) in SOURCES {
            let langid: LanguageIdentifier = match tag.parse() {
                Ok(l) => l,
                Err(e) => {
                    problems.push(format!("{tag}: not a language tag: {e}"));
                    continue;
                }
            };
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            let mut ids = Vec::new();
            for (name, text) in *files {
                let resource = match FluentResource::try_new((*text).to_owned()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        problems.extend(errors.iter().map(|e| format!("{tag}/{name}: {e}")));
                        r
                    }
                };
                ids.extend(message_ids(&resource));
                if let Err(errors) = bundle.add_resource(resource) {
                    problems.extend(errors.iter().map(|e| format!("{tag}/{name}: {e}")));
                }
            }
            let direction = match format(&bundle, DIRECTION_MESSAGE, &Args::new()) {
                Ok(d) if d.trim() == "rtl" => Direction::Rtl,
                _ => Direction::Ltr,
            };
            // Unicode isolation marks around placeables keep a Latin name or address
            // from reordering right-to-left text; left-to-right text needs none (and
            // they would stick to links copied out of a mail).
            bundle.set_use_isolating(direction == Direction::Rtl);
            languages.push(Language {
                locale: Locale::from_catalogue(tag),
                bundle,
                ids,
                direction,
            });
        }
        for p in &problems {
            tracing::error!(problem = %p, "message catalogue");
        }
        Self {
            languages,
            problems,
        }
    }

    fn language(&self, locale: Locale) -> Option<&Language> {
        self.languages.iter().find(|l| l.locale == locale)
    }

    /// The tags of the languages held.
    pub(crate) fn languages(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.languages.iter().map(|l| l.locale.tag())
    }

    pub(crate) fn direction(&self, locale: Locale) -> Direction {
        self.language(locale)
            .map_or(Direction::Ltr, |l| l.direction)
    }

    /// The message `id` in `locale`, formatted with `args`; an error when the message
    /// is missing or Fluent reports anything (an unknown variable, say).
    pub fn message(
        &self,
        locale: Locale,
        id: &str,
        args: &Args<'_>,
    ) -> Result<String, MessageError> {
        let Some(language) = self.language(locale) else {
            return Err(MessageError::Missing {
                locale: locale.tag(),
                id: id.to_owned(),
            });
        };
        format(&language.bundle, id, args).map_err(|e| match e {
            FormatError::Missing => MessageError::Missing {
                locale: locale.tag(),
                id: id.to_owned(),
            },
            FormatError::Unresolved(errors) => MessageError::Unresolved {
                locale: locale.tag(),
                id: id.to_owned(),
                errors,
            },
        })
    }

    /// [`message`](Self::message), and what `mode` says when it fails: a panic, or
    /// English (logged), or at worst the id itself.
    pub fn text(&self, mode: Mode, locale: Locale, id: &str, args: &Args<'_>) -> String {
        match self.message(locale, id, args) {
            Ok(text) => text,
            Err(e) if mode == Mode::Strict => panic!("message catalogue: {e}"),
            Err(e) => {
                tracing::warn!(error = %e, "message catalogue: falling back to English");
                self.message(Locale::ENGLISH, id, args)
                    .unwrap_or_else(|_| id.to_owned())
            }
        }
    }

    /// The ids of every message of `locale`, in file order.
    pub fn ids(&self, locale: Locale) -> Vec<&str> {
        self.language(locale)
            .map(|l| l.ids.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The variables (`$name`) the message `id` of `locale` refers to, anywhere in its
    /// value, including selectors.
    pub fn variables(&self, locale: Locale, id: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        if let Some(message) = self.language(locale).and_then(|l| l.bundle.get_message(id))
            && let Some(pattern) = message.value()
        {
            crate::variables::of_pattern(pattern, &mut found);
        }
        found
    }

    /// What went wrong loading the files (syntax errors, a message defined twice).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

enum FormatError {
    Missing,
    Unresolved(Vec<String>),
}

fn format(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: &Args<'_>,
) -> Result<String, FormatError> {
    let pattern = bundle
        .get_message(id)
        .and_then(|m| m.value())
        .ok_or(FormatError::Missing)?;
    let mut errors = Vec::new();
    let fluent_args = args.fluent();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if errors.is_empty() {
        Ok(text.into_owned())
    } else {
        Err(FormatError::Unresolved(
            errors.iter().map(ToString::to_string).collect(),
        ))
    }
}

fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}
