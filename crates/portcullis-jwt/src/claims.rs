//! The claims of a JWT: the registered ones typed, every one kept raw.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Value};

use crate::{NumericDate, VerifyError};

/// The verified claims of a token.
///
/// Registered claims are read once, with their types checked; all claims, registered or
/// not, stay available through [`Claims::raw`] and [`Claims::get`].
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    raw: Map<String, Value>,
    exp: NumericDate,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
    audiences: Vec<String>,
}

impl Claims {
    /// Reads a payload. It must be one JSON object without duplicate member names, with
    /// a numeric `exp`; `nbf` and `iat` numeric when present; `iss`, `sub`, `jti`, `azp`
    /// strings when present; `aud` a string or an array of strings.
    ///
    /// ```
    /// let c = portcullis_jwt::Claims::from_payload(br#"{"iss":"i","exp":5}"#)?;
    /// assert_eq!(c.issuer(), Some("i"));
    /// # Ok::<(), portcullis_jwt::VerifyError>(())
    /// ```
    pub fn from_payload(payload: &[u8]) -> Result<Claims, VerifyError> {
        let malformed = VerifyError::Malformed("payload is not a JSON object");
        // One UTF-8 check of the whole payload, then a parser that need not check each
        // string again (`from_slice` would).
        let text = std::str::from_utf8(payload).map_err(|_| malformed.clone())?;
        let StrictObject(raw) = serde_json::from_str(text).map_err(|_| malformed)?;
        // One pass over the members finds the registered ones (instead of a map lookup
        // per name); the rules below then run in their documented order.
        let mut registered = Registered::default();
        for (name, value) in &raw {
            registered.note(name, value);
        }
        for (name, value) in [
            ("iss", registered.iss),
            ("sub", registered.sub),
            ("jti", registered.jti),
            ("azp", registered.azp),
            ("sid", registered.sid),
            ("client_id", registered.client_id),
        ] {
            if value.is_some_and(|v| !v.is_string()) {
                return Err(VerifyError::InvalidClaim(name));
            }
        }
        let exp = match registered.exp {
            None => return Err(VerifyError::MissingClaim("exp")),
            Some(v) => NumericDate::from_json(v, false).ok_or(VerifyError::InvalidClaim("exp"))?,
        };
        let date = |name: &'static str, value: Option<&Value>| {
            value
                .map(|v| NumericDate::from_json(v, true).ok_or(VerifyError::InvalidClaim(name)))
                .transpose()
        };
        let nbf = date("nbf", registered.nbf)?;
        let iat = date("iat", registered.iat)?;
        let audiences = match registered.aud {
            None => Vec::new(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or(VerifyError::InvalidClaim("aud"))?,
            Some(_) => return Err(VerifyError::InvalidClaim("aud")),
        };
        Ok(Claims {
            raw,
            exp,
            nbf,
            iat,
            audiences,
        })
    }

    /// All claims as received.
    pub fn raw(&self) -> &Map<String, Value> {
        &self.raw
    }

    /// Consumes the claims, giving the raw map.
    pub fn into_raw(self) -> Map<String, Value> {
        self.raw
    }

    /// One claim by name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.raw.get(name)
    }

    /// A string claim by name (`None` if absent or not a string).
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.raw.get(name).and_then(Value::as_str)
    }

    /// `iss`.
    pub fn issuer(&self) -> Option<&str> {
        self.get_str("iss")
    }

    /// `sub`.
    pub fn subject(&self) -> Option<&str> {
        self.get_str("sub")
    }

    /// `aud`, normalized to a list (empty when absent).
    pub fn audiences(&self) -> &[String] {
        &self.audiences
    }

    /// `exp` (always present in a verified token).
    pub fn expires_at(&self) -> NumericDate {
        self.exp
    }

    /// `nbf`.
    pub fn not_before(&self) -> Option<NumericDate> {
        self.nbf
    }

    /// `iat`.
    pub fn issued_at(&self) -> Option<NumericDate> {
        self.iat
    }
}

/// The registered claims of a payload, found in one pass over its members.
#[derive(Default)]
struct Registered<'a> {
    iss: Option<&'a Value>,
    sub: Option<&'a Value>,
    jti: Option<&'a Value>,
    azp: Option<&'a Value>,
    sid: Option<&'a Value>,
    client_id: Option<&'a Value>,
    exp: Option<&'a Value>,
    nbf: Option<&'a Value>,
    iat: Option<&'a Value>,
    aud: Option<&'a Value>,
}

impl<'a> Registered<'a> {
    fn note(&mut self, name: &str, value: &'a Value) {
        let slot = match name {
            "iss" => &mut self.iss,
            "sub" => &mut self.sub,
            "jti" => &mut self.jti,
            "azp" => &mut self.azp,
            "sid" => &mut self.sid,
            "client_id" => &mut self.client_id,
            "exp" => &mut self.exp,
            "nbf" => &mut self.nbf,
            "iat" => &mut self.iat,
            "aud" => &mut self.aud,
            _ => return,
        };
        *slot = Some(value);
    }
}

/// A JSON object whose member names are unique (RFC 7515 §5.2 / RFC 8725 ask parsers to
/// reject duplicates rather than silently keep one). serde_json keeps the last member,
/// so this visitor is written by hand.
struct StrictObject(Map<String, Value>);

impl<'de> de::Deserialize<'de> for StrictObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StrictObject;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<StrictObject, A::Error> {
                let mut map = Map::new();
                while let Some((k, v)) = access.next_entry::<String, Value>()? {
                    // One search of the map per member, not two (`contains_key`, `insert`).
                    match map.entry(k) {
                        Entry::Vacant(slot) => {
                            slot.insert(v);
                        }
                        Entry::Occupied(_) => return Err(de::Error::custom("duplicate member")),
                    }
                }
                Ok(StrictObject(map))
            }
        }
        deserializer.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Claims, VerifyError> {
        Claims::from_payload(s.as_bytes())
    }

    #[test]
    fn reads_registered_claims() {
        let c =
            parse(r#"{"iss":"i","sub":"s","aud":["a","b"],"exp":10,"nbf":1,"iat":2,"x":{"y":1}}"#)
                .unwrap();
        assert_eq!(c.issuer(), Some("i"));
        assert_eq!(c.subject(), Some("s"));
        assert_eq!(c.audiences(), ["a", "b"]);
        assert_eq!(c.expires_at().as_secs(), 10);
        assert_eq!(c.not_before().map(NumericDate::as_secs), Some(1));
        assert_eq!(
            c.get("x").and_then(|x| x.get("y")),
            Some(&serde_json::json!(1))
        );
        assert_eq!(
            parse(r#"{"aud":"one","exp":1}"#).unwrap().audiences(),
            ["one"]
        );
    }

    #[test]
    fn refuses_wrong_types_and_shapes() {
        assert_eq!(
            parse(r#"{"sub":"s"}"#),
            Err(VerifyError::MissingClaim("exp"))
        );
        assert_eq!(
            parse(r#"{"exp":"10"}"#),
            Err(VerifyError::InvalidClaim("exp"))
        );
        assert_eq!(
            parse(r#"{"exp":10,"nbf":"1"}"#),
            Err(VerifyError::InvalidClaim("nbf"))
        );
        assert_eq!(
            parse(r#"{"exp":10,"iat":null}"#),
            Err(VerifyError::InvalidClaim("iat"))
        );
        assert_eq!(
            parse(r#"{"exp":10,"aud":5}"#),
            Err(VerifyError::InvalidClaim("aud"))
        );
        assert_eq!(
            parse(r#"{"exp":10,"aud":["a",1]}"#),
            Err(VerifyError::InvalidClaim("aud"))
        );
        assert_eq!(
            parse(r#"{"exp":10,"iss":1}"#),
            Err(VerifyError::InvalidClaim("iss"))
        );
        assert_eq!(
            parse(r#"{"exp":10,"sub":{}}"#),
            Err(VerifyError::InvalidClaim("sub"))
        );
        for bad in ["foo", "[]", "null", r#"{"exp":1,"exp":2}"#, "{"] {
            assert!(
                matches!(parse(bad), Err(VerifyError::Malformed(_))),
                "{bad}"
            );
        }
    }
}
