//! `NumericDate` (RFC 7519 §2): seconds since the Unix epoch. Time is always passed in.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since 1970-01-01T00:00:00Z.
///
/// Verification never reads the clock: callers pass `now`, so tests can pin it exactly.
///
/// ```
/// use portcullis_jwt::NumericDate;
/// let t = NumericDate::from_secs(1_700_000_000);
/// assert_eq!(t.as_secs(), 1_700_000_000);
/// assert_eq!(t.saturating_add(std::time::Duration::from_secs(5)).as_secs(), 1_700_000_005);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumericDate(i64);

/// The largest date accepted in a claim: 9999-12-31T23:59:59Z.
const MAX_SECS: i64 = 253_402_300_799;

impl NumericDate {
    /// A date from whole seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        NumericDate(secs)
    }

    /// The current system time. The one place in this crate that reads the clock; it is
    /// only ever called by the layer that owns the request, never during verification.
    pub fn now() -> Self {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        NumericDate(secs)
    }

    /// Whole seconds since the epoch.
    pub const fn as_secs(self) -> i64 {
        self.0
    }

    /// `self + d`, saturating.
    pub fn saturating_add(self, d: Duration) -> Self {
        NumericDate(
            self.0
                .saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        )
    }

    /// `self - d`, saturating.
    pub fn saturating_sub(self, d: Duration) -> Self {
        NumericDate(
            self.0
                .saturating_sub(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        )
    }

    /// Reads a JSON number as a date. Fractions are allowed by RFC 7519; `round_up`
    /// chooses the conservative direction (up for `nbf`/`iat`, down for `exp`).
    /// Negative, non-finite and absurdly large values are refused.
    pub(crate) fn from_json(value: &serde_json::Value, round_up: bool) -> Option<Self> {
        let n = value.as_number()?;
        let secs = if let Some(i) = n.as_i64() {
            i
        } else {
            let f = n.as_f64()?;
            if !f.is_finite() || f < 0.0 || f > MAX_SECS as f64 {
                return None;
            }
            // Truncation is intended: the value is range-checked above.
            #[allow(clippy::cast_possible_truncation)]
            let whole = if round_up { f.ceil() } else { f.floor() } as i64;
            whole
        };
        (0..=MAX_SECS).contains(&secs).then_some(NumericDate(secs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_numbers() {
        assert_eq!(
            NumericDate::from_json(&json!(10), false),
            Some(NumericDate(10))
        );
        assert_eq!(
            NumericDate::from_json(&json!(10.5), false),
            Some(NumericDate(10))
        );
        assert_eq!(
            NumericDate::from_json(&json!(10.5), true),
            Some(NumericDate(11))
        );
        for bad in [
            json!("10"),
            json!(-1),
            json!(1e300),
            json!(null),
            json!(true),
            json!([1]),
        ] {
            assert_eq!(NumericDate::from_json(&bad, false), None, "{bad}");
        }
    }
}
