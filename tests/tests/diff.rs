//! `paygen_codegen::diff`: one test per rule of `diff::RULES`, each making the smallest spec
//! edit that rule is for and checking the rule reports it with its bump and wire effect, plus the
//! rules table in specs/README.md, the summaries, and the `diff` command's `--fail-on`.

use paygen_codegen::diff::{Bump, Diff, Wire, RULES};
use paygen_codegen::{Documents, SpecSource};
use std::collections::BTreeSet;

/// A gateway that gives every rule something to change: two credentials, a signed scheme, two
/// environments, limits, a keyless write, a cancel with a net cancel, a status read that reports,
/// a callback, request and response types with every kind of field, and spare types.
const BASE: &str = r#"paygen: 1
vendor:
  module: rules_pay
  name: Rules Pay
  sources: {doc: doc.txt}
  environments:
    - {name: sandbox, base_url: "https://sandbox.rules.example", source: "doc:1"}
  credentials:
    - {name: api_key, secret: true, description: {en: Key.}, source: "doc:1"}
    - {name: merchant_id, secret: false, description: {en: Merchant.}, source: "doc:1"}
  auth:
    - name: signed
      headers: {X-Timestamp: "{timestamp_ms}", Authorization: "SIG {signature}"}
      signature: {algorithm: hmac-sha256, key: api_key, message: "{method}{uri}{timestamp_ms}{body}", output: hex}
      source: "doc:1"
  limits: {connect_timeout_ms: 5000, timeout_ms: 10000, max_response_bytes: 65536, why: "doc:1 states none."}
operations:
  - name: pay
    summary: {en: Pays.}
    method: POST
    path: /pay
    request: PayRequest
    response: PayResponse
    auth: signed
    success: {field: code, equals: "00", message: message}
    source: "doc:2"
  - name: cancel
    summary: {en: Cancels.}
    method: POST
    path: /cancel
    request: CancelRequest
    response: PayResponse
    auth: signed
    success: {field: code, equals: "00", message: message}
    net_cancel: {of: pay, fill: {tid: response.tid}, source: "doc:3"}
    source: "doc:3"
  - name: status
    summary: {en: Reads a payment.}
    method: GET
    path: /pay/{tid}
    request: StatusRequest
    response: StatusResponse
    auth: signed
    success: {field: code, equals: "00", message: message}
    reports: {state: state, approved: [paid], not_approved: [void], source: "doc:4", why: "doc:4 says so."}
    source: "doc:4"
callbacks:
  - {name: notify, type: Notice, summary: {en: A result.}, source: "doc:5"}
types:
  - name: PayRequest
    kind: object
    description: {en: A payment.}
    source: "doc:2"
    fields:
      - {wire: orderId, type: string, max_bytes: 20, chars: ascii, required: true, description: {en: Order.}, source: "doc:2"}
      - {wire: amount, type: integer, minimum: 1, required: true, description: {en: Amount.}, source: "doc:2"}
      - {wire: currency, type: const, value: KRW, required: true, description: {en: Currency.}, source: "doc:2"}
      - {wire: method, type: enum, ref: Method, required: true, description: {en: Method.}, source: "doc:2"}
      - {wire: buyer, type: string, max_bytes: 20, personal: true, required: false, description: {en: Buyer.}, source: "doc:2"}
      - {wire: channel, type: string, max_bytes: 10, required: false, description: {en: Channel.}, source: "doc:2"}
      - {wire: hash, type: string, required: true, computed: {algorithm: sha256, output: hex, inputs: [orderId, amount, "{api_key}"]}, description: {en: Hash.}, source: "doc:2"}
  - name: PayResponse
    kind: object
    description: {en: An answer.}
    source: "doc:2"
    fields:
      - {wire: code, type: string, required: true, description: {en: Code.}, source: "doc:2"}
      - {wire: message, type: string, required: false, description: {en: Message.}, source: "doc:2"}
      - {wire: tid, type: string, required: false, description: {en: Transaction.}, source: "doc:2"}
      - {wire: note, type: string, required: false, description: {en: Note.}, source: "doc:2"}
      - {wire: check, type: string, required: false, verify: {algorithm: sha256, output: hex, inputs: [code, tid, "{api_key}"]}, description: {en: Check.}, source: "doc:2"}
  - name: CancelRequest
    kind: object
    description: {en: A cancel.}
    source: "doc:3"
    fields:
      - {wire: tid, type: string, max_bytes: 20, required: true, description: {en: Transaction.}, source: "doc:3"}
  - name: StatusRequest
    kind: object
    description: {en: A read.}
    source: "doc:4"
    fields:
      - {wire: tid, in: path, type: string, max_bytes: 20, required: true, description: {en: Transaction.}, source: "doc:4"}
      - {wire: page, in: query, type: integer, required: false, description: {en: Page.}, source: "doc:4"}
  - name: StatusResponse
    kind: object
    description: {en: A state.}
    source: "doc:4"
    fields:
      - {wire: code, type: string, required: true, description: {en: Code.}, source: "doc:4"}
      - {wire: message, type: string, required: false, description: {en: Message.}, source: "doc:4"}
      - {wire: state, type: enum, ref: State, required: false, description: {en: State.}, source: "doc:4"}
  - name: Notice
    kind: object
    description: {en: A notice.}
    source: "doc:5"
    fields:
      - {wire: tid, type: string, required: true, description: {en: Transaction.}, source: "doc:5"}
  - name: Spare
    kind: object
    description: {en: A spare object.}
    source: "doc:5"
    fields:
      - {wire: x, type: string, required: false, description: {en: X.}, source: "doc:5"}
  - name: Method
    kind: enum
    repr: string
    description: {en: Methods.}
    source: "doc:5"
    variants:
      - {value: card, description: {en: Card.}}
      - {value: bank, rust: BankTransfer, description: {en: Bank.}}
  - name: State
    kind: enum
    repr: string
    description: {en: States.}
    source: "doc:5"
    variants:
      - {value: paid, description: {en: Paid.}}
      - {value: void, description: {en: Voided.}}
  - name: Tier
    kind: enum
    repr: integer
    description: {en: Tiers.}
    source: "doc:5"
    variants:
      - {value: 1, rust: One, description: {en: One.}}
      - {value: 2, rust: Two, description: {en: Two.}}
"#;

fn documents() -> Documents {
    let mut documents = Documents::new();
    documents.insert("doc.txt", "a line of the Rules Pay document\n".repeat(5));
    documents
}

fn run(old: Option<&str>, new: Option<&str>) -> Diff {
    let documents = documents();
    let source = |text| SpecSource {
        path: "specs/rules_pay.yaml",
        text,
        documents: &documents,
    };
    let old: Vec<SpecSource<'_>> = old.into_iter().map(source).collect();
    let new: Vec<SpecSource<'_>> = new.into_iter().map(source).collect();
    paygen_codegen::diff(&old, &new).unwrap_or_else(|err| panic!("{err}"))
}

/// BASE with each `(from, to)` replaced once, in order; each `from` must occur.
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "the base spec has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// Checks that going from `old` to `new` reports `id`, and that the report's line for it shows
/// the rule's bump and, for a rule that touches the wire, its wire effect.
fn assert_reports(id: &str, old: &str, new: &str) {
    let diff = run(Some(old), Some(new));
    let rule = RULES
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no rule {id}"));
    let change = diff
        .changes
        .iter()
        .find(|c| c.rule.id == id)
        .unwrap_or_else(|| panic!("{id} not reported; got:\n{}", diff.text()));
    assert_eq!(change.module, "rules_pay");
    let text = diff.text();
    let line = (text.lines())
        .find(|l| l.contains(&format!("[{id}]")))
        .unwrap_or_else(|| panic!("no line for {id}:\n{text}"));
    let bump = match rule.bump {
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    };
    assert!(line.starts_with(bump), "{line}");
    assert_eq!(line.contains("(wire: "), rule.wire != Wire::None, "{line}");
    if rule.wire != Wire::None {
        assert!(diff.changes_wire(), "{text}");
    }
}

const ADDED_OPERATION: &str = r#"  - name: pay_again
    summary: {en: Pays again.}
    method: POST
    path: /pay/again
    request: PayRequest
    response: PayResponse
    success: {field: code, equals: "00", message: message}
    source: "doc:2"
callbacks:"#;

const ADDED_ENUM: &str = r#"  - name: Extra
    kind: enum
    repr: string
    description: {en: Extras.}
    source: "doc:5"
    variants:
      - {value: x, description: {en: X.}}
  - name: Tier"#;

/// `rule!(test_name, "rule-id", [(from, to), ...])`: the edit goes from BASE to the edited
/// spec; `rule!(test_name, "rule-id", reversed [...])` goes from the edited spec back to BASE.
macro_rules! rules {
    ($( $test:ident: $id:literal => $($reversed:ident)? [$(($from:expr, $to:expr)),* $(,)?]; )+) => {
        $(
            #[test]
            fn $test() {
                let changed = edited(&[$(($from, $to)),*]);
                let reversed = false $(|| stringify!($reversed) == "reversed")?;
                if reversed {
                    assert_reports($id, &changed, BASE);
                } else {
                    assert_reports($id, BASE, &changed);
                }
            }
        )+

        /// The rules the tests above cover, to check that every rule has its test.
        const TESTED: &[&str] = &[$($id),+];
    };
}

rules! {
    operation_added: "operation-added" => [("callbacks:", ADDED_OPERATION)];
    operation_removed: "operation-removed" => reversed [("callbacks:", ADDED_OPERATION)];
    operation_request_line_changed: "operation-request-line-changed" => [("path: /cancel", "path: /cancels")];
    operation_types_changed: "operation-types-changed" => [("request: CancelRequest\n    response: PayResponse", "request: CancelRequest\n    response: StatusResponse")];
    operation_auth_changed: "operation-auth-changed" => [("response: PayResponse\n    auth: signed\n    success: {field: code, equals: \"00\", message: message}\n    net_cancel", "response: PayResponse\n    success: {field: code, equals: \"00\", message: message}\n    net_cancel")];
    operation_retry_changed: "operation-retry-changed" => [("path: /pay\n", "path: /pay\n    idempotency_key: orderId\n")];
    operation_idempotency_header_changed: "operation-idempotency-header-changed" => [("path: /pay\n", "path: /pay\n    idempotency_header: {name: Idempotency-Key, source: \"doc:2\"}\n")];
    operation_success_changed: "operation-success-changed" => [("response: StatusResponse\n    auth: signed\n    success: {field: code, equals: \"00\"", "response: StatusResponse\n    auth: signed\n    success: {field: code, equals: \"0000\"")];
    recovery_added: "recovery-added" => reversed [("    net_cancel: {of: pay, fill: {tid: response.tid}, source: \"doc:3\"}\n", "")];
    recovery_removed: "recovery-removed" => [("    net_cancel: {of: pay, fill: {tid: response.tid}, source: \"doc:3\"}\n", "")];
    recovery_changed: "recovery-changed" => [("approved: [paid], not_approved: [void]", "approved: [paid, void], not_approved: []")];
    callback_added: "callback-added" => reversed [("callbacks:\n  - {name: notify, type: Notice, summary: {en: A result.}, source: \"doc:5\"}\n", "callbacks: []\n")];
    callback_sent_as_added: "callback-sent-as-added" => [("summary: {en: A result.}, source", "summary: {en: A result.}, sent_as: {format: json, source: \"doc:5\"}, source")];
    callback_sent_as_removed: "callback-sent-as-removed" => reversed [("summary: {en: A result.}, source", "summary: {en: A result.}, sent_as: {format: json, source: \"doc:5\"}, source")];
    timestamp_window_changed: "timestamp-window-changed" => [("      source: \"doc:1\"\n  limits:", "      timestamp_window: {ms: 300000, source: \"doc:1\"}\n      source: \"doc:1\"\n  limits:")];
    cancels_changed: "cancels-changed" => [
        ("not_approved: [void], source: \"doc:4\"", "not_approved: [void], resolves: [{operation: pay, inputs: {tid: orderId}}], source: \"doc:4\""),
        ("    net_cancel: {of: pay, fill: {tid: response.tid}, source: \"doc:3\"}\n", "    net_cancel: {of: pay, fill: {tid: response.tid}, source: \"doc:3\"}\n    cancels: {of: pay, match: {tid: response.tid}, leaves: void, source: \"doc:3\"}\n"),
    ];
    refusals_changed: "refusals-changed" => [("callbacks:\n", "refusals:\n  - {kind: auth, status: 401, source: \"doc:5\"}\ncallbacks:\n")];
    callback_removed: "callback-removed" => [("callbacks:\n  - {name: notify, type: Notice, summary: {en: A result.}, source: \"doc:5\"}\n", "callbacks: []\n")];
    credential_added: "credential-added" => [("  auth:\n", "    - {name: shop_key, secret: true, description: {en: Shop.}, source: \"doc:1\"}\n  auth:\n")];
    credential_removed: "credential-removed" => [("{name: merchant_id, secret: false", "{name: merchant_id, secret: true")];
    auth_scheme_changed: "auth-scheme-changed" => [("SIG {signature}", "HMAC {signature}")];
    environment_added: "environment-added" => [("  credentials:\n", "    - {name: production, base_url: \"https://rules.example\", source: \"doc:1\"}\n  credentials:\n")];
    environment_removed: "environment-removed" => reversed [("  credentials:\n", "    - {name: production, base_url: \"https://rules.example\", source: \"doc:1\"}\n  credentials:\n")];
    environment_url_changed: "environment-url-changed" => [("https://sandbox.rules.example", "https://test.rules.example")];
    limits_changed: "limits-changed" => [("timeout_ms: 10000", "timeout_ms: 20000")];
    encoding_changed: "encoding-changed" => [("  sources: {doc: doc.txt}\n", "  sources: {doc: doc.txt}\n  encoding: euc-kr\n")];
    charset_changed: "charset-changed" => [("  sources: {doc: doc.txt}\n", "  sources: {doc: doc.txt}\n  charset: euc-kr\n")];
    type_added: "type-added" => [("  - name: Tier", ADDED_ENUM)];
    type_removed: "type-removed" => reversed [("  - name: Tier", ADDED_ENUM)];
    type_kind_changed: "type-kind-changed" => [("  - name: Spare\n    kind: object\n    description: {en: A spare object.}\n    source: \"doc:5\"\n    fields:\n      - {wire: x, type: string, required: false, description: {en: X.}, source: \"doc:5\"}\n", "  - name: Spare\n    kind: enum\n    repr: string\n    description: {en: A spare object.}\n    source: \"doc:5\"\n    variants:\n      - {value: x, description: {en: X.}}\n")];
    field_added_optional: "field-added-optional" => [("      - {wire: note,", "      - {wire: extra, type: string, required: false, description: {en: Extra.}, source: \"doc:2\"}\n      - {wire: note,")];
    request_field_added_required: "request-field-added-required" => [("      - {wire: channel,", "      - {wire: shop, type: string, required: true, description: {en: Shop.}, source: \"doc:2\"}\n      - {wire: channel,")];
    response_field_added_required: "response-field-added-required" => [("      - {wire: note,", "      - {wire: extra, type: string, required: true, description: {en: Extra.}, source: \"doc:2\"}\n      - {wire: note,")];
    field_added_filled: "field-added-filled" => [("      - {wire: channel,", "      - {wire: version, type: const, value: \"2\", required: true, description: {en: Version.}, source: \"doc:2\"}\n      - {wire: channel,")];
    field_removed: "field-removed" => [("      - {wire: channel, type: string, max_bytes: 10, required: false, description: {en: Channel.}, source: \"doc:2\"}\n", "")];
    field_rust_renamed: "field-rust-renamed" => [("{wire: channel,", "{wire: channel, rust: sales_channel,")];
    field_wire_renamed: "field-wire-renamed" => [("{wire: channel,", "{wire: salesChannel, rust: channel,")];
    field_type_changed: "field-type-changed" => [("{wire: note, type: string", "{wire: note, type: integer")];
    field_const_value_changed: "field-const-value-changed" => [("value: KRW", "value: USD")];
    received_alias_removed: "received-alias-removed" => reversed [("{wire: note, type: string, required: false", "{wire: note, type: string, aliases: [notes], required: false")];
    received_reading_changed: "received-reading-changed" => [("{wire: note, type: string, required: false", "{wire: note, type: string, sentinel: {value: \"-\", means: none}, required: false")];
    field_location_changed: "field-location-changed" => [("{wire: channel,", "{wire: channel, in: query,")];
    field_became_optional: "field-became-optional" => [("{wire: method, type: enum, ref: Method, required: true", "{wire: method, type: enum, ref: Method, required: false")];
    request_field_became_required: "request-field-became-required" => [("max_bytes: 10, required: false", "max_bytes: 10, required: true")];
    response_field_became_required: "response-field-became-required" => [("{wire: note, type: string, required: false", "{wire: note, type: string, required: true")];
    request_rule_tightened: "request-rule-tightened" => [("max_bytes: 10, required: false", "max_bytes: 5, required: false")];
    request_rule_loosened: "request-rule-loosened" => [("chars: ascii, ", "")];
    digest_changed: "digest-changed" => [("inputs: [orderId, amount, \"{api_key}\"]", "inputs: [orderId, \"{api_key}\"]")];
    field_masking_changed: "field-masking-changed" => [("personal: true, ", "")];
    variant_added: "variant-added" => [("      - {value: bank,", "      - {value: cash, description: {en: Cash.}}\n      - {value: bank,")];
    variant_removed: "variant-removed" => reversed [("      - {value: bank,", "      - {value: cash, description: {en: Cash.}}\n      - {value: bank,")];
    variant_renamed: "variant-renamed" => [("rust: BankTransfer", "rust: Transfer")];
    enum_repr_changed: "enum-repr-changed" => [("repr: integer", "repr: string"), ("{value: 1,", "{value: \"1\","), ("{value: 2,", "{value: \"2\",")];
    enum_openness_changed: "enum-openness-changed" => [("      - {wire: note,", "      - {wire: method, type: enum, ref: Method, required: false, description: {en: Method.}, source: \"doc:2\"}\n      - {wire: note,")];
    docs_changed: "docs-changed" => [("description: {en: Channel.}", "description: {en: Sales channel.}")];
}

#[test]
fn field_wire_form_changed() {
    // Two specs with a decimal field, written as a number in one and a string in the other.
    let with = |form: &str| {
        let field = format!(
            "      - {{wire: total, type: decimal, sent_as: {form}, required: false, description: {{en: Total.}}, source: \"doc:2\"}}\n      - {{wire: note,"
        );
        edited(&[("      - {wire: note,", &field)])
    };
    assert_reports("field-wire-form-changed", &with("number"), &with("string"));
}

#[test]
fn a_callback_posted_in_another_format_is_a_mock_change() {
    let with = |format: &str| {
        let sent_as = format!(
            "summary: {{en: A result.}}, sent_as: {{format: {format}, source: \"doc:5\"}}, source"
        );
        edited(&[("summary: {en: A result.}, source", &sent_as)])
    };
    assert_reports("callback-sent-as-changed", &with("json"), &with("form"));
}

#[test]
fn a_module_added_or_removed_is_reported() {
    let added = run(None, Some(BASE));
    assert_eq!(added.changes.len(), 1);
    assert_eq!(added.changes[0].rule.id, "module-added");
    assert_eq!(added.bump(), Some(Bump::Minor));
    let removed = run(Some(BASE), None);
    assert_eq!(removed.changes[0].rule.id, "module-removed");
    assert_eq!(removed.bump(), Some(Bump::Major));
}

#[test]
fn every_rule_has_its_test() {
    let tested: BTreeSet<&str> = TESTED
        .iter()
        .copied()
        .chain([
            "module-added",
            "module-removed",
            "field-wire-form-changed",
            "callback-sent-as-changed",
        ])
        .collect();
    let rules: BTreeSet<&str> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(tested, rules);
}

#[test]
fn an_unchanged_spec_has_no_changes() {
    let diff = run(Some(BASE), Some(BASE));
    assert!(diff.changes.is_empty(), "{}", diff.text());
    assert_eq!(diff.bump(), None);
    assert_eq!(diff.text(), "No changes.\n");
}

#[test]
fn one_change_is_classified_once_with_both_effects() {
    // A tightened length on a sent field: a patch release, but requests sent before are refused.
    let diff = run(
        Some(BASE),
        Some(&edited(&[(
            "max_bytes: 10, required: false",
            "max_bytes: 5, required: false",
        )])),
    );
    assert_eq!(diff.changes.len(), 1, "{}", diff.text());
    let change = &diff.changes[0];
    assert_eq!(
        (change.rule.bump, change.rule.wire),
        (Bump::Patch, Wire::RequestsRefused)
    );
    assert_eq!(change.at, "PayRequest.channel");
    assert_eq!(change.detail, "max_bytes 10 -> 5");
    let markdown = diff.markdown();
    assert!(markdown.contains("| patch | `rules_pay::PayRequest.channel` | max_bytes 10 -> 5 | `request-rule-tightened` | requests sent before are refused now |"), "{markdown}");
    let json: serde_json::Value = serde_json::from_str(&diff.json()).unwrap();
    assert_eq!(json["bump"], "patch");
    assert_eq!(json["changes_wire"], true);
    assert_eq!(json["changes"][0]["rule"]["id"], "request-rule-tightened");
}

#[test]
fn the_rules_table_in_the_spec_readme_is_the_codes() {
    let readme =
        std::fs::read_to_string(paygen_tests::repo_root().join("specs/README.md")).unwrap();
    assert!(
        readme.contains(&paygen_codegen::diff::rules_table()),
        "specs/README.md's rules table differs from diff::RULES; paste diff::rules_table() into it"
    );
}
