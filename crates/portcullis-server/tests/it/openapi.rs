//! `/openapi.json` and `/docs`: the document lists every JSON route the router serves,
//! every route it lists exists, its references resolve, each request schema is the type
//! its handler takes, and the page renders it.

use std::collections::BTreeSet;

use portcullis_proto::paths;
use serde_json::{Value, json};

use crate::helpers::{TestServer, root_token, send, servers};

/// The hosted HTML pages and their stylesheets: served, but not JSON endpoints, so the
/// document leaves them out. Every other route the router serves must be documented.
const PAGES: &[&str] = &[
    paths::AUTHORIZE,
    paths::AUTHORIZE_LOGIN,
    paths::AUTHORIZE_MFA,
    paths::AUTHORIZE_ENROL,
    paths::AUTHORIZE_CONTINUE,
    paths::AUTHORIZE_SIGNUP,
    paths::AUTHORIZE_CONSENT,
    paths::JOIN,
    paths::JOIN_MFA,
    paths::FORGOT_PASSWORD,
    paths::RESET_PASSWORD,
    paths::VERIFY_EMAIL,
    paths::END_SESSION,
    paths::STYLESHEET,
    paths::BRAND_STYLESHEET,
    paths::DOCS,
    paths::DOCS_STYLESHEET,
    paths::AUTHORIZE_PASSKEY,
    paths::AUTHORIZE_EMAIL,
    paths::AUTHORIZE_EMAIL_CODE,
    paths::UPSTREAM_CALLBACK,
    paths::ACCOUNT_SECURITY,
    paths::ACCOUNT_SIGN_IN,
    paths::ACCOUNT_MFA,
    paths::PASSKEYS_SCRIPT,
];

/// `(method, path)` of every route the router serves, as the server built it: pages
/// included, CORS preflights (`OPTIONS`, answered before any handler) left out.
fn served(s: &TestServer) -> BTreeSet<(String, String)> {
    s.server
        .routes()
        .iter()
        .filter(|r| r.method != reqwest::Method::OPTIONS)
        .map(|r| (r.method.as_str().to_lowercase(), r.path.clone()))
        .collect()
}

const METHODS: &[&str] = &["get", "put", "post", "patch", "delete"];

/// `(method, path)` of every operation in the document.
fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(*method).is_some() {
                out.insert(((*method).to_owned(), path.clone()));
            }
        }
    }
    out
}

async fn document(s: &TestServer) -> Value {
    let r = s.get(paths::OPENAPI, None).await;
    assert_eq!(r.status, 200);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    r.body
}

#[tokio::test]
async fn the_document_lists_every_json_route() {
    for (backend, s) in servers().await {
        let doc = document(&s).await;
        assert!(
            doc["openapi"].as_str().unwrap().starts_with("3.1."),
            "{backend}: {}",
            doc["openapi"]
        );
        let documented = operations(&doc);
        let all = served(&s);
        for page in PAGES {
            assert!(
                all.iter().any(|(_, path)| path == page),
                "{backend}: {page} is listed as a page but not served"
            );
        }
        let json_routes: BTreeSet<_> = all
            .into_iter()
            .filter(|(_, path)| !PAGES.contains(&path.as_str()))
            .collect();
        assert!(json_routes.len() > 60, "{backend}: {json_routes:?}");
        let missing: Vec<_> = json_routes.difference(&documented).collect();
        assert!(
            missing.is_empty(),
            "{backend}: served but not documented: {missing:?}"
        );
        let unknown: Vec<_> = documented.difference(&json_routes).collect();
        assert!(
            unknown.is_empty(),
            "{backend}: documented but not served: {unknown:?}"
        );
        // Operation ids are unique, and every admin operation names its permission.
        let mut ids = BTreeSet::new();
        for (method, path) in &documented {
            let op = &doc["paths"][path][method];
            assert!(
                ids.insert(op["operationId"].as_str().unwrap().to_owned()),
                "{backend}: duplicate operationId at {method} {path}"
            );
            assert!(!op["summary"].as_str().unwrap_or_default().is_empty());
            if path.starts_with(paths::ADMIN) {
                let scopes = &op["security"][0]["admin_token"];
                let permission = scopes[0].as_str().unwrap();
                let expected = if method == "get" {
                    "admin:read"
                } else {
                    "admin:write"
                };
                assert_eq!(permission, expected, "{method} {path}");
                let description = op["description"].as_str().unwrap();
                assert!(description.contains(&format!("`{expected}`")), "{path}");
                for status in ["401", "403", "503"] {
                    assert!(op["responses"].get(status).is_some(), "{method} {path}");
                }
            }
        }
    }
}

/// The router's own 404 (`{"message":"Not Found"}`), not a handler's "user not found".
fn unrouted(status: u16, body: &Value) -> bool {
    status == 405 || (status == 404 && body["message"] == "Not Found")
}

#[tokio::test]
async fn every_documented_operation_and_listed_route_is_served() {
    for (backend, s) in servers().await {
        let doc = document(&s).await;
        for (method, path) in operations(&doc).into_iter().chain(served(&s)) {
            // Path parameters get a value; no credentials: each answers 2xx or an error
            // of its own (400, 401, an HTML page), never the router's 404 or 405.
            let concrete = path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "probe" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let res = s
                .http
                .request(method.clone(), s.url(&concrete))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let body: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap_or_default();
            assert!(
                !unrouted(status, &body),
                "{backend}: {method} {concrete} answered {status} {body}"
            );
        }
        // The probe itself tells the two 404s apart.
        let r = s.get("/api/admin/nothing-here", None).await;
        assert!(unrouted(r.status, &r.body));
    }
}

/// Every `$ref` names a schema that exists.
fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_resolves() {
    for (backend, s) in servers().await {
        let doc = document(&s).await;
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 20, "{backend}: {} references", found.len());
        for r in found {
            let pointer = r.strip_prefix('#').expect("local reference");
            assert!(doc.pointer(pointer).is_some(), "{backend}: {r} unresolved");
        }
        // The schemes the operations name are declared.
        for scheme in [
            "admin_token",
            "access_token",
            "issuer_token",
            "client_basic",
        ] {
            assert!(
                doc["components"]["securitySchemes"].get(scheme).is_some(),
                "{scheme}"
            );
        }
        // Form bodies are documented as forms.
        let token = &doc["paths"][paths::TOKEN]["post"]["requestBody"]["content"];
        assert!(token.get("application/x-www-form-urlencoded").is_some());
    }
}

#[tokio::test]
async fn the_docs_page_lists_the_operations() {
    for (backend, s) in servers().await {
        let r = s.get(paths::DOCS, None).await;
        assert_eq!(r.status, 200, "{backend}");
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(
            r.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(!r.text.contains("<script"));
        for needle in [
            "/api/auth/login",
            "/oauth/token",
            "/api/admin/users/{user}",
            "Lists users, by id.",
            "admin:write",
            "LoginResponse",
            "limit",
        ] {
            assert!(
                r.text.contains(needle),
                "{backend}: {needle} not on the page"
            );
        }
        // Rendered from the document: every operation and schema has its anchor, and
        // every link within the page lands on one.
        let doc = document(&s).await;
        for (method, path) in operations(&doc) {
            let id = doc["paths"][&path][&method]["operationId"]
                .as_str()
                .unwrap();
            assert!(r.text.contains(&format!("id=\"{id}\"")), "{method} {path}");
        }
        for name in doc["components"]["schemas"].as_object().unwrap().keys() {
            assert!(r.text.contains(&format!("id=\"schema-{name}\"")), "{name}");
        }
        for link in r.text.split("href=\"#").skip(1) {
            let target = link.split('"').next().unwrap();
            assert!(r.text.contains(&format!("id=\"{target}\"")), "#{target}");
        }
        // Its stylesheet is served from this origin.
        let css = s.get(paths::DOCS_STYLESHEET, None).await;
        assert_eq!(css.status, 200);
    }
}

/// The schema `$ref` points at (the non-null one of a `oneOf`), or `schema` itself.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    if let Some(s) = schema["oneOf"]
        .as_array()
        .and_then(|one| one.iter().find(|s| s["type"] != "null"))
    {
        return resolve(doc, s);
    }
    match schema["$ref"].as_str() {
        Some(r) => doc.pointer(r.strip_prefix('#').unwrap()).unwrap(),
        None => schema,
    }
}

/// A value of the schema's type (the first non-null one).
fn sample(doc: &Value, schema: &Value) -> Value {
    let schema = resolve(doc, schema);
    let ty = match &schema["type"] {
        Value::String(t) => t.clone(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null")
            .to_owned(),
        _ => "object".to_owned(),
    };
    match ty.as_str() {
        "string" => json!("probe"),
        "array" => json!([]),
        "boolean" => json!(false),
        "integer" | "number" => json!(1),
        _ => json!({}),
    }
}

/// The request schema of every operation with a JSON body is the type its handler
/// deserializes: a field the schema does not list is refused naming exactly the fields
/// the schema lists, and each field the schema requires is refused by name when missing.
///
/// (`call` sends with the browser session when there is one, else with `token`.)
/// Sends `body` with the browser's session when given, otherwise with `token`.
async fn call(
    s: &TestServer,
    browser: Option<&mut crate::browser::Browser>,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Value,
) -> (u16, Value) {
    match browser {
        Some(b) => {
            let (status, _, answer) = b.post_json(&s.url(path), None, &body).await;
            (status, answer)
        }
        None => send(s, method, path, token, Some(body)).await,
    }
}

#[tokio::test]
async fn each_request_schema_is_the_type_its_handler_takes() {
    let (backend, s) = servers().await.into_iter().next().unwrap();
    let admin = root_token(&s).await;
    let issuer = crate::helpers::token_for(&s, "root@example.com", s.server.issuer()).await;
    let doc = document(&s).await;
    let mut checked = 0;
    for (method, path) in operations(&doc) {
        let op = &doc["paths"][&path][&method];
        let Some(schema) = op["requestBody"]["content"]["application/json"]["schema"].as_object()
        else {
            continue;
        };
        let schema = resolve(&doc, &Value::Object(schema.clone())).clone();
        let token = if path.starts_with(paths::ADMIN) {
            &admin
        } else {
            &issuer
        };
        let concrete = path.replace(['{', '}'], "");
        let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let properties = schema["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {path}: {schema}"));
        // The hosted pages' endpoints take the browser session, not a bearer token.
        let browser_session = op["security"]
            .as_array()
            .is_some_and(|s| s.iter().any(|r| r.get("browser_session").is_some()));
        let mut browser = if browser_session {
            Some(crate::passkeys::signed_in(&s, "root@example.com").await)
        } else {
            None
        };
        let (status, answer) = call(
            &s,
            browser.as_mut(),
            method.clone(),
            &concrete,
            token,
            json!({"__probe": true}),
        )
        .await;
        let names: Vec<&str> = properties.keys().map(String::as_str).collect();
        let message = answer["message"].as_str().unwrap_or_default();
        let expected_names = message
            .strip_prefix("unknown field __probe (expected ")
            .and_then(|m| m.strip_suffix(')'))
            .map(|m| {
                // serde says `a`, `a or b`, or `one of a, b, c`.
                let m = m.strip_prefix("one of ").unwrap_or(m);
                let mut v: Vec<&str> = m.split(", ").flat_map(|n| n.split(" or ")).collect();
                v.sort_unstable();
                v
            });
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(
            (status, expected_names),
            (400, Some(sorted)),
            "{backend}: {method} {path}: {message}"
        );
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for field in &required {
            let without: serde_json::Map<String, Value> = required
                .iter()
                .filter(|f| *f != field)
                .map(|f| ((*f).to_owned(), sample(&doc, &properties[*f])))
                .collect();
            let (status, answer) = call(
                &s,
                browser.as_mut(),
                method.clone(),
                &concrete,
                token,
                json!(without),
            )
            .await;
            assert_eq!(
                (status, answer["message"].as_str()),
                (400, Some(format!("{field} is required").as_str())),
                "{backend}: {method} {path} without {field}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 17, "{checked} request bodies checked");
}
