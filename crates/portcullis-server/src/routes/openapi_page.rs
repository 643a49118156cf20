//! `GET /docs`: the API reference, a server-rendered page (no script, no external
//! asset) listing each operation of the [OpenAPI document](super::openapi::document)
//! grouped by tag. Everything on it is read from that document.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::openapi_schemas::{Rich, Schema, rich, schema_name, schemas};

/// The methods an OpenAPI path item can hold, in the order the page lists them.
const METHODS: &[&str] = &[
    "get", "put", "post", "patch", "delete", "head", "options", "trace",
];

/// The reference page.
#[derive(Template)]
#[template(path = "docs.html")]
struct DocsPage {
    title: String,
    description: String,
    version: String,
    groups: Vec<Group>,
    schemas: Vec<Schema>,
}

/// The operations of one tag.
struct Group {
    tag: String,
    anchor: String,
    description: String,
    operations: Vec<Operation>,
}

/// One method on one path.
struct Operation {
    id: String,
    method: String,
    path: String,
    summary: Rich,
    description: Vec<Rich>,
    permission: Option<String>,
    security: Vec<String>,
    parameters: Vec<Parameter>,
    body: Option<Content>,
    responses: Vec<Answer>,
}

/// A path or query parameter.
struct Parameter {
    name: String,
    location: String,
    required: bool,
    description: Rich,
}

/// A documented answer.
struct Answer {
    status: String,
    description: Rich,
    content: Option<Content>,
}

/// The media type and schema of a body; `link` names a schema listed on the page.
struct Content {
    media: String,
    schema: String,
    link: Option<String>,
}

/// The permission an admin operation needs: the scope of its `admin_token` requirement.
pub(crate) fn admin_permission(operation: &Map<String, Value>) -> Option<String> {
    operation
        .get("security")?
        .as_array()?
        .iter()
        .find_map(|req| req.get("admin_token"))?
        .as_array()?
        .first()?
        .as_str()
        .map(str::to_owned)
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// The media type and schema of a request body or response.
fn content(value: &Value) -> Option<Content> {
    let (media, body) = value.get("content")?.as_object()?.iter().next()?;
    let schema = body
        .get("schema")
        .map_or_else(|| "any".to_owned(), schema_name);
    // A link when the schema (or the element of an array) is a component.
    let named = schema.trim_end_matches("[]");
    let component = named.starts_with(|c: char| c.is_ascii_uppercase())
        && named.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    Some(Content {
        media: media.clone(),
        link: component.then(|| format!("schema-{named}")),
        schema,
    })
}

fn operation(path: &str, method: &str, op: &Map<String, Value>) -> Operation {
    let parameters = op
        .get("parameters")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .map(|p| Parameter {
                    name: text(p.get("name")),
                    location: text(p.get("in")),
                    required: p.get("required").and_then(Value::as_bool) == Some(true),
                    description: rich(&text(p.get("description"))),
                })
                .collect()
        })
        .unwrap_or_default();
    let responses = op
        .get("responses")
        .and_then(Value::as_object)
        .map(|rs| {
            rs.iter()
                .map(|(status, r)| Answer {
                    status: status.clone(),
                    description: rich(&text(r.get("description"))),
                    content: content(r),
                })
                .collect()
        })
        .unwrap_or_default();
    let security = op
        .get("security")
        .and_then(Value::as_array)
        .map(|reqs| {
            reqs.iter()
                .filter_map(Value::as_object)
                .map(|req| match req.keys().next() {
                    Some(scheme) => scheme.clone(),
                    None => "none".to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    Operation {
        id: text(op.get("operationId")),
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        summary: rich(&text(op.get("summary"))),
        // The required permission has a line of its own on the page.
        description: text(op.get("description"))
            .split("\n\n")
            .map(|p| p.replace('\n', " "))
            .filter(|p| !p.trim().is_empty() && !p.starts_with("Requires the permission"))
            .map(|p| rich(&p))
            .collect(),
        permission: admin_permission(op),
        security,
        parameters,
        body: op.get("requestBody").and_then(content),
        responses,
    }
}

/// The page's content, read from `doc`: one group per tag, in the document's tag order.
fn page(doc: &Value) -> DocsPage {
    let mut groups: Vec<Group> = doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|t| Group {
            tag: text(t.get("name")),
            anchor: String::new(),
            description: text(t.get("description")),
            operations: Vec::new(),
        })
        .collect();
    let paths = doc.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(*method).and_then(Value::as_object) else {
                continue;
            };
            let tag = op
                .get("tags")
                .and_then(|t| t.get(0))
                .and_then(Value::as_str)
                .unwrap_or("Other");
            let group = match groups.iter().position(|g| g.tag == tag) {
                Some(i) => &mut groups[i],
                None => {
                    groups.push(Group {
                        tag: tag.to_owned(),
                        anchor: String::new(),
                        description: String::new(),
                        operations: Vec::new(),
                    });
                    let last = groups.len() - 1;
                    &mut groups[last]
                }
            };
            group.operations.push(operation(path, method, op));
        }
    }
    groups.retain(|g| !g.operations.is_empty());
    for g in &mut groups {
        g.anchor = g
            .tag
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
    }
    let info = doc.get("info");
    DocsPage {
        title: text(info.and_then(|i| i.get("title"))),
        description: text(info.and_then(|i| i.get("description"))),
        version: text(info.and_then(|i| i.get("version"))),
        groups,
        schemas: schemas(doc),
    }
}

/// The API reference page.
pub(crate) async fn docs() -> Response {
    super::hosted::page::render(StatusCode::OK, &page(super::openapi::document()))
}

/// The reference page's stylesheet (same origin, so the CSP stays strict).
pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../templates/docs.css"),
    )
        .into_response()
}
