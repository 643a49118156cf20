//! Verification: signature with a pinned key, then every claim rule. Time is an argument.

use crate::{Claims, Header, Jws, KeySet, NumericDate, Validation, VerifyError};

/// A token that passed every check.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The protected header.
    pub header: Header,
    /// The claims.
    pub claims: Claims,
    /// The `kid` of the key that verified the signature, if it had one.
    pub key_id: Option<String>,
}

/// Verifies compact JWS access tokens against a [`KeySet`] under a [`Validation`].
///
/// ```
/// use portcullis_jwt::{Algorithm, KeySet, NumericDate, SigningKey, Validation, Verifier, VerifyError};
/// let signer = SigningKey::generate(Algorithm::ES256)?.with_kid("k1");
/// let keys = KeySet::from_keys([signer.verifying_key()?]);
/// let token = signer.sign_json(&serde_json::json!({
///     "iss": "https://issuer.example/", "aud": "api", "sub": "user_1", "exp": 2_000,
/// }), None)?;
/// let verifier = Verifier::new(Validation::new("https://issuer.example/", "api"));
/// let ok = verifier.verify(&token, &keys, NumericDate::from_secs(1_000))?;
/// assert_eq!(ok.claims.subject(), Some("user_1"));
/// let late = verifier.verify(&token, &keys, NumericDate::from_secs(3_000));
/// assert_eq!(late.unwrap_err(), VerifyError::Expired);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Verifier {
    validation: Validation,
}

impl Verifier {
    /// A verifier enforcing `validation`.
    pub fn new(validation: Validation) -> Self {
        Verifier { validation }
    }

    /// The rules in force.
    pub fn validation(&self) -> &Validation {
        &self.validation
    }

    /// Checks the signature only, returning the parsed JWS and the `kid` of the key that
    /// verified it. The payload may be anything.
    pub fn verify_signature<'t>(
        &self,
        token: &'t str,
        keys: &KeySet,
    ) -> Result<(Jws<'t>, Option<String>), VerifyError> {
        let jws = Jws::parse(token, self.validation.max_token_len)?;
        let kid = self.verify_parsed(&jws, keys)?;
        Ok((jws, kid))
    }

    /// Checks the signature of an already parsed JWS, returning the `kid` of the key that
    /// verified it. Use with [`Jws::parse`] and [`Verifier::check_claims`] when the claims
    /// are needed before the keys (e.g. to route a token by its issuer).
    pub fn verify_parsed(
        &self,
        jws: &Jws<'_>,
        keys: &KeySet,
    ) -> Result<Option<String>, VerifyError> {
        let alg = jws.header().alg;
        if !self.validation.algorithms.contains(alg) {
            return Err(VerifyError::AlgorithmNotAllowed);
        }
        let mut tried = false;
        let mut found = None;
        for key in keys.candidates(jws.header().kid.as_deref(), alg) {
            tried = true;
            if key
                .verify(alg, jws.signing_input(), jws.signature())
                .is_ok()
            {
                found = Some(key.kid().map(str::to_owned));
                break;
            }
        }
        if let Some(kid) = found {
            return Ok(kid);
        }
        Err(if tried {
            VerifyError::InvalidSignature
        } else {
            VerifyError::UnknownKey
        })
    }

    /// Verifies a token completely at time `now`.
    pub fn verify(
        &self,
        token: &str,
        keys: &KeySet,
        now: NumericDate,
    ) -> Result<Verified, VerifyError> {
        let (jws, key_id) = self.verify_signature(token, keys)?;
        let claims = Claims::from_payload(jws.payload())?;
        self.check_claims(jws.header(), &claims, now)?;
        Ok(Verified {
            header: jws.into_header(),
            claims,
            key_id,
        })
    }

    /// The claim rules, on an already signature-checked token.
    pub fn check_claims(
        &self,
        header: &Header,
        claims: &Claims,
        now: NumericDate,
    ) -> Result<(), VerifyError> {
        let v = &self.validation;
        if let Some(typ) = &v.required_typ
            && !header.typ_is(typ)
        {
            return Err(VerifyError::WrongType);
        }
        match claims.issuer() {
            None => return Err(VerifyError::MissingClaim("iss")),
            Some(iss) if iss != v.issuer => return Err(VerifyError::WrongIssuer),
            Some(_) => {}
        }
        if let Some(accepted) = &v.audiences {
            if claims.audiences().is_empty() {
                return Err(VerifyError::MissingClaim("aud"));
            }
            if !claims.audiences().iter().any(|a| accepted.contains(a)) {
                return Err(VerifyError::WrongAudience);
            }
        }
        if claims.expires_at() <= now.saturating_sub(v.leeway) {
            return Err(VerifyError::Expired);
        }
        if let Some(nbf) = claims.not_before()
            && nbf > now.saturating_add(v.leeway)
        {
            return Err(VerifyError::NotYetValid);
        }
        if let Some(iat) = claims.issued_at()
            && iat > now.saturating_add(v.leeway)
        {
            return Err(VerifyError::IssuedInFuture);
        }
        if let Some(max_age) = v.max_age {
            let iat = claims.issued_at().ok_or(VerifyError::MissingClaim("iat"))?;
            if iat.saturating_add(max_age).saturating_add(v.leeway) < now {
                return Err(VerifyError::TooOld);
            }
        }
        if let Some(parties) = &v.authorized_parties {
            let azp = claims
                .get_str("azp")
                .ok_or(VerifyError::UnauthorizedParty)?;
            if !parties.iter().any(|p| p == azp) {
                return Err(VerifyError::UnauthorizedParty);
            }
        }
        Ok(())
    }
}
