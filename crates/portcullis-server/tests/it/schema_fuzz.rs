//! A schema-driven property test over `/openapi.json`, in the manner of schemathesis: for
//! every operation the document lists, requests drawn from its own schemas, sent
//! anonymously, with an admin token and with a signed-in user's token, on every backend. Every answer must be one the
//! operation documents: no 5xx, a documented status, and a body of the documented media
//! type whose JSON fits the documented schema (types, required properties, enumerations,
//! nested references). And what is drawn from a schema is not refused as invalid every
//! time: the schema states what the handler enforces.
//!
//! The values come from proptest strategies built from each schema (a small generator,
//! not a full JSON Schema implementation): `enum` picks a value, `pattern` drives a regex
//! generator, `format` (`email`, `uri`) a matching shape, lengths, item counts and ranges
//! bound what is drawn, optional properties and parameters are sometimes left out, and the
//! schema's `example` is sometimes used as is (values no schema can state, such as a
//! registered API, are reached that way). The runner is proptest's deterministic one (one
//! per operation, so adding an operation changes no other's draws) and the number of
//! cases per operation is fixed, so a run is reproducible and takes seconds.

use std::fmt::Write as _;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Just, Union, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{Map, Value, json};

use portcullis_server::{Clock, ServerConfig};

use crate::helpers::{TestServer, root_token, servers_with, token_for};

/// Requests per operation and per way of calling it.
const CASES: usize = 6;

const METHODS: &[&str] = &["get", "put", "post", "patch", "delete"];

/// The schema `$ref` points at, or `schema` itself.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => doc
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("unresolved {r}")),
        None => schema,
    }
}

/// Strings of `min..=max` characters (at most a few dozen) that are plain text.
fn text(min: usize, max: usize) -> BoxedStrategy<String> {
    let max = max.min(min + 24);
    proptest::string::string_regex(&format!("[a-zA-Z0-9 ._:@/-]{{{min},{max}}}"))
        .expect("a valid regex")
        .boxed()
}

fn string(schema: &Value) -> BoxedStrategy<Value> {
    let bound = |key: &str| schema[key].as_u64().and_then(|n| usize::try_from(n).ok());
    let (min, max) = (bound("minLength").unwrap_or(0), bound("maxLength"));
    let fits = move |s: &String| {
        let n = s.chars().count();
        n >= min && max.is_none_or(|m| n <= m)
    };
    let drawn = if let Some(pattern) = schema["pattern"].as_str() {
        // Patterns are anchored (or match at least one character); the generator
        // produces whole strings, without anchors.
        let bare = pattern.trim_start_matches('^').trim_end_matches('$');
        proptest::string::string_regex(bare)
            .unwrap_or_else(|e| panic!("pattern {pattern}: {e}"))
            .boxed()
    } else {
        match schema["format"].as_str() {
            Some("email") => "[a-z]{1,12}@[a-z]{1,12}\\.example\\.com".boxed(),
            Some("uri") => "https://[a-z]{1,12}\\.example\\.com/[a-z]{0,12}".boxed(),
            _ => text(min, max.unwrap_or(min + 24)),
        }
    };
    drawn
        .prop_filter("length within the schema's bounds", fits)
        .prop_map(Value::String)
        .boxed()
}

fn integer(schema: &Value) -> BoxedStrategy<Value> {
    let min = schema["minimum"].as_i64().unwrap_or(-10);
    let max = schema["maximum"]
        .as_i64()
        .unwrap_or(min.saturating_add(1000));
    // Both ends, and anything between.
    Union::new_weighted(vec![
        (1, Just(min).boxed()),
        (1, Just(max).boxed()),
        (4, (min..=max).boxed()),
    ])
    .prop_map(Value::from)
    .boxed()
}

fn object(doc: &Value, schema: &Value, depth: u32) -> BoxedStrategy<Value> {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = schema["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, property)| {
            let name = name.clone();
            let value = strategy(doc, property, depth + 1);
            if required.contains(&name.as_str()) {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                proptest::option::of(value.prop_map(move |v| (name.clone(), v))).boxed()
            }
        })
        .collect();
    let min = schema["minProperties"].as_u64().unwrap_or(0);
    fields
        .prop_map(|fields| Value::Object(fields.into_iter().flatten().collect::<Map<_, _>>()))
        .prop_filter("at least minProperties", move |v| {
            v.as_object().map_or(0, Map::len) as u64 >= min
        })
        .boxed()
}

/// Values of `schema` (see the module docs).
fn strategy(doc: &Value, schema: &Value, depth: u32) -> BoxedStrategy<Value> {
    let schema = resolve(doc, schema);
    let mut drawn = strategy_of_type(doc, schema, depth);
    let examples: Vec<Value> = schema
        .get("example")
        .cloned()
        .into_iter()
        .chain(schema["examples"].as_array().into_iter().flatten().cloned())
        .collect();
    if !examples.is_empty() {
        drawn = Union::new_weighted(vec![
            (1, proptest::sample::select(examples).boxed()),
            (1, drawn),
        ])
        .boxed();
    }
    drawn
}

fn strategy_of_type(doc: &Value, schema: &Value, depth: u32) -> BoxedStrategy<Value> {
    if let Some(values) = schema["enum"].as_array() {
        return proptest::sample::select(values.clone()).boxed();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(parts) = schema[key].as_array() {
            return Union::new(parts.iter().map(|p| strategy(doc, p, depth))).boxed();
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec!["any"],
    };
    let of = |ty: &str| -> (u32, BoxedStrategy<Value>) {
        match ty {
            "null" => (1, Just(Value::Null).boxed()),
            "string" => (4, string(schema)),
            "integer" => (4, integer(schema)),
            "number" => (4, (-1000.0..1000.0f64).prop_map(|n| json!(n)).boxed()),
            "boolean" => (4, any::<bool>().prop_map(Value::Bool).boxed()),
            "array" if depth < 4 => {
                let items = strategy(doc, &schema["items"], depth + 1);
                let min = schema["minItems"].as_u64().unwrap_or(0) as usize;
                let max = schema["maxItems"].as_u64().map_or(min + 3, |m| m as usize);
                (
                    4,
                    vec(items, min..=max.min(min + 3))
                        .prop_map(Value::Array)
                        .boxed(),
                )
            }
            "object" if depth < 4 => (4, object(doc, schema, depth)),
            "object" | "array" | "any" => (4, Just(json!({})).boxed()),
            other => panic!("no generator for type {other}"),
        }
    };
    Union::new_weighted(types.into_iter().map(of).collect()).boxed()
}

/// Whether `value` fits `schema`: types, required properties, enumerations, items and
/// properties, references, `oneOf`/`anyOf`/`allOf`. `Err` says where it does not.
fn fits(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let schema = resolve(doc, schema);
    if let Some(parts) = schema["allOf"].as_array() {
        for p in parts {
            fits(doc, p, value, at)?;
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(parts) = schema[key].as_array()
            && !parts.iter().any(|p| fits(doc, p, value, at).is_ok())
        {
            return Err(format!("{at}: {value} fits no part of {key}"));
        }
    }
    if let Some(values) = schema["enum"].as_array()
        && !values.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {values:?}"));
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return Ok(()),
    };
    let is = |ty: &str| match ty {
        "null" => value.is_null(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    };
    if !types.iter().any(|t| is(t)) {
        return Err(format!("{at}: {value} is not {types:?}"));
    }
    if let Some(object) = value.as_object() {
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().unwrap_or_default();
            if !object.contains_key(name) {
                return Err(format!("{at}: required {name} is missing"));
            }
        }
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            if let Some(v) = object.get(name) {
                fits(doc, property, v, &format!("{at}.{name}"))?;
            }
        }
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for (i, v) in values.iter().enumerate() {
            fits(doc, items, v, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// One request, drawn from an operation's schemas.
#[derive(Debug)]
struct Drawn {
    path: String,
    body: Option<(&'static str, String)>,
}

/// Strategy of requests for one operation.
fn requests(doc: &Value, path: &str, op: &Value) -> BoxedStrategy<Drawn> {
    let mut params: Vec<BoxedStrategy<Option<(String, String, Value)>>> = Vec::new();
    for p in op["parameters"].as_array().into_iter().flatten() {
        let p = resolve(doc, p);
        let name = p["name"].as_str().unwrap_or_default().to_owned();
        let place = p["in"].as_str().unwrap_or_default().to_owned();
        let value = strategy(doc, &p["schema"], 0);
        // A path segment is never empty (that would be another route), nor `.` or `..`,
        // which URLs resolve away even percent-encoded (WHATWG URL: `%2E` is a dot).
        let value = if place == "path" {
            value
                .prop_filter("a path segment", |v| {
                    !matches!(v.as_str(), Some("" | "." | ".."))
                })
                .boxed()
        } else {
            value
        };
        let entry = value.prop_map(move |v| (name.clone(), place.clone(), v));
        params.push(if p["required"] == true {
            entry.prop_map(Some).boxed()
        } else {
            proptest::option::of(entry).boxed()
        });
    }
    let body = &op["requestBody"];
    let content = body["content"].as_object();
    let body: BoxedStrategy<Option<(&'static str, String)>> = match content {
        None => Just(None).boxed(),
        Some(content) => {
            let (media, schema) = content.iter().next().expect("a media type");
            let form = media == "application/x-www-form-urlencoded";
            let encoded = strategy(doc, &schema["schema"], 0).prop_map(move |v| {
                if form {
                    let mut out = url::form_urlencoded::Serializer::new(String::new());
                    let fields = v.as_object().into_iter().flatten();
                    for (k, v) in fields.filter(|(_, v)| !v.is_null()) {
                        let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                        out.append_pair(k, &v);
                    }
                    Some(("application/x-www-form-urlencoded", out.finish()))
                } else {
                    Some(("application/json", v.to_string()))
                }
            });
            if body["required"] == true {
                encoded.boxed()
            } else {
                Union::new(vec![Just(None).boxed(), encoded.boxed()]).boxed()
            }
        }
    };
    let path = path.to_owned();
    (params, body)
        .prop_map(move |(params, body)| {
            let mut concrete = path.clone();
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            for (name, place, value) in params.into_iter().flatten() {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                match place.as_str() {
                    "path" => {
                        let segment = utf8_percent_encode(&text, NON_ALPHANUMERIC).to_string();
                        concrete = concrete.replace(&format!("{{{name}}}"), &segment);
                    }
                    "query" => {
                        query.append_pair(&name, &text);
                    }
                    _ => {}
                }
            }
            let query = query.finish();
            if !query.is_empty() {
                concrete = format!("{concrete}?{query}");
            }
            Drawn {
                path: concrete,
                body,
            }
        })
        .boxed()
}

/// What is wrong with an answer of `status` with `content_type` and `body` to `op`.
fn judge(doc: &Value, op: &Value, status: u16, content_type: &str, body: &str) -> Option<String> {
    if status >= 500 {
        return Some(format!("{status} {body}"));
    }
    let responses = &op["responses"];
    let Some(documented) = responses
        .get(status.to_string())
        .or_else(|| responses.get("default"))
    else {
        return Some(format!("undocumented status {status}: {body}"));
    };
    let documented = resolve(doc, documented);
    let Some(content) = documented["content"].as_object() else {
        return (!body.is_empty()).then(|| format!("{status} has a body, none documented: {body}"));
    };
    let media = content_type.split(';').next().unwrap_or_default().trim();
    let Some(expected) = content.get(media) else {
        return Some(format!(
            "{status} is {content_type:?}, documented {:?}",
            content.keys().collect::<Vec<_>>()
        ));
    };
    if media != "application/json" {
        return None;
    }
    let value: Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(_) => return Some(format!("{status} is not JSON: {body}")),
    };
    fits(doc, &expected["schema"], &value, "body")
        .err()
        .map(|e| format!("{status}: {e}"))
}

/// Who calls: nobody, an administrator (the admin API's audience), or a signed-in user
/// (the issuer's own audience, which the auth API's own endpoints take).
const CALLERS: [&str; 3] = ["anonymous", "admin", "user"];

/// Every operation of the document, fuzzed as the module docs say; returns the failures.
async fn fuzz(s: &TestServer, doc: &Value, tokens: [Option<&str>; 3]) -> Vec<String> {
    let mut failures = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let drawn = requests(doc, path, op);
            // A runner per operation: what one operation draws does not change when
            // another is added to the document.
            let mut runner = TestRunner::deterministic();
            let mut invalid = 0;
            for case in 0..CALLERS.len() * CASES {
                let caller = case % CALLERS.len();
                let request = drawn.new_tree(&mut runner).expect("a request").current();
                let http = reqwest::Method::from_bytes(method.to_uppercase().as_bytes())
                    .expect("a method");
                let mut req = s.http.request(http, s.url(&request.path));
                if let Some(token) = tokens[caller] {
                    req = req.bearer_auth(token);
                }
                if let Some((content_type, body)) = &request.body {
                    req = req.header("content-type", *content_type).body(body.clone());
                }
                let res = req.send().await.expect("an answer");
                let status = res.status().as_u16();
                invalid += usize::from(status == 400);
                let content_type = res
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let body = res.text().await.unwrap_or_default();
                if let Some(problem) = judge(doc, op, status, &content_type, &body) {
                    let mut line = format!(
                        "{} {} ({})",
                        method.to_uppercase(),
                        request.path,
                        CALLERS[caller]
                    );
                    if let Some((_, b)) = &request.body {
                        let _ = write!(line, " {b}");
                    }
                    failures.push(format!("{line}: {problem}"));
                }
            }
            // The schema states what the handler enforces: what is drawn from it is not
            // refused as invalid every time.
            if invalid == CALLERS.len() * CASES {
                failures.push(format!(
                    "{} {path}: every request drawn from the schema was refused with 400",
                    method.to_uppercase()
                ));
            }
        }
    }
    failures
}

#[tokio::test]
async fn every_operation_answers_as_its_schema_says() {
    // The per-address limit of the credential endpoints would answer most requests
    // with 429 before their handlers see them.
    let unlimited = |c| ServerConfig {
        rate_limit_per_minute: 1_000_000,
        ..c
    };
    for (backend, s) in servers_with(Clock::system(), unlimited).await {
        let admin = root_token(&s).await;
        let user = token_for(&s, "root@example.com", s.server.issuer()).await;
        let doc: Value = s.get(portcullis_proto::paths::OPENAPI, None).await.body;
        let started = std::time::Instant::now();
        let failures = fuzz(&s, &doc, [None, Some(&admin), Some(&user)]).await;
        assert!(
            failures.is_empty(),
            "{backend}: {} answers outside the schema:\n{}",
            failures.len(),
            failures.join("\n")
        );
        eprintln!("{backend}: fuzzed in {:?}", started.elapsed());
    }
}

/// The judge sees what it is for: an undocumented status, a 5xx, a body of the wrong
/// shape or media type.
#[test]
fn answers_outside_the_schema_are_caught() {
    let doc = json!({"components": {"schemas": {"M": {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string"}, "kind": {"enum": ["a", "b"]}}
    }}}});
    let op = json!({"responses": {
        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/M"}}}},
        "204": {"description": "none"}
    }});
    let json = "application/json";
    assert_eq!(judge(&doc, &op, 200, json, r#"{"message":"hi"}"#), None);
    assert_eq!(judge(&doc, &op, 204, "", ""), None);
    for (status, content_type, body) in [
        (500, json, r#"{"message":"x"}"#),
        (404, json, r#"{"message":"x"}"#),
        (200, json, r#"{"msg":"x"}"#),
        (200, json, r#"{"message":5}"#),
        (200, json, r#"{"message":"x","kind":"c"}"#),
        (200, "text/plain", "hi"),
        (200, json, "not json"),
        (204, "", "surprise"),
    ] {
        assert!(
            judge(&doc, &op, status, content_type, body).is_some(),
            "{status} {content_type} {body}"
        );
    }
}
