//! What a verifier requires of a token's claims: built once, checked per token.

use std::time::Duration;

use crate::{Algorithm, AlgorithmSet};

/// The default limit on a token's length in bytes. Real access tokens are 0.5–2 KiB;
/// the limit keeps hostile input from costing more than a bounded parse.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 16 * 1024;

/// The default clock leeway for `exp`, `nbf` and `iat`.
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(5);

/// The claim rules a [`crate::Verifier`] enforces.
///
/// Issuer and audience are constructor arguments, not options: a token is only ever
/// accepted for the issuer and API it was minted for.
///
/// ```
/// use std::time::Duration;
/// use portcullis_jwt::{Algorithm, Validation};
/// let v = Validation::new("https://issuer.example/", "https://api.example")
///     .leeway(Duration::from_secs(2))
///     .require_typ("at+jwt")
///     .algorithms([Algorithm::ES256]);
/// assert_eq!(v.issuer(), "https://issuer.example/");
/// ```
#[derive(Debug, Clone)]
pub struct Validation {
    pub(crate) issuer: String,
    pub(crate) audiences: Option<Vec<String>>,
    pub(crate) leeway: Duration,
    pub(crate) max_age: Option<Duration>,
    pub(crate) required_typ: Option<String>,
    pub(crate) authorized_parties: Option<Vec<String>>,
    pub(crate) algorithms: AlgorithmSet,
    pub(crate) max_token_len: usize,
}

impl Validation {
    /// Requires `iss` to equal `issuer` exactly and `aud` to contain `audience`.
    /// Accepts the asymmetric algorithms only; see [`Validation::algorithms`].
    pub fn new(issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        Validation {
            issuer: issuer.into(),
            audiences: Some(vec![audience.into()]),
            leeway: DEFAULT_LEEWAY,
            max_age: None,
            required_typ: None,
            authorized_parties: None,
            algorithms: AlgorithmSet::asymmetric(),
            max_token_len: DEFAULT_MAX_TOKEN_LEN,
        }
    }

    /// The same rules for another issuer (used when the exact `iss` is only known after
    /// OpenID discovery).
    pub fn with_issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = issuer.into();
        self
    }

    /// Accepts any of these audiences (a token matches if any of its `aud` values is one
    /// of them). An empty list is ignored and the previous audiences are kept.
    pub fn audiences<I, S>(mut self, audiences: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let list: Vec<String> = audiences.into_iter().map(Into::into).collect();
        if !list.is_empty() {
            self.audiences = Some(list);
        }
        self
    }

    /// Does not check `aud` at all. Only for issuers whose tokens carry no audience
    /// (Clerk session tokens); pair it with [`Validation::authorized_parties`].
    pub fn insecure_skip_audience(mut self) -> Self {
        self.audiences = None;
        self
    }

    /// Clock leeway for `exp`, `nbf` and `iat` (default 5 s).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// Refuses tokens whose `iat` is older than `max_age` (and then requires `iat`).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Requires the header `typ` to be this media type (e.g. `at+jwt`, RFC 9068).
    pub fn require_typ(mut self, typ: impl Into<String>) -> Self {
        self.required_typ = Some(typ.into());
        self
    }

    /// Requires `azp` to be present and one of these parties.
    pub fn authorized_parties<I, S>(mut self, parties: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.authorized_parties = Some(parties.into_iter().map(Into::into).collect());
        self
    }

    /// Replaces the algorithm allow-list. Each key further narrows it to its own family.
    pub fn algorithms(mut self, algorithms: impl IntoIterator<Item = Algorithm>) -> Self {
        self.algorithms = algorithms.into_iter().collect();
        self
    }

    /// The largest token accepted, in bytes (default 16 KiB).
    pub fn max_token_len(mut self, len: usize) -> Self {
        self.max_token_len = len;
        self
    }

    /// The required issuer.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The accepted audiences (`None` when the audience check is skipped).
    pub fn accepted_audiences(&self) -> Option<&[String]> {
        self.audiences.as_deref()
    }

    /// The algorithm allow-list.
    pub fn allowed_algorithms(&self) -> AlgorithmSet {
        self.algorithms
    }

    /// The leeway.
    pub fn clock_leeway(&self) -> Duration {
        self.leeway
    }

    /// The maximum token age, if set.
    pub fn max_age_limit(&self) -> Option<Duration> {
        self.max_age
    }

    /// The token length limit.
    pub fn token_len_limit(&self) -> usize {
        self.max_token_len
    }
}
