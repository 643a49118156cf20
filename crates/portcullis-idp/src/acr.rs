//! [`Acr`]: how strong a sign-in was, as an authentication context class (`acr`,
//! OpenID Connect Core §2) that tokens state and `/authorize` asks for in `acr_values`.

use std::fmt;

/// The authentication context classes the issuer knows, weakest first. A sign-in of one
/// class satisfies a request for it or for any weaker one.
///
/// The two stronger classes are the OpenID PAPE policy URIs that other issuers (Auth0
/// among them) state, so resource servers written against those work unchanged.
///
/// | class | `acr` | made by |
/// |---|---|---|
/// | [`Acr::SingleFactor`] | `urn:portcullis:acr:single-factor` | a password alone |
/// | [`Acr::MultiFactor`] | `http://schemas.openid.net/pape/policies/2007/06/multi-factor` | a password and a second factor |
/// | [`Acr::PhishingResistant`] | `http://schemas.openid.net/pape/policies/2007/06/phishing-resistant` | a passkey (also multi-factor) |
///
/// ```
/// use portcullis_idp::Acr;
/// let mfa = Acr::parse("http://schemas.openid.net/pape/policies/2007/06/multi-factor").unwrap();
/// assert_eq!(mfa, Acr::MultiFactor);
/// assert!(Acr::MultiFactor.satisfies(Acr::SingleFactor));
/// assert!(!Acr::SingleFactor.satisfies(Acr::MultiFactor));
/// assert_eq!(Acr::parse("urn:example:gold"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Acr {
    /// One factor (a password).
    SingleFactor,
    /// Two factors of different kinds.
    MultiFactor,
    /// Two factors, one of which cannot be replayed to another site (a passkey).
    PhishingResistant,
}

impl Acr {
    /// Every class, weakest first (discovery's `acr_values_supported`).
    pub const ALL: [Acr; 3] = [Acr::SingleFactor, Acr::MultiFactor, Acr::PhishingResistant];

    /// The `acr` value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Acr::SingleFactor => "urn:portcullis:acr:single-factor",
            Acr::MultiFactor => "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
            Acr::PhishingResistant => {
                "http://schemas.openid.net/pape/policies/2007/06/phishing-resistant"
            }
        }
    }

    /// The class an `acr` value names, if the issuer knows it.
    pub fn parse(value: &str) -> Option<Acr> {
        Acr::ALL.into_iter().find(|a| a.as_str() == value)
    }

    /// Whether a sign-in of this class is at least as strong as `wanted`.
    pub fn satisfies(self, wanted: Acr) -> bool {
        self >= wanted
    }
}

impl fmt::Display for Acr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an authorization request asks of the sign-in (`acr_values`, OpenID Connect Core
/// §3.1.2.1): any one of these classes will do. Empty when the request named none.
///
/// ```
/// use portcullis_idp::{Acr, AcrValues};
/// let wanted = AcrValues::parse("urn:example:gold http://schemas.openid.net/pape/policies/2007/06/multi-factor").unwrap();
/// assert!(wanted.satisfied_by(Acr::PhishingResistant));
/// assert!(!wanted.satisfied_by(Acr::SingleFactor));
/// assert!(AcrValues::parse("").unwrap().satisfied_by(Acr::SingleFactor));
/// assert!(AcrValues::parse("urn:example:gold").is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AcrValues(Vec<Acr>);

impl AcrValues {
    /// Parses the space-separated list. Values the issuer does not know are passed over
    /// (the parameter lists acceptable classes in order of preference); a list that
    /// names only unknown classes cannot be honoured and is refused.
    pub fn parse(list: &str) -> Result<AcrValues, &'static str> {
        let mut known = Vec::new();
        let mut named = false;
        for value in list.split_ascii_whitespace() {
            named = true;
            if let Some(acr) = Acr::parse(value)
                && !known.contains(&acr)
            {
                known.push(acr);
            }
        }
        if named && known.is_empty() {
            return Err("acr_values names no authentication context class this issuer supports");
        }
        Ok(AcrValues(known))
    }

    /// Whether a sign-in of class `have` meets the request (any requested class will do;
    /// a request that named none is met by every sign-in).
    pub fn satisfied_by(&self, have: Acr) -> bool {
        self.0.is_empty() || self.0.iter().any(|&want| have.satisfies(want))
    }

    /// The weakest class that would meet the request, if it asked for one.
    pub fn weakest(&self) -> Option<Acr> {
        self.0.iter().copied().min()
    }

    /// Whether the request named a class.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The list again, space-separated (to carry it through the hosted forms).
    pub fn to_param(&self) -> String {
        self.0
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}
