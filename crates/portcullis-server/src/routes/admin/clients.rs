//! `/api/admin/clients…`: OAuth clients. Confidential clients get a secret, shown once
//! at creation; public ones (browser apps) need redirect URIs. Secret hashes are never
//! shown.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::{ClientDetails, ClientSpec, MAX_REDIRECT_URIS};
use portcullis_proto::{ClientView, CreatedClient, Page};

use super::{AdminRead, AdminWrite, PageQuery};
use crate::body::JsonObject;
use crate::error::ApiError;
use crate::routes::no_store;
use crate::state::AppState;

fn view(c: ClientDetails) -> ClientView {
    ClientView {
        id: c.info.id,
        name: c.info.name,
        confidential: c.info.confidential != 0,
        audience: c.info.audience,
        disabled: c.info.disabled != 0,
        created_at: c.info.created_at,
        redirect_uris: c.redirect_uris,
        post_logout_redirect_uris: c.post_logout_redirect_uris,
    }
}

/// `?after=<client id>&limit=<1..=200>`, by id.
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ClientView>>, ApiError> {
    let page = PageQuery::only(raw.as_deref())?;
    let rows = state
        .idp
        .store()
        .list_clients(page.after.as_deref(), page.limit)
        .await?;
    let mut clients = Vec::with_capacity(rows.len());
    for row in rows {
        clients.push(view(state.idp.find_client(&row.id).await?));
    }
    Ok(Json(page.page(clients, |c| c.id.clone(), |c| c)))
}

/// Body: `name`; `type`: `confidential` (default) or `public`; optional `audience`
/// (a registered API) with `permissions` of it (confidential clients);
/// `redirect_uris` (required for public clients) and `post_logout_redirect_uris`.
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    body.only(&[
        "name",
        "type",
        "audience",
        "permissions",
        "redirect_uris",
        "post_logout_redirect_uris",
    ])?;
    let name = body.required("name")?;
    let confidential = match body.optional("type")?.as_deref() {
        None | Some("confidential") => true,
        Some("public") => false,
        Some(_) => {
            return Err(ApiError::BadRequest(
                "type must be confidential or public".into(),
            ));
        }
    };
    let audience = body.optional("audience")?;
    let permissions = body.strings("permissions", 100)?.unwrap_or_default();
    let redirect_uris = body
        .strings("redirect_uris", MAX_REDIRECT_URIS)?
        .unwrap_or_default();
    let logout_uris = body
        .strings("post_logout_redirect_uris", MAX_REDIRECT_URIS)?
        .unwrap_or_default();
    let spec = ClientSpec {
        name: &name,
        confidential,
        audience: audience.as_deref(),
        permissions: &permissions,
        redirect_uris: &redirect_uris,
        post_logout_redirect_uris: &logout_uris,
    };
    let (client, secret) = state.idp.register_client(&spec, state.clock.now()).await?;
    let body = CreatedClient {
        client_secret: secret.map(|s| s.expose().to_owned()),
        client: view(client),
    };
    Ok(no_store((StatusCode::CREATED, Json(body)).into_response()))
}

pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(client): Path<String>,
) -> Result<Json<ClientView>, ApiError> {
    Ok(Json(view(state.idp.find_client(&client).await?)))
}

/// Body: any of `name`, `redirect_uris`, `post_logout_redirect_uris` (each list
/// replaces the registered one).
pub(crate) async fn update(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(client): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ClientView>, ApiError> {
    let body = JsonObject::parse(&headers, &body)?;
    body.only(&["name", "redirect_uris", "post_logout_redirect_uris"])?;
    let name = body.optional("name")?;
    let redirect_uris = body.strings("redirect_uris", MAX_REDIRECT_URIS)?;
    let logout_uris = body.strings("post_logout_redirect_uris", MAX_REDIRECT_URIS)?;
    if name.is_none() && redirect_uris.is_none() && logout_uris.is_none() {
        return Err(ApiError::BadRequest(
            "nothing to change: give name, redirect_uris or post_logout_redirect_uris".into(),
        ));
    }
    let client = state
        .idp
        .update_client(
            &client,
            name.as_deref(),
            redirect_uris.as_deref(),
            logout_uris.as_deref(),
            state.clock.now(),
        )
        .await?;
    Ok(Json(view(client)))
}

/// Deletes the client; its sessions are revoked.
pub(crate) async fn delete(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(client): Path<String>,
) -> Result<Response, ApiError> {
    state.idp.delete_client(&client, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
