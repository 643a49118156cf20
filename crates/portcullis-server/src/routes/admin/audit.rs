//! `/api/admin/audit`, and the middleware that records every change made through the
//! admin API with the administrator as actor.

use axum::Json;
use axum::extract::{RawQuery, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use portcullis::{Principal, Require};
use portcullis_idp::model::MAX_AUDIT_PAGE;
use portcullis_idp::{AuditAction, AuditEvent};
use portcullis_proto::{AuditView, Page};
use serde_json::json;

use super::errors::AdminErrors;
use super::{AdminRead, PageQuery, query};
use crate::error::ApiError;
use crate::state::AppState;

/// Lists audit events, newest last.
///
/// `action` filters by an action or a prefix ending in `.`.
#[utoipa::path(
    get,
    path = "/audit",
    operation_id = "list_audit_events",
    tag = "Admin: audit",
    params(portcullis_proto::requests::AuditListParams),
    responses(
        AdminErrors,
        (status = 200, description = "A page of events", body = portcullis_proto::Page<portcullis_proto::AuditView>)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<AuditView>>, ApiError> {
    let q = query(raw.as_deref())?;
    let page = PageQuery::parse(&q, 100, MAX_AUDIT_PAGE)?;
    let events = state
        .idp
        .audit_events(
            page.after.as_deref(),
            q.get("action").map(String::as_str),
            page.limit,
        )
        .await?;
    Ok(Json(page.page(
        events,
        |e| e.id.clone(),
        |e| AuditView {
            details: serde_json::from_str(&e.details).unwrap_or_else(|_| json!({})),
            id: e.id,
            at: e.at,
            action: e.action,
            actor: e.actor,
            target: e.target,
        },
    )))
}

/// Names the administrator as the actor of every event a change records (see
/// [`portcullis_idp::audited_as`]); a successful change that recorded none is recorded
/// as `admin.change` with its method and path, so each change leaves one trace.
pub(crate) async fn record_changes(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().clone();
    if method == axum::http::Method::GET || method == axum::http::Method::HEAD {
        return next.run(req).await;
    }
    // Inside `nest` the URI lost its prefix; the original one names the full path.
    let path = req
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| req.uri().path().to_owned(), |u| u.path().to_owned());
    let actor = req
        .extensions()
        .get::<Principal>()
        .map(|a| a.subject().to_owned())
        .unwrap_or_default();
    let (res, recorded) = portcullis_idp::audited_as(&actor, next.run(req)).await;
    if res.status().is_success() && !recorded {
        let event = AuditEvent::new(AuditAction::AdminChange)
            .by(&actor)
            .on(&path)
            .with(json!({ "method": method.as_str() }));
        state.idp.audit(event, state.clock.now()).await;
    }
    res
}
