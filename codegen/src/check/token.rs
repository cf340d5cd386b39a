//! Checks of bearer-token schemes (`vendor.auth[].token`): the operation that issues the token
//! must be one the client can call alone, safely and without recursion, and the token must be a
//! field nothing prints.

use super::{with, Checker, Index, Key};
use crate::spec::{FieldType, HttpMethod, Required, TokenSource};
use crate::yaml::Step;

impl<'s> Checker<'s> {
    pub(super) fn tokens(&mut self) {
        let schemes = &self.spec.vendor.auth;
        for (i, scheme) in schemes.iter().enumerate() {
            if let Some(token) = &scheme.token {
                let at = vec![Key("vendor"), Key("auth"), Index(i), Key("token")];
                self.token(&at, token);
            }
        }
    }

    fn token(&mut self, at: &[Step], token: &'s TokenSource) {
        let key = |k| with(at, &[Key(k)]);
        self.non_empty(key("source"), &token.source, "source");
        self.token_timing(at, token);
        let Some(op) = self.operation(key("operation"), &token.operation) else {
            return;
        };
        let token_scheme = op.auth.as_deref().and_then(|name| {
            let scheme = self.spec.vendor.auth.iter().find(|a| a.name == name)?;
            scheme.token.is_some().then_some(name)
        });
        if let Some(name) = token_scheme {
            self.issue(
                key("operation"),
                format!(
                    "`{}` is authenticated by the token scheme `{name}`, so the client could not call it to get a token",
                    op.name
                ),
                Some("the token operation uses another scheme (NICEPAY's access token: `basic`)".into()),
            );
        }
        if op.method != HttpMethod::Get && op.safe.is_none() {
            self.issue(
                key("operation"),
                format!("`{}` is a write the client would never retry", op.name),
                Some(format!(
                    "mark `{}` `safe: {{why}}` where the document shows that issuing a token changes nothing, so a lost answer is fetched again rather than an unknown outcome of the caller's payment",
                    op.name
                )),
            );
        }
        if let Some(request) = self.object(&op.request) {
            let needed = request.fields.iter().flatten().filter(|f| {
                f.required == Required::Yes
                    && f.ty != FieldType::Const
                    && f.credential.is_none()
                    && f.computed.is_none()
            });
            for field in needed {
                self.issue(
                    key("operation"),
                    format!(
                        "`{}` needs `{}` from its caller, so the client cannot fetch a token alone",
                        op.name, field.wire
                    ),
                    None,
                );
            }
        }
        let Some(response) = self.object(&op.response) else {
            return;
        };
        if let Some(field) = self.field_of(&key("field"), response, &token.field) {
            if field.ty != FieldType::String || field.required != Required::Yes {
                self.issue(
                    key("field"),
                    format!("the token `{}` must be a required string", field.wire),
                    None,
                );
            } else if !field.personal {
                self.issue(
                    key("field"),
                    format!("the token `{}` is not marked `personal: true`", field.wire),
                    Some("a bearer token is a credential: `personal: true` keeps it out of the answer's Debug".into()),
                );
            }
        }
        for (name, wire) in [
            ("expires_at", &token.expires_at),
            ("issued_at", &token.issued_at),
        ] {
            let Some(wire) = wire else { continue };
            if let Some(field) = self.field_of(&key(name), response, wire) {
                if field.ty != FieldType::String {
                    self.issue(
                        key(name),
                        format!("`{wire}` must be a string field (an ISO 8601 time)"),
                        None,
                    );
                }
            }
        }
        if token.issued_at.is_some() && token.expires_at.is_none() {
            self.issue(
                key("issued_at"),
                "`issued_at` measures a lifetime only with `expires_at`",
                None,
            );
        }
    }

    fn token_timing(&mut self, at: &[Step], token: &TokenSource) {
        let key = |k| with(at, &[Key(k)]);
        if token.refresh_on_status.is_empty() {
            self.issue(
                key("refresh_on_status"),
                "list the HTTP statuses by which the gateway refuses a token",
                Some("NICEPAY's 401 Unauthorized: `refresh_on_status: [401]`".into()),
            );
        }
        for status in &token.refresh_on_status {
            if !(400..=499).contains(status) {
                self.issue(
                    key("refresh_on_status"),
                    format!("`{status}` is not a 4xx status"),
                    Some(
                        "a refused token is a client error: 401, or 403 where the document says so"
                            .into(),
                    ),
                );
            }
        }
        if token.lifetime_ms == Some(0) {
            self.issue(
                key("lifetime_ms"),
                "`lifetime_ms` must be greater than 0",
                None,
            );
        }
        if token
            .lifetime_ms
            .is_some_and(|lifetime| token.refresh_before_ms >= lifetime)
        {
            self.issue(
                key("refresh_before_ms"),
                "`refresh_before_ms` is not shorter than the token's `lifetime_ms`",
                Some(
                    "a token is fetched `refresh_before_ms` before it expires: a minute, say"
                        .into(),
                ),
            );
        }
    }
}
