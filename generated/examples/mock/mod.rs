//! The printout the examples make of each call: what the client sent, as the gateway's
//! generated mock (`paygen::<gateway>::mock`, the `mock` feature) received and checked it, and
//! what came back. Not part of what an app writes.

use paygen_runtime::mock::Record;
use std::fmt::Debug;
use std::future::Future;

/// Headers that carry credentials or signatures; printed as `***` (keeping a scheme word such
/// as `SPGKEY`), because example output gets pasted into chats and tickets.
const SECRET_HEADERS: [&str; 3] = ["authorization", "x-api-key", "x-authorization-hmac"];

/// JSON fields that carry a credential in the body (Toss Pay's `apiKey`); printed as `***`.
const SECRET_FIELDS: [&str; 1] = ["apiKey"];

/// Prints one call: the request's Debug, the HTTP message the mock received for it (the last of
/// `records`) with the outcome of its checks, and the parsed response's Debug.
pub fn show<R>(call: &str, request: &impl Debug, records: &[Record<R>], response: &impl Debug) {
    println!("=== {call}\n--- request (Debug):\n{request:#?}");
    if let Some(last) = records.last() {
        println!("--- as the gateway received it:\n{}", wire_text(last));
        let failed: Vec<String> = last
            .failures()
            .map(|c| format!("{} {}", c.at, c.failure.as_deref().unwrap_or_default()))
            .collect();
        match failed.is_empty() {
            true => println!("--- the mock's {} checks passed", last.checks.len()),
            false => println!("--- the mock refused it: {failed:?}"),
        }
    }
    println!("--- response (Debug):\n{response:#?}\n");
}

/// Awaits `call`, a call meant to fail validation, and prints how many requests it made reach
/// the mock (`records` reads them): none.
pub async fn unsent<T, R>(
    records: impl Fn() -> Vec<Record<R>>,
    call: impl Future<Output = T>,
) -> T {
    let before = records().len();
    let result = call.await;
    let sent = records().len() - before;
    println!("=== invalid request ({sent} requests reached the gateway)");
    result
}

/// The request as an HTTP/1.1 message: request line, headers (secret values masked), blank
/// line, body. The body is shown as sent, personal data included, to show the wire format; an
/// app must not log request bodies.
fn wire_text<R>(record: &Record<R>) -> String {
    let request = &record.request;
    let mut text = format!("{} {} HTTP/1.1\r\n", request.method, request.uri());
    for (name, value) in &request.headers {
        let value = value.to_str().unwrap_or("<not text>");
        let shown = if SECRET_HEADERS.contains(&name.as_str()) {
            match value.split_once(' ') {
                Some((scheme, _)) => format!("{scheme} ***"),
                None => "***".to_owned(),
            }
        } else {
            value.to_owned()
        };
        text.push_str(&format!("{name}: {shown}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(&mask_body_secrets(&String::from_utf8_lossy(&request.body)));
    text
}

/// `body` with the string value of each secret field masked.
fn mask_body_secrets(body: &str) -> String {
    let mut body = body.to_owned();
    for field in SECRET_FIELDS {
        let key = format!("\"{field}\":\"");
        if let Some(start) = body.find(&key).map(|at| at + key.len()) {
            if let Some(len) = body[start..].find('"') {
                body.replace_range(start..start + len, "***");
            }
        }
    }
    body
}
