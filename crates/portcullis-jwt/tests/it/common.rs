//! Loading vector files and the bookkeeping shared by every module.

use std::path::PathBuf;

use base64::Engine as _;
use serde_json::Value;

use crate::quirks::{self, Outcome};

/// Reads `tests/data/<rel>` as JSON.
pub(crate) fn load(rel: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Unpadded base64url, as in every JOSE vector.
pub(crate) fn b64u(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap_or_else(|e| panic!("bad base64url in vector {s:?}: {e}"))
}

/// Lower- or upper-case hex, as in the Wycheproof primitive files.
pub(crate) fn hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length: {s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

/// A string member, or a panic naming it.
pub(crate) fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string member `{key}` in {v}"))
}

/// The JWK object `jwk` as JSON text, with `alg` replaced when a quirk says so.
pub(crate) fn jwk_text(jwk: &Value, alg: Option<&str>) -> String {
    let mut jwk = jwk.clone();
    if let Some(alg) = alg {
        jwk["alg"] = Value::from(alg);
    }
    jwk.to_string()
}

/// Counts the cases of one vector file and checks each verdict against its expectation.
pub(crate) struct Run {
    file: &'static str,
    seen: usize,
    by_label: [usize; 3],
    used_quirks: Vec<u64>,
    failures: Vec<String>,
}

impl Run {
    pub(crate) fn new(file: &'static str) -> Self {
        Run {
            file,
            seen: 0,
            by_label: [0; 3],
            used_quirks: Vec::new(),
            failures: Vec::new(),
        }
    }

    /// Records one case: `got` is our verdict, compared with the label unless the quirk
    /// table says otherwise. Mismatches are collected and reported together by `finish`.
    pub(crate) fn check(&mut self, test: &Value, got: Outcome, detail: &str) {
        let tc_id = test["tcId"].as_u64().expect("tcId");
        let label = s(test, "result");
        self.seen += 1;
        match label {
            "valid" => self.by_label[0] += 1,
            "invalid" => self.by_label[1] += 1,
            "acceptable" => self.by_label[2] += 1,
            other => panic!("{}: tcId {tc_id}: unknown result {other:?}", self.file),
        }
        let (want, quirk) = quirks::expected(self.file, tc_id, label);
        if quirk {
            self.used_quirks.push(tc_id);
        }
        if got != want {
            self.failures.push(format!(
                "tcId {tc_id} ({label}, {:?}): expected {want:?}, got {got:?} {detail}",
                test["comment"].as_str().unwrap_or("")
            ));
        }
    }

    /// Asserts that every case matched, that the file held exactly `numberOfTests` cases,
    /// and that every quirk listed for this file was met. Returns the counts
    /// (valid, invalid, acceptable).
    pub(crate) fn finish(self, doc: &Value) -> [usize; 3] {
        assert!(
            self.failures.is_empty(),
            "{}: {} of {} cases differ:\n{}",
            self.file,
            self.failures.len(),
            self.seen,
            self.failures.join("\n")
        );
        let declared = doc["numberOfTests"].as_u64().expect("numberOfTests");
        assert!(self.seen > 0, "{}: no cases", self.file);
        assert_eq!(
            self.seen as u64, declared,
            "{}: numberOfTests disagrees with the cases seen",
            self.file
        );
        quirks::assert_all_used(self.file, &self.used_quirks);
        self.by_label
    }
}

/// Every (group, test) pair of a Wycheproof file, in order.
pub(crate) fn cases(doc: &Value) -> impl Iterator<Item = (&Value, &Value)> {
    doc["testGroups"]
        .as_array()
        .expect("testGroups")
        .iter()
        .flat_map(|g| {
            g["tests"]
                .as_array()
                .expect("tests")
                .iter()
                .map(move |t| (g, t))
        })
}
