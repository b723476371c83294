//! The CSRF token a form or a script sent — never in an address, where it would be kept in
//! the browser's history, the proxies' logs and the `Referer` of other sites: the
//! `X-CSRF-Token` header (htmx, scripts), the `_csrf` field of a URL-encoded form, or the
//! `_csrf` field that opens a multipart form (an upload: only its first part is read, the
//! files stream on to the handler untouched).

use crate::render::Refusal;
use crate::session;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header;
use futures::StreamExt;

/// The largest form body read (multipart uploads have their own limit).
pub const FORM_LIMIT: usize = 1 << 20;

/// The most bytes of a multipart body read to find its first field.
const MULTIPART_HEAD_LIMIT: usize = 64 << 10;

/// The longest wait for the next bytes of a multipart body's first part: a client that sends
/// them a byte at a time does not hold the request open.
const MULTIPART_HEAD_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The token sent with `request`, and the request to hand on (its body given back whole).
pub async fn sent(request: Request) -> Result<(Option<String>, Request), Refusal> {
    if let Some(token) =
        request.headers().get(session::CSRF_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned)
    {
        return Ok((Some(token), request));
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| Refusal::TooLarge)?;
        let sent = std::str::from_utf8(&bytes).ok().and_then(|b| field(b, session::CSRF_FIELD));
        return Ok((sent, Request::from_parts(parts, Body::from(bytes))));
    }
    if let Some(boundary) = boundary_of(&content_type) {
        return first_multipart_field(request, &boundary).await;
    }
    Ok((None, request))
}

fn field(encoded: &str, name: &str) -> Option<String> {
    encoded
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find_map(|(k, v)| (k == name).then(|| v.to_owned()))
}

/// The boundary of a `multipart/form-data` content type.
fn boundary_of(content_type: &str) -> Option<String> {
    if !content_type.starts_with("multipart/form-data") {
        return None;
    }
    content_type.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case("boundary").then(|| v.trim_matches('"').to_owned())
    })
}

/// Reads the start of a multipart body up to the end of its first part: the token when that
/// part is the `_csrf` field.
async fn first_multipart_field(
    request: Request,
    boundary: &str,
) -> Result<(Option<String>, Request), Refusal> {
    let (parts, body) = request.into_parts();
    let mut stream = body.into_data_stream();
    let mut head: Vec<u8> = Vec::new();
    let mut found = None;
    let closing = format!("\r\n--{boundary}");
    let interrupted = || Refusal::BadRequest("Envoi interrompu : recommencez.".to_owned());
    while head.len() < MULTIPART_HEAD_LIMIT {
        let next = tokio::time::timeout(MULTIPART_HEAD_WAIT, stream.next());
        let Some(chunk) = next.await.map_err(|_| interrupted())? else { break };
        let chunk = chunk.map_err(|_| interrupted())?;
        // The first part ends with the first closing delimiter: the body is parsed only once
        // the new bytes (with the end of the earlier ones) hold one, so that a body sent in
        // tiny pieces is not scanned again at each piece.
        let from = head.len().saturating_sub(closing.len() - 1);
        head.extend_from_slice(&chunk);
        if find(&head[from..], closing.as_bytes()).is_none() {
            continue;
        }
        if let Some(first) = first_part(&head, boundary) {
            found = first;
            break;
        }
    }
    let head = Bytes::from(head);
    let rest = futures::stream::once(async move { Ok::<_, axum::Error>(head) }).chain(stream);
    Ok((found, Request::from_parts(parts, Body::from_stream(rest))))
}

/// The first part of a multipart body once it is whole in `buf`: `Some(Some(token))` when it
/// is the `_csrf` field, `Some(None)` when it is another; `None` while it is incomplete.
fn first_part(buf: &[u8], boundary: &str) -> Option<Option<String>> {
    let delimiter = format!("--{boundary}");
    let start = find(buf, delimiter.as_bytes())? + delimiter.len();
    let headers_end = start + find(&buf[start..], b"\r\n\r\n")?;
    let content_start = headers_end + 4;
    let closing = format!("\r\n--{boundary}");
    let content_end = content_start + find(&buf[content_start..], closing.as_bytes())?;
    let headers = String::from_utf8_lossy(&buf[start..headers_end]);
    let named = format!("name=\"{}\"", session::CSRF_FIELD);
    if !headers.contains(&named) {
        return Some(None);
    }
    Some(std::str::from_utf8(&buf[content_start..content_end]).ok().map(|v| v.trim().to_owned()))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_part_gives_the_token_once_whole() {
        let body = b"--frontiere\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123\r\n--frontiere\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"d.csv\"\r\n\r\n";
        assert_eq!(first_part(body, "frontiere"), Some(Some("abc123".to_owned())));
        assert_eq!(first_part(&body[..60], "frontiere"), None, "not whole yet");
        let other = b"--f\r\nContent-Disposition: form-data; name=\"fichiers\"\r\n\r\nx\r\n--f--";
        assert_eq!(first_part(other, "f"), Some(None), "the first field is another");
    }

    #[tokio::test]
    async fn a_body_sent_a_byte_at_a_time_gives_its_token_and_is_handed_on_whole() {
        let body: &'static [u8] = b"--f\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\njeton\r\n--f\r\nContent-Disposition: form-data; name=\"fichiers\"\r\n\r\ncontenu\r\n--f--\r\n";
        let bytes = body.iter().map(|b| Ok::<_, std::io::Error>(Bytes::from(vec![*b])));
        let request = Request::post("/import")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=f")
            .body(Body::from_stream(futures::stream::iter(bytes)))
            .expect("request");
        let (token, request) = sent(request).await.expect("read");
        assert_eq!(token.as_deref(), Some("jeton"));
        let handed_on = axum::body::to_bytes(request.into_body(), 1 << 20).await.expect("body");
        assert_eq!(&handed_on[..], body);
    }

    #[test]
    fn boundaries_are_read_from_the_content_type() {
        assert_eq!(
            boundary_of("multipart/form-data; boundary=----WebKitFormBoundaryX").as_deref(),
            Some("----WebKitFormBoundaryX")
        );
        assert_eq!(boundary_of("multipart/form-data; boundary=\"a b\"").as_deref(), Some("a b"));
        assert_eq!(boundary_of("text/plain"), None);
    }
}
