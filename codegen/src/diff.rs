//! The breaking-change backend: two checked models of a gateway compared, and every change
//! classified by a rule of [`RULES`] along two axes: what it means for the generated Rust API
//! (the semver bump it requires of the generated crate) and what it means on the wire (requests
//! refused that were sent before, answers refused that were read before, or something sent or
//! read differently).
//!
//! Like the Rust emitter, it reads only the model. Items are matched by name: operations,
//! types, callbacks, credentials and environments by their names, fields by wire name (a field
//! whose wire name changed but whose Rust name did not is a wire rename), variants by code.

use crate::model::{
    Auth, Digest, DigestInput, Enum, HeaderPiece, MessagePiece, Model, Object, ObjectField,
    Operation, Requirement, RustType, Success,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The semver bump a change requires of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Docs or behaviour only; no app code stops compiling.
    Patch,
    /// Additions: no app code stops compiling (generated types are `#[non_exhaustive]`).
    Minor,
    /// Some correct app code stops compiling.
    Major,
}

/// What a change does on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Wire {
    /// Nothing sent or read changes.
    None,
    /// Requests that validated before are refused now, before they are sent.
    RequestsRefused,
    /// Answers that decoded before fail to decode now.
    ResponsesRefused,
    /// What is sent, where, or how an answer is judged changes.
    Changed,
}

/// A rule of the diff: one kind of change and its effects.
#[derive(Debug, Serialize)]
pub struct Rule {
    /// The rule's name in reports, such as `request-field-added-required`.
    pub id: &'static str,
    /// The semver bump the change requires of the generated crate.
    pub bump: Bump,
    /// What the change does on the wire.
    pub wire: Wire,
    /// What the rule detects, for the rules table.
    pub description: &'static str,
}

macro_rules! rules {
    ($( $name:ident = $id:literal, $bump:ident, $wire:ident, $description:literal; )+) => {
        $( const $name: Rule = Rule { id: $id, bump: Bump::$bump, wire: Wire::$wire, description: $description }; )+
        /// Every rule, in the order of the rules table in specs/README.md.
        pub const RULES: &[Rule] = &[$($name),+];
    };
}

rules! {
    MODULE_ADDED = "module-added", Minor, None, "a spec (gateway module) was added";
    MODULE_REMOVED = "module-removed", Major, None, "a spec (gateway module) was removed";
    OPERATION_ADDED = "operation-added", Minor, None, "an operation (client method) was added";
    OPERATION_REMOVED = "operation-removed", Major, None, "an operation was removed";
    OPERATION_REQUEST_LINE = "operation-request-line-changed", Patch, Changed, "an operation's method or path changed";
    OPERATION_TYPES = "operation-types-changed", Major, Changed, "an operation's request, response or declared error type changed";
    OPERATION_AUTH = "operation-auth-changed", Patch, Changed, "an operation's auth scheme changed";
    OPERATION_RETRY = "operation-retry-changed", Patch, Changed, "an operation became retryable or stopped being (an idempotency key or the method changed)";
    OPERATION_IDEMPOTENCY_HEADER = "operation-idempotency-header-changed", Major, Changed, "the header an operation is deduplicated by was added, removed or renamed: its `<operation>_with_idempotency_key` method comes or goes, and what is sent changes";
    OPERATION_SUCCESS = "operation-success-changed", Patch, Changed, "how an answer is judged a success changed (field, code, message or detail)";
    RECOVERY_ADDED = "recovery-added", Minor, None, "an operation gained `reports` or `net_cancel` (new outcome or net-cancel methods)";
    RECOVERY_REMOVED = "recovery-removed", Major, None, "an operation lost `reports` or `net_cancel`";
    RECOVERY_CHANGED = "recovery-changed", Patch, Changed, "how an outcome is classified or a net cancel is filled changed";
    CALLBACK_ADDED = "callback-added", Minor, None, "a callback was added";
    CALLBACK_REMOVED = "callback-removed", Major, None, "a callback was removed or now carries another type";
    CALLBACK_SENT_AS_ADDED = "callback-sent-as-added", Minor, None, "a callback gained `sent_as`: its mock gains `send_<callback>` and `<callback>_example`";
    CALLBACK_SENT_AS_REMOVED = "callback-sent-as-removed", Major, None, "a callback lost `sent_as`: its mock's `send_<callback>` and `<callback>_example` are gone";
    CALLBACK_SENT_AS_CHANGED = "callback-sent-as-changed", Patch, None, "the format a mock posts a callback in changed";
    TIMESTAMP_WINDOW_CHANGED = "timestamp-window-changed", Patch, None, "an auth scheme's `timestamp_window` was added, removed or changed: the mock refuses other times (clients are unaffected)";
    CANCELS_CHANGED = "cancels-changed", Patch, None, "an operation's `cancels` was added, removed or changed: the mock's state after a cancel differs (clients are unaffected)";
    REFUSALS_CHANGED = "refusals-changed", Patch, None, "a documented refusal was added, removed or changed: the mock answers a refused request otherwise (clients are unaffected)";
    CREDENTIAL_ADDED = "credential-added", Major, None, "a credential was added (`Credentials` gains a field the app must fill)";
    CREDENTIAL_REMOVED = "credential-removed", Major, None, "a credential was removed, or became secret or not";
    AUTH_SCHEME_CHANGED = "auth-scheme-changed", Patch, Changed, "an auth scheme's headers or signature changed, or a used scheme was added or removed";
    ENVIRONMENT_ADDED = "environment-added", Minor, None, "an environment was added";
    ENVIRONMENT_REMOVED = "environment-removed", Major, None, "an environment was removed";
    ENVIRONMENT_URL = "environment-url-changed", Patch, Changed, "an environment's base URL changed";
    LIMITS_CHANGED = "limits-changed", Patch, None, "the default timeouts or response size limit changed";
    ENCODING_CHANGED = "encoding-changed", Patch, Changed, "the encoding byte lengths are counted in changed";
    CHARSET_CHANGED = "charset-changed", Patch, Changed, "the charset bodies are sent and read in changed";
    TYPE_ADDED = "type-added", Minor, None, "a type was added";
    TYPE_REMOVED = "type-removed", Major, None, "a type was removed";
    TYPE_KIND = "type-kind-changed", Major, Changed, "a type changed from object to enum or back";
    FIELD_ADDED_OPTIONAL = "field-added-optional", Minor, None, "an optional field was added";
    REQUEST_FIELD_ADDED_REQUIRED = "request-field-added-required", Major, RequestsRefused, "a required field was added to a type that is sent";
    RESPONSE_FIELD_ADDED_REQUIRED = "response-field-added-required", Minor, ResponsesRefused, "a required field was added to a type that is only received";
    FIELD_ADDED_FILLED = "field-added-filled", Patch, Changed, "a `const` or `computed` field was added: sent, but not set by the caller";
    FIELD_REMOVED = "field-removed", Major, Changed, "a field was removed";
    FIELD_RUST_RENAMED = "field-rust-renamed", Major, None, "a field's Rust name changed (same wire name)";
    FIELD_WIRE_RENAMED = "field-wire-renamed", Patch, Changed, "a field's wire name changed (same Rust name)";
    FIELD_TYPE = "field-type-changed", Major, Changed, "a field's type changed, or it became or stopped being `const` or `computed`";
    FIELD_CONST_VALUE = "field-const-value-changed", Patch, Changed, "the value a `const` field sends changed";
    FIELD_WIRE_FORM = "field-wire-form-changed", Patch, Changed, "a decimal field's `sent_as` changed: it is written as a number instead of a string, or the reverse";
    RECEIVED_ALIAS_REMOVED = "received-alias-removed", Patch, ResponsesRefused, "a received field lost one of its `aliases`: answers that spell it so no longer fill it";
    RECEIVED_READING_CHANGED = "received-reading-changed", Patch, Changed, "a received field gained an alias, or its `sentinel` was added, removed or changed: the same answer can decode to other values";
    FIELD_LOCATION = "field-location-changed", Patch, Changed, "a field moved between body, path, query and headers";
    FIELD_BECAME_OPTIONAL = "field-became-optional", Major, None, "a required field became optional (`T` becomes `Option<T>`)";
    REQUEST_FIELD_BECAME_REQUIRED = "request-field-became-required", Major, RequestsRefused, "an optional field of a type that is sent became required";
    RESPONSE_FIELD_BECAME_REQUIRED = "response-field-became-required", Major, ResponsesRefused, "an optional field of a type that is received became required";
    REQUEST_RULE_TIGHTENED = "request-rule-tightened", Patch, RequestsRefused, "a rule of a sent field got stricter: `max_bytes`, `max_chars`, `max_digits`, `max_scale` or `maximum` down, `min_bytes`, `min_chars` or `minimum` up, a new `chars`, `format`, `forbidden_chars` character, `minimum_if`, group or checkable `required: {when}`, an `extra_chars` character gone";
    REQUEST_RULE_LOOSENED = "request-rule-loosened", Patch, None, "a rule of a sent field got looser or went away";
    DIGEST_CHANGED = "digest-changed", Patch, Changed, "a `computed` or `verify` digest's algorithm, output or inputs changed";
    FIELD_MASKING = "field-masking-changed", Patch, None, "a field became personal data (masked in `Debug`) or stopped being";
    VARIANT_ADDED = "variant-added", Minor, None, "a code was added to an enum";
    VARIANT_REMOVED = "variant-removed", Major, RequestsRefused, "a code was removed from an enum";
    VARIANT_RENAMED = "variant-renamed", Major, None, "a code's Rust variant name changed";
    ENUM_REPR = "enum-repr-changed", Major, Changed, "an enum's codes changed between strings and integers";
    ENUM_OPENNESS = "enum-openness-changed", Major, None, "an enum started or stopped being received (it gains or loses `Unknown`, `Copy` and `const fn code`)";
    DOCS_CHANGED = "docs-changed", Patch, None, "a description, citation, conflict or example changed";
}

/// One change between two specs.
#[derive(Debug, Serialize)]
pub struct Change {
    /// The rule that classifies it.
    pub rule: &'static Rule,
    /// The module (gateway) it is in.
    pub module: String,
    /// The item: `Type`, `Type.field`, `operation`, `Enum::code`, ...
    pub at: String,
    /// What changed, old to new, in the spec's terms.
    pub detail: String,
}

/// Every change between two sets of specs.
#[derive(Debug, Default, Serialize)]
pub struct Diff {
    /// The changes, module by module, in the order the items are compared.
    pub changes: Vec<Change>,
}

impl Diff {
    /// The bump the changes require together, or `None` when nothing changed.
    pub fn bump(&self) -> Option<Bump> {
        self.changes.iter().map(|c| c.rule.bump).max()
    }

    /// Whether some change refuses what was sent or read before, or changes what is sent.
    pub fn changes_wire(&self) -> bool {
        self.changes.iter().any(|c| c.rule.wire != Wire::None)
    }

    /// One line per change and a summary line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let _ = writeln!(
                out,
                "{:<5}  {}::{}: {} [{}]{}",
                bump_name(c.rule.bump),
                c.module,
                c.at,
                c.detail,
                c.rule.id,
                wire_note(c.rule.wire).map_or(String::new(), |w| format!(" (wire: {w})")),
            );
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// A Markdown section for a pull request or a CHANGELOG.
    pub fn markdown(&self) -> String {
        let mut out = format!("### Spec changes\n\n{}\n", self.summary());
        if self.changes.is_empty() {
            return out;
        }
        out.push_str("\n| bump | where | change | rule | on the wire |\n|---|---|---|---|---|\n");
        for c in &self.changes {
            let _ = writeln!(
                out,
                "| {} | `{}::{}` | {} | `{}` | {} |",
                bump_name(c.rule.bump),
                c.module,
                c.at,
                c.detail.replace('|', "\\|"),
                c.rule.id,
                wire_note(c.rule.wire).unwrap_or("—"),
            );
        }
        out
    }

    /// The changes as JSON: `{"bump", "changes_wire", "changes": [{rule, module, at, detail}]}`.
    pub fn json(&self) -> String {
        let value = serde_json::json!({
            "bump": self.bump(),
            "changes_wire": self.changes_wire(),
            "changes": self.changes,
        });
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }

    fn summary(&self) -> String {
        match self.bump() {
            None => "No changes.".to_owned(),
            Some(bump) => format!(
                "{} change{}; the generated crate needs a {} release; {}.",
                self.changes.len(),
                if self.changes.len() == 1 { "" } else { "s" },
                bump_name(bump),
                if self.changes_wire() {
                    "the wire changes"
                } else {
                    "nothing changes on the wire"
                }
            ),
        }
    }
}

fn bump_name(bump: Bump) -> &'static str {
    match bump {
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

fn wire_note(wire: Wire) -> Option<&'static str> {
    match wire {
        Wire::None => None,
        Wire::RequestsRefused => Some("requests sent before are refused now"),
        Wire::ResponsesRefused => Some("answers read before are refused now"),
        Wire::Changed => Some("what is sent or read changes"),
    }
}

/// The rules as the Markdown table specs/README.md carries.
pub fn rules_table() -> String {
    let mut out =
        String::from("| rule | bump | on the wire | what it detects |\n|---|---|---|---|\n");
    for rule in RULES {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            rule.id,
            bump_name(rule.bump),
            wire_note(rule.wire).unwrap_or("—"),
            rule.description
        );
    }
    out
}

/// The changes from the models `old` to `new` (either absent: a module added or removed).
pub(crate) fn compare(old: Option<&Model>, new: Option<&Model>, diff: &mut Diff) {
    let (old, new) = match (old, new) {
        (Some(old), Some(new)) => (old, new),
        (None, Some(new)) => return push(diff, &MODULE_ADDED, &new.vendor.module, "", "added"),
        (Some(old), None) => return push(diff, &MODULE_REMOVED, &old.vendor.module, "", "removed"),
        (None, None) => return,
    };
    let mut d = Differ {
        old,
        new,
        module: new.vendor.module.clone(),
        diff,
    };
    d.vendor();
    d.operations();
    d.callbacks();
    d.refusals();
    d.types();
}

fn push(diff: &mut Diff, rule: &'static Rule, module: &str, at: &str, detail: &str) {
    diff.changes.push(Change {
        rule,
        module: module.to_owned(),
        at: if at.is_empty() {
            "(module)".to_owned()
        } else {
            at.to_owned()
        },
        detail: detail.to_owned(),
    });
}

struct Differ<'a> {
    old: &'a Model,
    new: &'a Model,
    module: String,
    diff: &'a mut Diff,
}

/// `a -> b` for a detail.
fn arrow(a: impl std::fmt::Debug, b: impl std::fmt::Debug) -> String {
    format!("{a:?} -> {b:?}")
}

/// Items of two lists paired by key: (old, new) with either side absent.
fn pair<'a, T, K: Ord>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> K,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let mut map: BTreeMap<K, (Option<&T>, Option<&T>)> = BTreeMap::new();
    for item in old {
        map.entry(key(item)).or_default().0 = Some(item);
    }
    for item in new {
        map.entry(key(item)).or_default().1 = Some(item);
    }
    map.into_values().collect()
}

impl Differ<'_> {
    fn push(&mut self, rule: &'static Rule, at: &str, detail: String) {
        push(self.diff, rule, &self.module, at, &detail);
    }

    fn vendor(&mut self) {
        let (old, new) = (self.old, self.new);
        for (a, b) in pair(&old.credentials, &new.credentials, |c| c.name.clone()) {
            match (a, b) {
                (None, Some(b)) => self.push(&CREDENTIAL_ADDED, &b.name, "added".into()),
                (Some(a), None) => self.push(&CREDENTIAL_REMOVED, &a.name, "removed".into()),
                (Some(a), Some(b)) if a.secret != b.secret => self.push(
                    &CREDENTIAL_REMOVED,
                    &a.name,
                    format!("secret {}", arrow(a.secret, b.secret)),
                ),
                _ => {}
            }
        }
        let used = |m: &Model| -> Vec<(String, String)> {
            m.auth
                .iter()
                .filter(|a| a.used)
                .map(|a| (a.name.clone(), auth_text(m, a)))
                .collect()
        };
        let windows = |m: &Model| -> Vec<(String, Option<u64>)> {
            (m.auth.iter())
                .map(|a| (a.name.clone(), a.timestamp_window_ms))
                .collect()
        };
        for (a, b) in pair(&windows(old), &windows(new), |(name, _)| name.clone()) {
            if let (Some((name, x)), Some((_, y))) = (a, b) {
                if x != y {
                    let ms = |w: &Option<u64>| w.map_or("none".to_owned(), |ms| format!("{ms} ms"));
                    self.push(&TIMESTAMP_WINDOW_CHANGED, name, arrow(ms(x), ms(y)));
                }
            }
        }
        for (a, b) in pair(&used(old), &used(new), |(name, _)| name.clone()) {
            match (a, b) {
                (Some((name, a)), Some((_, b))) if a != b => {
                    self.push(&AUTH_SCHEME_CHANGED, name, arrow(a, b))
                }
                (None, Some((name, _))) => self.push(&AUTH_SCHEME_CHANGED, name, "added".into()),
                (Some((name, _)), None) => self.push(&AUTH_SCHEME_CHANGED, name, "removed".into()),
                _ => {}
            }
        }
        let envs = |m: &Model| -> Vec<(String, String)> {
            (m.vendor.environments.iter())
                .map(|e| (format!("{:?}", e.name).to_lowercase(), e.base_url.clone()))
                .collect()
        };
        for (a, b) in pair(&envs(old), &envs(new), |(name, _)| name.clone()) {
            match (a, b) {
                (None, Some((name, _))) => self.push(&ENVIRONMENT_ADDED, name, "added".into()),
                (Some((name, _)), None) => self.push(&ENVIRONMENT_REMOVED, name, "removed".into()),
                (Some((name, a)), Some((_, b))) if a != b => {
                    self.push(&ENVIRONMENT_URL, name, arrow(a, b))
                }
                _ => {}
            }
        }
        let limits = |m: &Model| {
            m.vendor.limits.as_ref().map(|l| {
                (
                    l.connect_timeout_ms,
                    l.timeout_ms,
                    l.read_timeout_ms,
                    l.max_response_bytes,
                )
            })
        };
        if limits(old) != limits(new) {
            self.push(&LIMITS_CHANGED, "limits", arrow(limits(old), limits(new)));
        }
        let (a, b) = (old.vendor.encoding, new.vendor.encoding);
        if a != b {
            self.push(&ENCODING_CHANGED, "encoding", arrow(a.name(), b.name()));
        }
        let (a, b) = (old.vendor.charset, new.vendor.charset);
        if a != b {
            self.push(&CHARSET_CHANGED, "charset", arrow(a.name(), b.name()));
        }
        let docs = |m: &Model| format!("{:?}{:?}", m.vendor.conflicts, m.vendor.name);
        if docs(old) != docs(new) {
            self.push(
                &DOCS_CHANGED,
                "(module docs)",
                "vendor name or conflicts".into(),
            );
        }
    }

    fn operations(&mut self) {
        let (old, new) = (self.old, self.new);
        for (a, b) in pair(&old.operations, &new.operations, |o| o.name.clone()) {
            match (a, b) {
                (None, Some(b)) => self.push(&OPERATION_ADDED, &b.name, "added".into()),
                (Some(a), None) => self.push(&OPERATION_REMOVED, &a.name, "removed".into()),
                (Some(a), Some(b)) => self.operation(a, b),
                (None, None) => {}
            }
        }
    }

    fn operation(&mut self, a: &Operation, b: &Operation) {
        let (old, new) = (self.old, self.new);
        let at = a.name.as_str();
        let line = |o: &Operation| format!("{} {}", o.method.as_str(), o.path_template);
        if line(a) != line(b) {
            self.push(&OPERATION_REQUEST_LINE, at, arrow(line(a), line(b)));
        }
        let types = |m: &Model, o: &Operation| {
            let error = o.error.map(|e| m.objects[e].name.clone());
            (m.request(o).name.clone(), m.response(o).name.clone(), error)
        };
        if types(old, a) != types(new, b) {
            self.push(&OPERATION_TYPES, at, arrow(types(old, a), types(new, b)));
        }
        let auth = |m: &Model, o: &Operation| o.auth.map(|i| m.auth[i].name.clone());
        if auth(old, a) != auth(new, b) {
            self.push(&OPERATION_AUTH, at, arrow(auth(old, a), auth(new, b)));
        }
        if a.idempotency_header != b.idempotency_header {
            self.push(
                &OPERATION_IDEMPOTENCY_HEADER,
                at,
                arrow(&a.idempotency_header, &b.idempotency_header),
            );
        }
        if a.retryable != b.retryable || a.idempotency_key != b.idempotency_key {
            self.push(
                &OPERATION_RETRY,
                at,
                format!(
                    "retryable {}, idempotency key {}",
                    arrow(a.retryable, b.retryable),
                    arrow(&a.idempotency_key, &b.idempotency_key)
                ),
            );
        }
        if success_text(old, a) != success_text(new, b) {
            self.push(
                &OPERATION_SUCCESS,
                at,
                arrow(success_text(old, a), success_text(new, b)),
            );
        }
        for (kind, a_text, b_text) in [
            ("reports", reports_text(old, a), reports_text(new, b)),
            (
                "net_cancel",
                net_cancel_text(old, a),
                net_cancel_text(new, b),
            ),
        ] {
            match (a_text, b_text) {
                (None, Some(_)) => self.push(&RECOVERY_ADDED, at, format!("`{kind}` added")),
                (Some(_), None) => self.push(&RECOVERY_REMOVED, at, format!("`{kind}` removed")),
                (Some(x), Some(y)) if x != y => {
                    self.push(&RECOVERY_CHANGED, at, format!("`{kind}`: {}", arrow(x, y)))
                }
                _ => {}
            }
        }
        let (x, y) = (cancels_text(old, a), cancels_text(new, b));
        if x != y {
            let show = |t: Option<String>| t.unwrap_or_else(|| "none".to_owned());
            self.push(
                &CANCELS_CHANGED,
                at,
                format!("`cancels`: {}", arrow(show(x), show(y))),
            );
        }
        if format!("{:?}{}", a.summary, a.source) != format!("{:?}{}", b.summary, b.source) {
            self.push(&DOCS_CHANGED, at, "summary or citation".into());
        }
    }

    fn callbacks(&mut self) {
        let (old, new) = (self.old, self.new);
        for (a, b) in pair(&old.callbacks, &new.callbacks, |c| c.name.clone()) {
            match (a, b) {
                (None, Some(b)) => self.push(&CALLBACK_ADDED, &b.name, "added".into()),
                (Some(a), None) => self.push(&CALLBACK_REMOVED, &a.name, "removed".into()),
                (Some(a), Some(b)) => {
                    let (x, y) = (&old.objects[a.ty].name, &new.objects[b.ty].name);
                    if x != y {
                        self.push(&CALLBACK_REMOVED, &a.name, format!("type {}", arrow(x, y)));
                    }
                    match (a.format, b.format) {
                        (None, Some(_)) => {
                            self.push(&CALLBACK_SENT_AS_ADDED, &a.name, "sent_as added".into())
                        }
                        (Some(_), None) => {
                            self.push(&CALLBACK_SENT_AS_REMOVED, &a.name, "sent_as removed".into())
                        }
                        (Some(x), Some(y)) if x != y => {
                            let detail =
                                format!("sent_as {}", arrow(format!("{x:?}"), format!("{y:?}")));
                            self.push(&CALLBACK_SENT_AS_CHANGED, &a.name, detail);
                        }
                        _ => {}
                    }
                }
                (None, None) => {}
            }
        }
    }

    /// The documented refusals, compared as the mock answers them: kind, status, code, texts
    /// and the operations (by name) each answers.
    fn refusals(&mut self) {
        let shown = |m: &Model| -> Vec<String> {
            (m.refusals.iter())
                .map(|r| {
                    let ops: Vec<&str> = r
                        .operations
                        .iter()
                        .map(|&i| m.operations[i].name.as_str())
                        .collect();
                    format!(
                        "{:?} {} {:?} {:?} {:?} {ops:?}",
                        r.kind, r.status, r.code, r.message, r.detail
                    )
                })
                .collect()
        };
        let (a, b) = (shown(self.old), shown(self.new));
        if a != b {
            let detail = format!("{} refusal(s) -> {}", a.len(), b.len());
            self.push(&REFUSALS_CHANGED, "refusals", detail);
        } else if (self.old.refusals.iter().map(|r| &r.source)).ne(self
            .new
            .refusals
            .iter()
            .map(|r| &r.source))
        {
            self.push(&DOCS_CHANGED, "refusals", "citation".into());
        }
    }

    fn types(&mut self) {
        let (old, new) = (self.old, self.new);
        let names = |m: &Model| -> Vec<(String, bool)> {
            let objects = m.objects.iter().map(|o| (o.name.clone(), true));
            objects
                .chain(m.enums.iter().map(|e| (e.name.clone(), false)))
                .collect()
        };
        for (a, b) in pair(&names(old), &names(new), |(name, _)| name.clone()) {
            match (a, b) {
                (None, Some((name, _))) => self.push(&TYPE_ADDED, name, "added".into()),
                (Some((name, _)), None) => self.push(&TYPE_REMOVED, name, "removed".into()),
                (Some((name, true)), Some((_, true))) => {
                    let (a, b) = (object(old, name), object(new, name));
                    if let (Some(a), Some(b)) = (a, b) {
                        self.object(a, b);
                    }
                }
                (Some((name, false)), Some((_, false))) => {
                    let a = old.enums.iter().find(|e| &e.name == name);
                    let b = new.enums.iter().find(|e| &e.name == name);
                    if let (Some(a), Some(b)) = (a, b) {
                        self.enumeration(a, b);
                    }
                }
                (Some((name, _)), Some(_)) => self.push(&TYPE_KIND, name, "object <-> enum".into()),
                (None, None) => {}
            }
        }
    }

    fn object(&mut self, a: &Object, b: &Object) {
        let mut pairs = pair(&a.fields, &b.fields, |f| f.wire.clone());
        // A field whose wire name changed but whose Rust name did not is one field renamed.
        let mut renamed = Vec::new();
        for i in 0..pairs.len() {
            let (Some(old), None) = pairs[i] else {
                continue;
            };
            if let Some(j) = (0..pairs.len())
                .find(|&j| matches!(pairs[j], (None, Some(new)) if new.rust == old.rust))
            {
                renamed.push((old, pairs[j].1.unwrap_or(old)));
                pairs[i] = (None, None);
                pairs[j] = (None, None);
            }
        }
        for (old_field, new_field) in renamed {
            let at = format!("{}.{}", b.name, new_field.rust);
            self.push(
                &FIELD_WIRE_RENAMED,
                &at,
                arrow(&old_field.wire, &new_field.wire),
            );
            self.field(a, b, old_field, new_field);
        }
        for (x, y) in pairs {
            match (x, y) {
                (None, Some(f)) => self.field_added(b, f),
                (Some(f), None) => self.push(
                    &FIELD_REMOVED,
                    &format!("{}.{}", a.name, f.wire),
                    "removed".into(),
                ),
                (Some(x), Some(y)) => self.field(a, b, x, y),
                (None, None) => {}
            }
        }
        if format!("{:?}", a.docs) != format!("{:?}", b.docs) {
            self.push(&DOCS_CHANGED, &a.name, "description or citation".into());
        }
    }

    fn field_added(&mut self, object: &Object, f: &ObjectField) {
        let at = format!("{}.{}", object.name, f.wire);
        let rule = if !f.is_struct_field() {
            &FIELD_ADDED_FILLED
        } else if f.optional {
            &FIELD_ADDED_OPTIONAL
        } else if object.validated {
            &REQUEST_FIELD_ADDED_REQUIRED
        } else {
            &RESPONSE_FIELD_ADDED_REQUIRED
        };
        self.push(rule, &at, format!("added ({})", f.ty.spec_name()));
    }

    fn field(&mut self, ao: &Object, bo: &Object, a: &ObjectField, b: &ObjectField) {
        let at = format!("{}.{}", bo.name, b.wire);
        if a.rust != b.rust {
            self.push(&FIELD_RUST_RENAMED, &at, arrow(&a.rust, &b.rust));
        }
        let filled = |f: &ObjectField| (f.is_const(), f.computed.is_some(), f.credential, f.clock);
        match (&a.ty, &b.ty) {
            (RustType::Const(x), RustType::Const(y)) if x != y => {
                self.push(&FIELD_CONST_VALUE, &at, arrow(x.to_string(), y.to_string()))
            }
            (RustType::Decimal(x), RustType::Decimal(y)) if x != y => {
                self.push(&FIELD_WIRE_FORM, &at, arrow(x, y))
            }
            (x, y) if filled(a) != filled(b) || (!a.is_const() && x != y) => {
                self.push(&FIELD_TYPE, &at, arrow(type_text(a), type_text(b)))
            }
            _ => {}
        }
        if bo.received {
            let lost: Vec<&String> = a
                .aliases
                .iter()
                .filter(|x| !b.aliases.contains(x))
                .collect();
            if !lost.is_empty() {
                self.push(
                    &RECEIVED_ALIAS_REMOVED,
                    &at,
                    format!("aliases {}", arrow(&a.aliases, &b.aliases)),
                );
            }
            let gained = b.aliases.iter().any(|y| !a.aliases.contains(y));
            if gained || a.sentinel != b.sentinel {
                self.push(
                    &RECEIVED_READING_CHANGED,
                    &at,
                    format!(
                        "aliases {}, sentinel {}",
                        arrow(&a.aliases, &b.aliases),
                        arrow(&a.sentinel, &b.sentinel)
                    ),
                );
            }
        }
        if a.location != b.location {
            self.push(&FIELD_LOCATION, &at, arrow(a.location, b.location));
        }
        if a.is_struct_field() && b.is_struct_field() {
            if !a.optional && b.optional {
                self.push(&FIELD_BECAME_OPTIONAL, &at, "required -> optional".into());
            }
            if a.optional && !b.optional {
                if bo.validated {
                    self.push(
                        &REQUEST_FIELD_BECAME_REQUIRED,
                        &at,
                        "optional -> required".into(),
                    );
                }
                if bo.received {
                    self.push(
                        &RESPONSE_FIELD_BECAME_REQUIRED,
                        &at,
                        "optional -> required".into(),
                    );
                }
            }
        }
        if ao.validated && bo.validated {
            let (tightened, loosened) = rule_changes(ao, bo, a, b);
            if !tightened.is_empty() {
                self.push(&REQUEST_RULE_TIGHTENED, &at, tightened.join("; "));
            }
            if !loosened.is_empty() {
                self.push(&REQUEST_RULE_LOOSENED, &at, loosened.join("; "));
            }
        }
        for (kind, x, y) in [
            ("computed", &a.computed, &b.computed),
            ("verify", &a.verify, &b.verify),
        ] {
            let (x, y) = (
                x.as_ref().map(|d| digest_text(self.old, ao, d)),
                y.as_ref().map(|d| digest_text(self.new, bo, d)),
            );
            if x.is_some() && y.is_some() && x != y {
                self.push(&DIGEST_CHANGED, &at, format!("{kind}: {}", arrow(x, y)));
            }
        }
        if a.personal != b.personal {
            self.push(
                &FIELD_MASKING,
                &at,
                format!("personal {}", arrow(a.personal, b.personal)),
            );
        }
        if format!("{:?}{:?}", a.docs, a.example) != format!("{:?}{:?}", b.docs, b.example) {
            self.push(
                &DOCS_CHANGED,
                &at,
                "description, citation, conflict or example".into(),
            );
        }
    }

    fn enumeration(&mut self, a: &Enum, b: &Enum) {
        let at = b.name.as_str();
        if a.repr != b.repr {
            self.push(&ENUM_REPR, at, arrow(a.repr, b.repr));
        }
        if a.open != b.open {
            self.push(
                &ENUM_OPENNESS,
                at,
                format!("received {}", arrow(a.open, b.open)),
            );
        }
        for (x, y) in pair(&a.variants, &b.variants, |v| v.value.to_string()) {
            match (x, y) {
                (None, Some(v)) => self.push(
                    &VARIANT_ADDED,
                    &format!("{at}::{}", v.rust),
                    format!("code `{}` added", v.value),
                ),
                (Some(v), None) => self.push(
                    &VARIANT_REMOVED,
                    &format!("{at}::{}", v.rust),
                    format!("code `{}` removed", v.value),
                ),
                (Some(x), Some(y)) if x.rust != y.rust => self.push(
                    &VARIANT_RENAMED,
                    &format!("{at}::{}", y.rust),
                    arrow(&x.rust, &y.rust),
                ),
                _ => {}
            }
        }
        if format!("{:?}", a.docs) != format!("{:?}", b.docs) {
            self.push(&DOCS_CHANGED, at, "description or citation".into());
        }
    }
}

fn object<'m>(model: &'m Model, name: &str) -> Option<&'m Object> {
    model.objects.iter().find(|o| o.name == name)
}

fn type_text(f: &ObjectField) -> String {
    match (&f.ty, &f.computed) {
        (_, Some(_)) => "computed".to_owned(),
        (_, None) if f.credential.is_some() => "credential".to_owned(),
        (_, None) if f.clock.is_some() => "clock".to_owned(),
        (RustType::Const(v), _) => format!("const `{v}`"),
        (ty, _) => format!("{ty:?}"),
    }
}

/// The rules a sent field got stricter and looser in, as `max_bytes 20 -> 10`.
fn rule_changes(
    ao: &Object,
    bo: &Object,
    a: &ObjectField,
    b: &ObjectField,
) -> (Vec<String>, Vec<String>) {
    let (mut tightened, mut loosened) = (Vec::new(), Vec::new());
    let (x, y) = (&a.rules, &b.rules);
    // An upper bound: added or lowered tightens. A lower bound: added or raised tightens.
    let mut bound = |name: &str, x: Option<i128>, y: Option<i128>, upper: bool| {
        let stricter = match (x, y) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(x), Some(y)) if x != y => (y < x) == upper,
            _ => return,
        };
        let text = format!("{name} {}", arrow_opt(x, y));
        if stricter {
            tightened.push(text);
        } else {
            loosened.push(text);
        }
    };
    let wide = |v: Option<usize>| v.map(|v| v as i128);
    bound("max_bytes", wide(x.max_bytes), wide(y.max_bytes), true);
    bound("min_bytes", wide(x.min_bytes), wide(y.min_bytes), false);
    bound("max_chars", wide(x.max_chars), wide(y.max_chars), true);
    bound("min_chars", wide(x.min_chars), wide(y.min_chars), false);
    bound("max_digits", wide(x.max_digits), wide(y.max_digits), true);
    bound(
        "max_scale",
        x.max_scale.map(i128::from),
        y.max_scale.map(i128::from),
        true,
    );

    bound(
        "maximum",
        x.maximum.map(i128::from),
        y.maximum.map(i128::from),
        true,
    );
    bound(
        "minimum",
        x.minimum.map(i128::from),
        y.minimum.map(i128::from),
        false,
    );
    // Characters: a newly forbidden one, or one no longer allowed beside the class, refuses
    // requests that passed.
    let set = |v: &Option<String>| v.clone().unwrap_or_default();
    let (fx, fy) = (set(&x.forbidden_chars), set(&y.forbidden_chars));
    if fy.chars().any(|c| !fx.contains(c)) {
        tightened.push(format!("forbidden_chars {fx:?} -> {fy:?}"));
    } else if fx != fy {
        loosened.push(format!("forbidden_chars {fx:?} -> {fy:?}"));
    }
    let (ex, ey) = (set(&x.extra_chars), set(&y.extra_chars));
    if ex.chars().any(|c| !ey.contains(c)) && y.chars.is_some() {
        tightened.push(format!("extra_chars {ex:?} -> {ey:?}"));
    } else if ex != ey {
        loosened.push(format!("extra_chars {ex:?} -> {ey:?}"));
    }
    for (name, x, y) in [
        (
            "chars",
            x.chars.map(|c| c.name()),
            y.chars.map(|c| c.name()),
        ),
        (
            "format",
            x.format.map(|f| f.name()),
            y.format.map(|f| f.name()),
        ),
    ] {
        match (x, y) {
            (x, Some(y)) if x != Some(y) => tightened.push(format!("{name} {}", arrow(x, y))),
            (Some(x), None) => loosened.push(format!("{name} {x:?} removed")),
            _ => {}
        }
    }
    let conditions = |o: &Object, f: &ObjectField| -> Vec<String> {
        let mut all: Vec<String> = (f.minimum_if.iter())
            .map(|m| {
                format!(
                    "minimum {} when `{}` in {:?}",
                    m.minimum, o.fields[m.when.field].wire, m.when.values
                )
            })
            .collect();
        if let Requirement::When { check: Some(c), .. } = &f.requirement {
            all.push(format!(
                "required when `{}` in {:?}",
                o.fields[c.field].wire, c.values
            ));
        }
        for group in &o.groups {
            if group.fields.iter().any(|&i| o.fields[i].wire == f.wire) {
                let wires: Vec<&str> = group
                    .fields
                    .iter()
                    .map(|&i| o.fields[i].wire.as_str())
                    .collect();
                all.push(format!("{:?} of {wires:?}", group.kind));
            }
        }
        all
    };
    let (cx, cy) = (conditions(ao, a), conditions(bo, b));
    tightened.extend(
        cy.iter()
            .filter(|c| !cx.contains(c))
            .map(|c| format!("new: {c}")),
    );
    loosened.extend(
        cx.iter()
            .filter(|c| !cy.contains(c))
            .map(|c| format!("gone: {c}")),
    );
    (tightened, loosened)
}

fn arrow_opt(x: Option<i128>, y: Option<i128>) -> String {
    let show = |v: Option<i128>| v.map_or("none".to_owned(), |v| v.to_string());
    format!("{} -> {}", show(x), show(y))
}

/// A digest as comparable text: algorithm, output, inputs by wire or credential name.
fn digest_text(model: &Model, object: &Object, digest: &Digest) -> String {
    let inputs: Vec<String> = (digest.inputs.iter())
        .map(|input| match *input {
            DigestInput::Field(i) => object.fields[i].wire.clone(),
            DigestInput::Credential(i) => format!("{{{}}}", model.credentials[i].name),
        })
        .collect();
    let key = digest
        .key
        .map(|k| format!(" keyed by {{{}}}", model.credentials[k].name))
        .unwrap_or_default();
    format!(
        "{}({}){key} as {}",
        digest.algorithm.name(),
        inputs.join(" + "),
        digest.output.name()
    )
}

/// An auth scheme as comparable text, credentials by name.
fn auth_text(model: &Model, auth: &Auth) -> String {
    let credential = |i: usize| format!("{{{}}}", model.credentials[i].name);
    let text = |pieces: &[HeaderPiece]| -> String {
        (pieces.iter())
            .map(|p| match p {
                HeaderPiece::Literal(t) => t.clone(),
                HeaderPiece::Timestamp => "{timestamp_ms}".into(),
                HeaderPiece::Signature => "{signature}".into(),
                HeaderPiece::Basic => "{basic}".into(),
                HeaderPiece::Token => "{token}".into(),
                HeaderPiece::Credential(i) => credential(*i),
            })
            .collect()
    };
    let mut out = String::new();
    for (name, pieces) in &auth.headers {
        let _ = write!(out, "{name}: {}; ", text(pieces));
    }
    if let Some((user, password)) = &auth.basic {
        let _ = write!(out, "basic {}:{}; ", text(user), text(password));
    }
    if let Some(token) = &auth.token {
        let op = &model.operations[token.operation];
        let field = &model.response(op).fields[token.field].wire;
        let _ = write!(
            out,
            "token {}.{field}, refused by {:?}; ",
            op.name, token.refresh_on_status
        );
    }
    if let Some(s) = &auth.signature {
        let message: String = (s.message.iter())
            .map(|p| match p {
                MessagePiece::Literal(t) => t.clone(),
                MessagePiece::Method => "{method}".into(),
                MessagePiece::Uri => "{uri}".into(),
                MessagePiece::Body => "{body}".into(),
                MessagePiece::Timestamp => "{timestamp_ms}".into(),
                MessagePiece::Credential(i) => credential(*i),
            })
            .collect();
        let _ = write!(
            out,
            "signed {} with {} over {message:?} as {}",
            s.algorithm.name(),
            credential(s.key),
            s.output.name()
        );
    }
    out
}

fn success_text(model: &Model, op: &Operation) -> String {
    let fields = &model.response(op).fields;
    match &op.success {
        Success::Http2xx => "http_2xx".to_owned(),
        Success::Code {
            field,
            equals,
            message,
            detail,
        } => format!(
            "{} == {equals:?}, message {}, detail {:?}",
            fields[*field].wire,
            fields[*message].wire,
            detail.map(|d| &fields[d].wire)
        ),
    }
}

fn reports_text(model: &Model, op: &Operation) -> Option<String> {
    let r = op.reports.as_ref()?;
    let resolves: Vec<String> = (r.resolves.iter())
        .map(|x| {
            format!(
                "{} {:?}",
                model.operations[x.write].name,
                x.inputs.keys().collect::<Vec<_>>()
            )
        })
        .collect();
    Some(format!(
        "state {} approved {:?} not approved {:?} resolves {resolves:?}",
        model.response(op).fields[r.state].wire,
        r.approved,
        r.not_approved
    ))
}

fn net_cancel_text(model: &Model, op: &Operation) -> Option<String> {
    let plan = op.net_cancel.as_ref()?;
    Some(fills_text(model, plan.approving, &plan.fills))
}

fn cancels_text(model: &Model, op: &Operation) -> Option<String> {
    let effect = op.cancels.as_ref()?;
    Some(format!(
        "{} leaves {} partial {:?}",
        fills_text(model, effect.approving, &effect.matches),
        effect.leaves,
        effect.partial
    ))
}

/// `of <operation> fill [...]`: the approving operation and each field's source.
fn fills_text(
    model: &Model,
    approving: usize,
    fills: &std::collections::BTreeMap<String, crate::model::Fill>,
) -> String {
    let approving = &model.operations[approving];
    let fills: Vec<String> = (fills.iter())
        .map(|(target, fill)| match *fill {
            crate::model::Fill::Request(i) => format!(
                "{target} = request.{}",
                model.request(approving).fields[i].wire
            ),
            crate::model::Fill::Response(i) => format!(
                "{target} = response.{}",
                model.response(approving).fields[i].wire
            ),
        })
        .collect();
    format!("of {} fill {fills:?}", approving.name)
}
