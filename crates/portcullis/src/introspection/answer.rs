//! What an introspection answer (RFC 7662 §2.2) must say for the token to be let in as
//! an access token here.

use portcullis_jwt::{Claims, NumericDate, VerifyError};
use serde_json::{Map, Value};

use crate::{ClaimsMapping, Principal, TokenProblem};

/// The issuer and audiences answers are checked against.
pub(super) struct Expected<'a> {
    /// The configured issuer (an answer's `iss`, when present, must be it).
    pub(super) issuer: &'a str,
    /// The accepted audiences; `None` when the issuer skips the audience check.
    pub(super) audiences: Option<&'a [String]>,
    /// The latest expiry given to an answer (now + the positive cache lifetime).
    pub(super) max_exp: i64,
}

/// `token_use` values that name an access credential (Portcullis: JWT access tokens and
/// API keys). Anything else, `refresh_token` above all, is refused.
const ACCESS_USES: [&str; 2] = ["access_token", "api_key"];

/// Whether the answer describes an access token: `token_type` `Bearer` (RFC 6749 §7.1,
/// case-insensitive), and `token_use`, when present, an access use.
fn is_access_token(answer: &Map<String, Value>) -> bool {
    let bearer = answer
        .get("token_type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("bearer"));
    let usable = match answer.get("token_use") {
        None => true,
        Some(v) => v.as_str().is_some_and(|u| ACCESS_USES.contains(&u)),
    };
    bearer && usable
}

/// Whether `aud` (a string or an array of strings) names one of `accepted`.
fn audience_ok(aud: Option<&Value>, accepted: &[String]) -> Result<(), TokenProblem> {
    let auds: Vec<&str> = match aud {
        None => return Err(TokenProblem::Verify(VerifyError::MissingClaim("aud"))),
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        Some(_) => return Err(TokenProblem::Verify(VerifyError::WrongAudience)),
    };
    if auds.iter().any(|a| accepted.iter().any(|x| x == a)) {
        Ok(())
    } else {
        Err(TokenProblem::Verify(VerifyError::WrongAudience))
    }
}

/// An answer as a [`Principal`], or why it is not acceptable here.
pub(super) fn to_auth(
    mut answer: Map<String, Value>,
    expected: &Expected<'_>,
    now: NumericDate,
    mapping: &ClaimsMapping,
) -> Result<Principal, TokenProblem> {
    if answer.get("active") != Some(&Value::Bool(true)) {
        return Err(TokenProblem::Inactive);
    }
    if let Some(iss) = answer.get("iss").and_then(Value::as_str)
        && !crate::keys::url::same_issuer(iss, expected.issuer)
    {
        return Err(TokenProblem::Verify(VerifyError::WrongIssuer));
    }
    if !is_access_token(&answer) {
        return Err(TokenProblem::Verify(VerifyError::WrongType));
    }
    if let Some(accepted) = expected.audiences {
        audience_ok(answer.get("aud"), accepted)?;
    }
    let exp = match answer.get("exp").map(Value::as_i64) {
        Some(Some(exp)) if exp <= now.as_secs() => {
            return Err(TokenProblem::Verify(VerifyError::Expired));
        }
        Some(Some(exp)) => exp.min(expected.max_exp),
        Some(None) => return Err(TokenProblem::Verify(VerifyError::MissingClaim("exp"))),
        None => expected.max_exp,
    };
    answer.remove("active");
    answer.insert("exp".into(), exp.into());
    answer.insert("iss".into(), expected.issuer.to_owned().into());
    let payload = serde_json::to_vec(&answer).map_err(|_| TokenProblem::Inactive)?;
    let claims = Claims::from_payload(&payload).map_err(TokenProblem::Verify)?;
    Ok(Principal::from_introspection(claims, mapping, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(answer: Value, audiences: Option<&[String]>) -> Result<Principal, TokenProblem> {
        let expected = Expected {
            issuer: "https://id.example.com/",
            audiences,
            max_exp: 2_000_000_030,
        };
        to_auth(
            answer.as_object().cloned().unwrap(),
            &expected,
            NumericDate::from_secs(2_000_000_000),
            &ClaimsMapping::default(),
        )
    }

    #[test]
    fn only_access_tokens_for_this_api() {
        let api = ["https://api.example.com".to_owned()];
        let key = json!({"active": true, "sub": "u", "token_type": "Bearer", "token_use": "api_key", "aud": "https://api.example.com"});
        assert!(check(key.clone(), Some(&api)).is_ok());
        // RFC 6749 §5.1: the type is case-insensitive.
        let mut lower = key.clone();
        lower["token_type"] = json!("bearer");
        assert!(check(lower, Some(&api)).is_ok());
        let refresh = json!({"active": true, "sub": "u", "token_type": "Bearer", "token_use": "refresh_token", "aud": "https://api.example.com"});
        assert_eq!(
            check(refresh, Some(&api)).unwrap_err(),
            TokenProblem::Verify(VerifyError::WrongType)
        );
        let untyped = json!({"active": true, "sub": "u", "aud": "https://api.example.com"});
        assert!(check(untyped, Some(&api)).is_err(), "no token_type");
        let other = json!({"active": true, "sub": "u", "token_type": "Bearer", "aud": ["https://b.example.com"]});
        assert_eq!(
            check(other.clone(), Some(&api)).unwrap_err(),
            TokenProblem::Verify(VerifyError::WrongAudience)
        );
        assert!(check(other, None).is_ok(), "no audience check configured");
        let no_aud = json!({"active": true, "sub": "u", "token_type": "Bearer"});
        assert_eq!(
            check(no_aud, Some(&api)).unwrap_err(),
            TokenProblem::Verify(VerifyError::MissingClaim("aud"))
        );
    }
}
