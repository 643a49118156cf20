//! `/healthz`, `/readyz`, `/metrics`.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use portcullis_proto::StatusBody;

use crate::state::AppState;

fn status(status: &str) -> StatusBody {
    StatusBody {
        status: status.to_owned(),
    }
}

/// Liveness: the process answers.
#[utoipa::path(
    get,
    path = portcullis_proto::paths::HEALTHZ,
    operation_id = "healthz",
    tag = "Health",
    responses(
        (status = 200, description = "`{\"status\": \"ok\"}`", body = portcullis_proto::StatusBody)
    )
)]
pub(crate) async fn healthz() -> Response {
    Json(status("ok")).into_response()
}

/// Readiness: the database answers.
#[utoipa::path(
    get,
    path = portcullis_proto::paths::READYZ,
    operation_id = "readyz",
    tag = "Health",
    responses(
        (status = 200, description = "`{\"status\": \"ready\"}`", body = portcullis_proto::StatusBody),
        (status = 503, description = "The database is unavailable", body = portcullis_proto::StatusBody)
    )
)]
pub(crate) async fn readyz(State(state): State<AppState>) -> Response {
    if state.idp.ping().await {
        Json(status("ready")).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(status("database unavailable")),
        )
            .into_response()
    }
}

/// Prometheus metrics (text exposition format).
#[utoipa::path(
    get,
    path = portcullis_proto::paths::METRICS,
    operation_id = "metrics",
    tag = "Health",
    responses(
        (status = 200, description = "The metrics", body = String, content_type = "text/plain")
    )
)]
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}
