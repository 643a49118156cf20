//! ④ How the user signed in: what a route can require of it (RFC 9470), and the
//! challenge that tells a client to sign the user in again.

use std::time::Duration;

/// The `acr` of a sign-in with two factors: the OpenID PAPE multi-factor policy, which
/// Portcullis and Auth0 issue and accept in `acr_values`.
pub const ACR_MULTI_FACTOR: &str = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

/// The `acr` of a sign-in with a factor that cannot be replayed to another site (a
/// passkey): the OpenID PAPE phishing-resistant policy. Portcullis issues it only for
/// sign-ins that are also multi-factor.
pub const ACR_PHISHING_RESISTANT: &str =
    "http://schemas.openid.net/pape/policies/2007/06/phishing-resistant";

/// What a client must do to get through: sign the user in again with one of these
/// authentication context classes, or more recently than `max_age`. Rendered as RFC
/// 9470's `insufficient_user_authentication` challenge, whose `acr_values` and
/// `max_age` the client passes on to `/authorize`.
///
/// ```
/// use std::time::Duration;
/// use portcullis::StepUp;
/// let s = StepUp::acr(["urn:example:gold"]).merge(StepUp::max_age(Duration::from_secs(300)));
/// assert_eq!(s.acr_values(), ["urn:example:gold"]);
/// assert_eq!(s.max_age_secs(), Some(300));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepUp {
    acr_values: Vec<String>,
    max_age: Option<u64>,
}

impl StepUp {
    /// A sign-in of one of these classes.
    pub fn acr<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Self {
        StepUp {
            acr_values: values.into_iter().map(Into::into).collect(),
            max_age: None,
        }
    }

    /// A sign-in at most this old (whole seconds, rounded down).
    pub fn max_age(age: Duration) -> Self {
        StepUp {
            acr_values: Vec::new(),
            max_age: Some(age.as_secs()),
        }
    }

    /// Both requirements: the classes of each (without repeats), the shorter age.
    pub fn merge(mut self, other: StepUp) -> Self {
        for v in other.acr_values {
            if !self.acr_values.contains(&v) {
                self.acr_values.push(v);
            }
        }
        self.max_age = match (self.max_age, other.max_age) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self
    }

    /// The classes asked for (`acr_values`), in order; empty when only age matters.
    pub fn acr_values(&self) -> &[String] {
        &self.acr_values
    }

    /// The greatest acceptable age of the sign-in, in seconds (`max_age`).
    pub fn max_age_secs(&self) -> Option<u64> {
        self.max_age
    }
}
