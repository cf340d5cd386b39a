//! The stand-in gateway the examples talk to: a wiremock server on 127.0.0.1 that answers each
//! route with a fixed JSON body, and a printout of what it received, so that the examples run
//! without network access or credentials. Not part of what an app writes.

use std::fmt::Debug;
use std::future::Future;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Headers that carry credentials or signatures; printed as `***` (keeping a scheme word such
/// as `SPGKEY`), because example output gets pasted into chats and tickets.
const SECRET_HEADERS: [&str; 3] = ["authorization", "x-api-key", "x-authorization-hmac"];

/// One documented answer: HTTP method, path, and the JSON body returned with status 200.
pub struct Route {
    method: &'static str,
    path: &'static str,
    body: String,
}

impl Route {
    /// Answers `POST path` with `body`.
    pub fn post(path: &'static str, body: impl Into<String>) -> Route {
        Route {
            method: "POST",
            path,
            body: body.into(),
        }
    }

    /// Answers `GET path` (whatever its query) with `body`.
    // Every example compiles this module, and the KICC one makes no GET call.
    #[allow(dead_code)]
    pub fn get(path: &'static str, body: impl Into<String>) -> Route {
        Route {
            method: "GET",
            path,
            body: body.into(),
        }
    }
}

/// A local mock of one gateway.
pub struct Gateway {
    server: MockServer,
}

impl Gateway {
    /// Starts the mock on a free port of 127.0.0.1, answering every route.
    pub async fn start(routes: Vec<Route>) -> Gateway {
        let server = MockServer::start().await;
        for route in routes {
            Mock::given(method(route.method))
                .and(path(route.path))
                .respond_with(
                    ResponseTemplate::new(200).set_body_raw(route.body, "application/json"),
                )
                .mount(&server)
                .await;
        }
        Gateway { server }
    }

    /// The base URL to give the client, such as `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Awaits `call`, a call meant to fail validation, and prints how many requests it made
    /// reach the mock: none.
    pub async fn unsent<T>(&self, call: impl Future<Output = T>) -> T {
        let before = self.requests().await.len();
        let result = call.await;
        let sent = self.requests().await.len() - before;
        println!("=== invalid request ({sent} requests reached the gateway)");
        result
    }

    /// Prints one call: the request's Debug, the HTTP message the mock received for it, and the
    /// parsed response's Debug.
    pub async fn show(&self, call: &str, request: &impl Debug, response: &impl Debug) {
        println!("=== {call}\n--- request (Debug):\n{request:#?}");
        if let Some(last) = self.requests().await.last() {
            println!("--- as the gateway received it:\n{}", wire_text(last));
        }
        println!("--- response (Debug):\n{response:#?}\n");
    }

    async fn requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}

/// The request as an HTTP/1.1 message: request line, headers in the order received (secret
/// values masked), blank line, body. The body is shown as sent, personal data included, to show
/// the wire format; an app must not log request bodies.
fn wire_text(request: &Request) -> String {
    let mut target = request.url.path().to_owned();
    if let Some(query) = request.url.query() {
        target = format!("{target}?{query}");
    }
    let mut text = format!("{} {target} HTTP/1.1\r\n", request.method);
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

/// JSON fields that carry a credential in the body (Toss Pay's `apiKey`); printed as `***`.
const SECRET_FIELDS: [&str; 1] = ["apiKey"];

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
