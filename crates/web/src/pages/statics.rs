//! The vendored front-end files (style sheet, htmx, icon), compiled into the binary: nothing
//! is fetched from elsewhere.

use crate::render::Refusal;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

const FILES: &[(&str, &str, &[u8])] = &[
    ("logis.css", "text/css; charset=utf-8", include_bytes!("../../static/logis.css")),
    (
        "htmx-2.0.11.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../static/htmx-2.0.11.min.js"),
    ),
    ("logis.js", "text/javascript; charset=utf-8", include_bytes!("../../static/logis.js")),
    ("logis.svg", "image/svg+xml", include_bytes!("../../static/logis.svg")),
];

pub async fn file(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(file, _, _)| *file == name) {
        Some((_, kind, bytes)) => (
            [(header::CONTENT_TYPE, *kind), (header::CACHE_CONTROL, "public, max-age=3600")],
            *bytes,
        )
            .into_response(),
        None => Refusal::NotFound.into_response(),
    }
}
