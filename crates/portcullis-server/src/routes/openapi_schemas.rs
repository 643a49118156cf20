//! The schemas part of the `/docs` page: each component schema of the OpenAPI document
//! with its fields, and the short names the operations use to point at them.

use serde_json::{Map, Value};

/// Text with `code` spans, as the document's descriptions write them (backticks).
pub(crate) type Rich = Vec<Span>;

/// A run of text, code or not.
pub(crate) struct Span {
    pub(crate) code: bool,
    pub(crate) text: String,
}

/// Splits `text` at backticks into plain and code spans.
pub(crate) fn rich(text: &str) -> Rich {
    text.split('`')
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| Span {
            code: i % 2 == 1,
            text: t.to_owned(),
        })
        .collect()
}

/// A component schema.
pub(crate) struct Schema {
    pub(crate) name: String,
    pub(crate) description: Rich,
    /// Schemas whose fields it also has (`allOf`).
    pub(crate) includes: Vec<String>,
    /// The values of an enumeration.
    pub(crate) values: Vec<String>,
    pub(crate) fields: Vec<Field>,
}

/// A field of a schema.
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) ty: String,
    pub(crate) required: bool,
    pub(crate) description: Rich,
}

/// A schema as a short name: `LoginResponse`, `KeyView[]`, `string | null`, …
pub(crate) fn schema_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    if let Some(items) = schema.get("items") {
        return format!("{}[]", schema_name(items));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(parts) = schema.get(key).and_then(Value::as_array) {
            let names: Vec<String> = parts.iter().map(schema_name).collect();
            return names.join(if key == "allOf" { " & " } else { " | " });
        }
    }
    match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => "any".to_owned(),
    }
}

fn fields_of(schema: &Map<String, Value>, out: &mut Vec<Field>) {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let properties = schema.get("properties").and_then(Value::as_object);
    for (name, p) in properties.into_iter().flatten() {
        out.push(Field {
            name: name.clone(),
            ty: schema_name(p),
            required: required.contains(&name.as_str()),
            description: rich(p.get("description").and_then(Value::as_str).unwrap_or("")),
        });
    }
}

/// Every component schema of `doc`, by name.
pub(crate) fn schemas(doc: &Value) -> Vec<Schema> {
    let all = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    all.into_iter()
        .flatten()
        .map(|(name, s)| {
            let mut schema = Schema {
                name: name.clone(),
                description: rich(s.get("description").and_then(Value::as_str).unwrap_or("")),
                includes: Vec::new(),
                values: Vec::new(),
                fields: Vec::new(),
            };
            for part in s
                .get("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                match part.get("$ref") {
                    Some(_) => schema.includes.push(schema_name(part)),
                    None => part
                        .as_object()
                        .into_iter()
                        .for_each(|p| fields_of(p, &mut schema.fields)),
                }
            }
            if let Some(obj) = s.as_object() {
                fields_of(obj, &mut schema.fields);
            }
            let values = s
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten();
            schema.values = values
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            schema
        })
        .collect()
}
