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

#[cfg(test)]
mod tests {
    //! The claim rules, checked on already signature-checked tokens (the signature side
    //! is covered by the vector suites in `tests/it`). Expectations come from the specs
    //! and from SECURITY.md's figures, never from this crate's constants.

    use std::time::Duration;

    use serde_json::{Value, json};

    use crate::{Algorithm, Claims, Header, NumericDate, Validation, Verifier, VerifyError};

    /// The leeway SECURITY.md promises for `exp`, `nbf` and `iat`.
    const PROMISED_LEEWAY: i64 = 5;
    const ISS: &str = "https://issuer.example/";
    const AUD: &str = "https://api.example";
    const T: i64 = 1_700_000_000;

    fn header(typ: Option<&str>) -> Header {
        Header {
            alg: Algorithm::ES256,
            kid: None,
            typ: typ.map(str::to_owned),
        }
    }

    /// `extra` merged into a token that is otherwise valid at `T` for a long time.
    fn claims(extra: Value) -> Claims {
        let mut c = json!({"iss": ISS, "aud": AUD, "sub": "user_1", "exp": T + 3600});
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        Claims::from_payload(c.to_string().as_bytes()).unwrap()
    }

    fn check(v: Validation, typ: Option<&str>, extra: Value, now: i64) -> Result<(), VerifyError> {
        Verifier::new(v).check_claims(&header(typ), &claims(extra), NumericDate::from_secs(now))
    }

    fn default_rules() -> Validation {
        Validation::new(ISS, AUD)
    }

    #[test]
    fn the_default_leeway_is_the_promised_five_seconds_at_every_edge() {
        let l = PROMISED_LEEWAY;
        // RFC 7519 §4.1.4: valid only while now is before `exp`; with the leeway, before
        // exp + 5.
        let exp = json!({"exp": T});
        assert_eq!(check(default_rules(), None, exp.clone(), T + l - 1), Ok(()));
        assert_eq!(
            check(default_rules(), None, exp, T + l),
            Err(VerifyError::Expired)
        );
        // RFC 7519 §4.1.5: valid from `nbf` on; with the leeway, from nbf - 5.
        let nbf = json!({"nbf": T});
        assert_eq!(check(default_rules(), None, nbf.clone(), T - l), Ok(()));
        assert_eq!(
            check(default_rules(), None, nbf, T - l - 1),
            Err(VerifyError::NotYetValid)
        );
        // `iat` may be at most 5 s ahead of our clock.
        let iat = json!({"iat": T});
        assert_eq!(check(default_rules(), None, iat.clone(), T - l), Ok(()));
        assert_eq!(
            check(default_rules(), None, iat, T - l - 1),
            Err(VerifyError::IssuedInFuture)
        );
    }

    #[test]
    fn a_configured_leeway_moves_every_edge() {
        let rules = || default_rules().leeway(Duration::from_secs(60));
        assert_eq!(check(rules(), None, json!({"exp": T}), T + 59), Ok(()));
        assert_eq!(
            check(rules(), None, json!({"exp": T}), T + 60),
            Err(VerifyError::Expired)
        );
        assert_eq!(
            check(rules(), None, json!({"nbf": T + 61}), T),
            Err(VerifyError::NotYetValid)
        );
        assert_eq!(check(rules(), None, json!({"iat": T + 60}), T), Ok(()));
        let strict = default_rules().leeway(Duration::ZERO);
        assert_eq!(
            check(strict, None, json!({"exp": T}), T),
            Err(VerifyError::Expired),
            "no leeway: expired at exp itself"
        );
    }

    #[test]
    fn an_iat_in_the_future_is_refused_also_without_nbf() {
        assert_eq!(
            check(default_rules(), None, json!({"iat": T + 3000}), T),
            Err(VerifyError::IssuedInFuture)
        );
        assert_eq!(
            check(default_rules(), None, json!({"iat": T - 3000}), T),
            Ok(())
        );
    }

    #[test]
    fn max_age_refuses_tokens_issued_too_long_ago() {
        const MAX_AGE: u16 = 600;
        let rules = || default_rules().max_age(Duration::from_secs(MAX_AGE.into()));
        let l = PROMISED_LEEWAY;
        let iat = json!({"iat": T});
        assert_eq!(
            check(rules(), None, iat.clone(), T + i64::from(MAX_AGE) + l),
            Ok(())
        );
        assert_eq!(
            check(rules(), None, iat.clone(), T + i64::from(MAX_AGE) + l + 1),
            Err(VerifyError::TooOld)
        );
        // Without max_age the same old token is fine; with it, `iat` is required.
        assert_eq!(check(default_rules(), None, iat, T + 3000), Ok(()));
        assert_eq!(
            check(rules(), None, json!({}), T),
            Err(VerifyError::MissingClaim("iat"))
        );
    }

    #[test]
    fn a_required_typ_must_be_present_and_match() {
        let rules = || default_rules().require_typ("at+jwt");
        // RFC 7515 §4.1.9: media types compare case-insensitively, `application/` optional.
        for ok in ["at+jwt", "AT+JWT", "application/at+jwt"] {
            assert_eq!(check(rules(), Some(ok), json!({}), T), Ok(()), "{ok}");
        }
        for bad in [Some("JWT"), Some("id+jwt"), Some("at+jwt2"), None] {
            assert_eq!(
                check(rules(), bad, json!({}), T),
                Err(VerifyError::WrongType),
                "{bad:?}"
            );
        }
        // Not required: any typ, or none, passes.
        assert_eq!(check(default_rules(), Some("JWT"), json!({}), T), Ok(()));
        assert_eq!(check(default_rules(), None, json!({}), T), Ok(()));
    }

    #[test]
    fn authorized_parties_require_a_listed_azp() {
        let rules =
            || default_rules().authorized_parties(["https://app.example", "https://admin.example"]);
        for ok in ["https://app.example", "https://admin.example"] {
            assert_eq!(check(rules(), None, json!({"azp": ok}), T), Ok(()), "{ok}");
        }
        for bad in [
            json!({"azp": "https://evil.example"}),
            json!({"azp": "https://APP.example"}),
            json!({}),
        ] {
            assert_eq!(
                check(rules(), None, bad.clone(), T),
                Err(VerifyError::UnauthorizedParty),
                "{bad}"
            );
        }
        assert_eq!(
            check(default_rules(), None, json!({"azp": "anyone"}), T),
            Ok(()),
            "not checked unless configured"
        );
    }
}
