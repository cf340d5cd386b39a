//! A bad spec fails with the file, line and column of the problem and a message a maintainer can
//! act on; it never panics and never generates anything.

use paygen_codegen::{Diagnostic, Documents, Error, Settings, SpecSource};

/// A minimal valid spec; each test breaks one thing in it with `replace`.
const GOOD: &str = r#"paygen: 1
vendor:
  module: demo
  name: Demo Pay
  sources: {demo: demo.txt}
  environments:
    - {name: sandbox, base_url: "https://sandbox.demo.example", source: "demo:1"}
operations:
  - name: pay
    summary: {en: Pay.}
    method: POST
    path: /pay
    request: PayRequest
    response: PayResponse
    idempotency_key: orderId
    success: {field: code, equals: "00", message: message}
    source: demo:2
types:
  - name: PayRequest
    kind: object
    description: {en: A payment.}
    source: demo:3
    fields:
      - wire: orderId
        type: string
        max_bytes: 20
        required: true
        description: {en: Order id.}
        source: demo:4
      - wire: kind
        type: enum
        ref: Kind
        max_bytes: 6
        required: true
        description: {en: Kind.}
        source: demo:5
  - name: PayResponse
    kind: object
    description: {en: The answer.}
    source: demo:6
    fields:
      - {wire: code, type: string, required: true, description: {en: Code.}, source: demo:7}
      - {wire: message, type: string, required: false, description: {en: Message.}, source: demo:8}
  - name: Kind
    kind: enum
    repr: string
    description: {en: Kinds.}
    source: demo:9
    variants:
      - {value: native, description: {en: QR.}}
      - {value: mweb, description: {en: Web.}}
"#;

/// The document GOOD cites (twelve lines), and the repository's documents.
fn demo_documents() -> &'static Documents {
    static DOCUMENTS: std::sync::OnceLock<Documents> = std::sync::OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        // Some tests break the real specs, which cite the repository's documents.
        let mut documents =
            paygen_tests::documents_in(&paygen_tests::repo_root().join("specs/sources"));
        documents.insert("demo.txt", "a line of the Demo Pay document\n".repeat(12));
        documents
    })
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    let source = SpecSource {
        path: "specs/demo.yaml",
        text,
        documents: demo_documents(),
    };
    match Settings::new().generate(&source) {
        Err(Error::Spec(diagnostics)) => diagnostics,
        Err(other) => panic!("expected a spec error, got {other}"),
        Ok(_) => panic!("expected a spec error, the spec was accepted"),
    }
}

/// Panics unless `text` generates.
fn accepted(text: &str) {
    let source = SpecSource {
        path: "specs/demo.yaml",
        text,
        documents: demo_documents(),
    };
    if let Err(err) = Settings::new().generate(&source) {
        panic!("expected the spec to be accepted:\n{err}");
    }
}

/// The one diagnostic of a spec that has exactly one problem.
fn only(text: &str) -> Diagnostic {
    let mut all = diagnostics(text);
    assert_eq!(all.len(), 1, "expected one problem, got {all:#?}");
    all.remove(0)
}

/// The 1-based line and column of the `nth` (0-based) occurrence of `needle` in `text`.
fn position_of(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` occurs fewer than {} times", nth + 1))
        .0;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

fn assert_at(d: &Diagnostic, (line, column): (usize, usize), message: &str) {
    assert_eq!(d.file, "specs/demo.yaml");
    assert_eq!((d.line, d.column), (line, column), "position of {d}");
    assert!(
        d.message.contains(message),
        "message of {d} lacks {message:?}"
    );
}

#[test]
fn the_base_spec_is_valid() {
    Settings::new()
        .generate(&SpecSource {
            path: "specs/demo.yaml",
            text: GOOD,
            documents: demo_documents(),
        })
        .expect("GOOD is a valid spec");
}

#[test]
fn unknown_key_names_the_key_and_its_line() {
    let text = GOOD.replace("        max_bytes: 20\n", "        max_byte: 20\n");
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "max_byte:", 0),
        "unknown field `max_byte`",
    );
    assert!(d.message.contains("expected one of"), "{d}");
    assert!(d
        .to_string()
        .starts_with(&format!("specs/demo.yaml:{}:", d.line)));
}

#[test]
fn wrong_value_type_names_the_expected_type() {
    let text = GOOD.replace("max_bytes: 20", "max_bytes: twenty");
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "twenty", 0),
        "invalid type: string \"twenty\"",
    );
}

#[test]
fn unknown_enum_keyword_lists_the_choices() {
    let text = GOOD.replace(
        "type: string\n        max_bytes: 20",
        "type: text\n        max_bytes: 20",
    );
    let d = only(&text);
    assert_at(&d, position_of(&text, "text", 0), "unknown variant `text`");
}

#[test]
fn reference_to_an_unknown_type_points_at_the_ref() {
    let text = GOOD.replace("ref: Kind", "ref: Knd");
    let d = only(&text);
    assert_at(&d, position_of(&text, "Knd", 0), "unknown type `Knd`");
    assert_eq!(d.help.as_deref(), Some("enum types in this spec: `Kind`"));
}

#[test]
fn reference_to_a_type_of_the_wrong_kind_is_rejected() {
    let text = GOOD.replace("ref: Kind", "ref: PayResponse");
    let d = only(&text);
    let (line, column) = position_of(&text, "ref: PayResponse", 0);
    assert_at(
        &d,
        (line, column + "ref: ".len()),
        "`PayResponse` is not an enum type",
    );
}

#[test]
fn duplicate_wire_name_points_at_the_second_one() {
    let text = GOOD.replace("      - wire: kind\n", "      - wire: orderId\n");
    let all = diagnostics(&text);
    let d = all
        .iter()
        .find(|d| d.message.contains("duplicate wire name"))
        .expect("a duplicate wire name diagnostic");
    assert_at(
        d,
        position_of(&text, "orderId", 2),
        "duplicate wire name `orderId` in `PayRequest`",
    );
}

#[test]
fn a_length_that_cannot_hold_an_allowed_value_says_what_to_do() {
    let text = GOOD.replace("max_bytes: 6", "max_bytes: 3");
    let all = diagnostics(&text);
    assert_eq!(all.len(), 2, "both codes are too long: {all:#?}");
    let (line, column) = position_of(&text, "max_bytes: 3", 0);
    assert_at(
        &all[0],
        (line, column + "max_bytes: ".len()),
        "max_bytes 3 cannot hold the allowed value `native` (6 bytes in utf-8)",
    );
    assert!(all[1].message.contains("`mweb` (4 bytes"), "{}", all[1]);
    let help = all[0].help.as_deref().unwrap();
    assert!(
        help.contains("max_bytes: 6") && help.contains("conflict"),
        "{help}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = GOOD
        .replace("ref: Kind", "ref: Knd")
        .replace("idempotency_key: orderId", "idempotency_key: orderNo")
        .replace("paygen: 1", "paygen: 2");
    let all = diagnostics(&text);
    let messages: Vec<_> = all.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(all.len(), 3, "{messages:#?}");
    assert!(messages[0].contains("unsupported spec format version 2"));
    assert!(messages[1].contains("unknown type `Knd`"));
    assert!(messages[2].contains("idempotency key `orderNo` is not a field of `PayRequest`"));
    let shown = Error::Spec(all).to_string();
    assert_eq!(
        shown
            .lines()
            .filter(|l| l.starts_with("specs/demo.yaml:"))
            .count(),
        3
    );
}

#[test]
fn success_fields_must_exist_in_the_response() {
    let text = GOOD.replace("message: message}", "message: msg}");
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "msg}", 0),
        "`msg` is not a field of `PayResponse`",
    );
}

#[test]
fn examples_are_checked_against_their_own_rules() {
    let text = GOOD.replace(
        "        max_bytes: 20\n        required: true\n",
        "        max_bytes: 20\n        required: true\n        example: \"가나다라마바사\"\n",
    );
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "\"가나다라마바사\"", 0),
        "example is 21 bytes, more than max_bytes 20",
    );
}

#[test]
fn plain_http_base_urls_are_rejected() {
    let text = GOOD.replace(
        "https://sandbox.demo.example",
        "http://sandbox.demo.example",
    );
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "\"http://", 0),
        "must be `https://host`",
    );
}

#[test]
fn yaml_syntax_errors_are_located() {
    let text = GOOD.replace("    summary: {en: Pay.}", "    summary: {en: Pay.");
    let d = only(&text);
    // The unclosed `{en: Pay.` swallows the next line's `method` into its plain scalar, so
    // libyaml stops at the `:` after it.
    assert_at(
        &d,
        position_of(&text, ": POST", 0),
        "did not find expected ',' or '}'",
    );
}

#[test]
fn rules_that_do_not_apply_to_a_type_are_rejected() {
    let text = GOOD.replace(
        "{wire: code, type: string, required: true,",
        "{wire: code, type: integer, max_bytes: 4, required: true,",
    );
    let all = diagnostics(&text);
    let messages: Vec<_> = all.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(&"`max_bytes` does not apply to a field of type `integer`"),
        "{messages:#?}"
    );
    assert!(
        messages.contains(&"`code` must be a string field"),
        "{messages:#?}"
    );
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "[]",
        "paygen: [",
        "\u{0}",
        "paygen: 1\n",
        "- - -",
        "{a: {b: {c: 1}}}",
    ] {
        let source = SpecSource {
            path: "x.yaml",
            text,
            documents: demo_documents(),
        };
        assert!(
            Settings::new().generate(&source).is_err(),
            "{text:?} was accepted"
        );
    }
}

#[test]
fn an_unquoted_comma_in_a_flow_mapping_gets_a_quoting_hint() {
    let text = GOOD.replace(
        "description: {en: Code.}",
        "description: {en: Code, or not.}",
    );
    let d = only(&text);
    assert!(d.message.contains("unknown field `or not.`"), "{d}");
    assert!(d.help.as_deref().unwrap().contains("must be quoted"), "{d}");
}

#[test]
fn auth_schemes_and_templates_are_checked() {
    let text = GOOD
        .replace(
            "operations:\n",
            "  credentials:\n    - {name: api_key, secret: true, description: {en: Key.}, source: demo:1}\n  auth:\n    - {name: key, headers: {Authorization: \"KEY {api_kye}\"}, source: demo:1}\noperations:\n",
        )
        .replace("    method: POST\n", "    method: POST\n    auth: sig\n");
    let messages: Vec<String> = diagnostics(&text).into_iter().map(|d| d.message).collect();
    assert_eq!(
        messages,
        [
            "unknown placeholder `{api_kye}` in `KEY {api_kye}`",
            "unknown auth scheme `sig`"
        ]
    );
}

#[test]
fn path_placeholders_and_path_fields_must_match() {
    let text = GOOD.replace("path: /pay", "path: /pay/{orderNo}");
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "/pay/{orderNo}", 0),
        "path placeholder `{orderNo}` is not an `in: path` field of `PayRequest`",
    );
}

#[test]
fn bodiless_methods_cannot_have_body_fields() {
    let text = GOOD.replace("method: POST", "method: GET");
    let d = only(&text);
    assert!(
        d.message
            .contains("`GET` requests have no body, but `PayRequest` has body fields"),
        "{d}"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("mark each field `in: query` or `in: path`")
    );
}

#[test]
fn an_integer_success_code_needs_an_integer_field() {
    let text = GOOD.replace("equals: \"00\"", "equals: 0");
    let d = only(&text);
    assert_at(
        &d,
        {
            let (line, column) = position_of(&text, "field: code", 0);
            (line, column + "field: ".len())
        },
        "`code` must be an integer field",
    );
}

#[test]
fn in_euc_kr_lengths_count_two_bytes_per_hangul_and_unencodable_examples_are_refused() {
    let euc_kr = GOOD.replace(
        "  sources: {demo: demo.txt}\n",
        "  sources: {demo: demo.txt}\n  encoding: euc-kr\n",
    );
    // 10 syllables are 20 bytes in EUC-KR: the example fits max_bytes 20.
    let fits = euc_kr.replace(
        "        max_bytes: 20\n        required: true\n",
        "        max_bytes: 20\n        required: true\n        example: \"가나다라마바사아자차\"\n",
    );
    Settings::new()
        .generate(&SpecSource {
            path: "specs/demo.yaml",
            text: &fits,
            documents: demo_documents(),
        })
        .expect("20 EUC-KR bytes fit");
    let unencodable = euc_kr.replace(
        "        max_bytes: 20\n        required: true\n",
        "        max_bytes: 20\n        required: true\n        example: \"😀\"\n",
    );
    let d = only(&unencodable);
    assert_at(
        &d,
        position_of(&unencodable, "\"😀\"", 0),
        "example cannot be encoded in euc-kr",
    );
}

#[test]
fn ranges_and_fixed_widths_are_checked_for_sense() {
    let text = GOOD
        .replace(
            "        max_bytes: 20\n        required: true\n",
            "        max_bytes: 20\n        min_bytes: 21\n        minimum: 1\n        required: true\n",
        )
        .replace(
            "{wire: code, type: string, required: true,",
            "{wire: code, type: string, required: true, minimum_if: [{field: kind, in: [qr], minimum: 5, source: x}],",
        );
    let messages: Vec<String> = diagnostics(&text).into_iter().map(|d| d.message).collect();
    assert_eq!(
        messages,
        [
            "min_bytes 21 must be between 1 and max_bytes 20",
            "`minimum` does not apply to a field of type `string`",
            "`minimum_if` applies to integer fields",
            "condition field `kind` is not a field of `PayResponse`",
        ]
    );
}

/// The Shinhan spec, whose recovery keys (`reports`, `net_cancel`, `limits`) the next tests break.
fn shinhan_spec() -> String {
    std::fs::read_to_string(paygen_tests::repo_root().join("specs/shinhan_spg.yaml"))
        .expect("specs/shinhan_spg.yaml is readable")
}

#[test]
fn recovery_keys_must_name_real_codes_fields_and_operations() {
    let good = shinhan_spec();
    let broken = good
        .replace("approved: [1, 3]", "approved: [1, 4]")
        .replace("not_approved: [2]", "not_approved: [2, 1]")
        .replace(
            "inputs: {client_id: client_id, order_no: order_no}",
            "inputs: {client_id: client_id}",
        )
        .replace("amount: response.amount", "amount: response.tid")
        .replacen("of: confirm_payment", "of: confirm_payments", 1)
        .replace("timeout_ms: 30000", "timeout_ms: 3000");
    assert_ne!(good, broken);
    let diagnostics = diagnostics(&broken);
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown operation `confirm_payments`",
            "`4` is not a code of `tx_stat`",
            "`1` is listed as both approved and not approved",
            "required `order_no` of `ConfirmInfoRequest` is not filled",
            "`connect_timeout_ms` is longer than the whole call's `timeout_ms`",
        ],
        "{diagnostics:#?}"
    );
    let at = |needle: &str| position_of(&broken, needle, 0);
    assert_at(&diagnostics[0], at("confirm_payments"), "unknown operation");
    let (line, _) = at("approved: [1, 4]");
    assert_eq!(diagnostics[1].line, line, "{}", diagnostics[1]);
}

#[test]
fn a_net_cancel_cannot_fill_a_field_from_one_of_another_type() {
    let text = shinhan_spec().replace("amount: response.amount", "amount: response.tid");
    let d = only(&text);
    assert_eq!(
        d.message, "`amount` (integer) cannot be filled from `tid` (string)",
        "{d}"
    );
    // The position is the `fill` mapping's; the message names the entry.
    assert_eq!(
        (d.line, d.column),
        position_of(&text, "client_id: request.client_id", 0),
        "{d}"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("both fields must have the same type")
    );
}

#[test]
fn a_status_read_must_be_a_get_and_classify_an_enum() {
    let text = shinhan_spec().replace("      state: tx_stat\n", "      state: tx_date\n");
    let d = only(&text);
    assert_eq!(d.message, "state `tx_date` must be an `enum` field", "{d}");
    let text = shinhan_spec().replace(
        "    method: GET\n    path: /v1.0/payments/confirm-info\n",
        "    method: POST\n    path: /v1.0/payments/confirm-info\n",
    );
    let d = only(&text);
    assert_eq!(
        d.message, "`reports` belongs on a read: a status query must be safe to send again",
        "{d}"
    );
}

#[test]
fn a_source_file_missing_from_the_sources_folder_is_reported_at_its_entry() {
    let text = GOOD.replace(
        "sources: {demo: demo.txt}",
        "sources: {demo: demo.txt, approve: approve.md}",
    );
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "approve.md", 0),
        "source `approve` names `approve.md`, which is not in the sources folder",
    );
    let help = d.help.unwrap();
    assert!(help.contains("copy the document unchanged"), "{help}");
    assert!(
        help.contains("`demo.txt`"),
        "the help lists what is there: {help}"
    );
}

#[test]
fn a_citation_of_an_unknown_key_names_the_keys_there_are() {
    let text = GOOD.replace("source: demo:7}", "source: \"Demo:7, see ko:3\"}");
    let all = diagnostics(&text);
    assert_eq!(all.len(), 2, "{all:#?}");
    let at = position_of(&text, "\"Demo:7", 0);
    assert_at(
        &all[0],
        at,
        "citation `Demo:7` names no source of this spec",
    );
    assert_at(&all[1], at, "citation `ko:3` names no source of this spec");
    assert!(all[0]
        .help
        .as_deref()
        .unwrap()
        .contains("source keys are `demo`"));
}

#[test]
fn a_citation_past_the_end_or_backwards_is_reported_in_any_string() {
    // Citations count in conflicts and other prose, not only in `source`.
    let text = GOOD.replace(
        "operations:\n",
        "conflicts:\n  - {doc: \"demo:13 says so\", decision: \"d\", why: \"demo:5-3\"}\noperations:\n",
    );
    let all = diagnostics(&text);
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_at(
        &all[0],
        position_of(&text, "\"demo:13", 0),
        "citation `demo:13` is past the end of `demo.txt`, which has 12 lines",
    );
    assert_at(
        &all[1],
        position_of(&text, "\"demo:5-3", 0),
        "citation `demo:5-3` is not a line or a range of lines",
    );
    // The last line is citable; line 0 is not.
    accepted(&GOOD.replace("source: demo:7}", "source: demo:12}"));
    let zero = GOOD.replace("source: demo:7}", "source: demo:0}");
    assert_at(
        &only(&zero),
        position_of(&zero, "demo:0", 0),
        "citation `demo:0`",
    );
}

#[test]
fn a_source_key_that_citations_cannot_name_is_refused() {
    let text = GOOD.replace("sources: {demo: demo.txt}", "sources: {demo.v2: demo.txt}");
    let all = diagnostics(&text);
    let key = all
        .iter()
        .find(|d| d.message.contains("source key `demo.v2` cannot be cited"))
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert_eq!((key.line, key.column), position_of(&text, "demo.txt", 0));
}

#[test]
fn the_old_list_of_sources_gets_a_clear_error() {
    let text = GOOD.replace("sources: {demo: demo.txt}", "sources: [demo.txt]");
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "[demo.txt]", 0),
        "a mapping of citation keys to document files",
    );
}

#[test]
fn deeply_nested_or_oversized_specs_are_refused_before_parsing() {
    // 64,000 nested brackets kept serde_yaml busy for 24 s; the guard refuses them at once.
    let nested = format!("paygen: {}{}\n", "[".repeat(64_000), "]".repeat(64_000));
    let d = only(&nested);
    assert_eq!(d.line, 1);
    assert_eq!(d.column, "paygen: ".len() + paygen_codegen::MAX_NESTING + 1);
    assert!(d.message.contains("nest more than 256 deep"), "{d}");
    // Brackets in quoted strings and comments do not count.
    let quoted = GOOD
        .replace(
            "description: {en: Code.}",
            &format!("description: {{en: \"{}\"}}", "[".repeat(300)),
        )
        .replace(
            "operations:\n",
            &format!("# {}\noperations:\n", "{".repeat(300)),
        );
    accepted(&quoted);
    let big = format!("{GOOD}# {}\n", "x".repeat(paygen_codegen::MAX_SPEC_BYTES));
    let d = only(&big);
    assert_eq!((d.line, d.column), (1, 1));
    let limit = format!("more than the {} bytes", paygen_codegen::MAX_SPEC_BYTES);
    assert!(d.message.contains(&limit), "{d}");
}

#[test]
fn path_and_query_parameters_are_single_values_and_path_segments_are_required() {
    // Both would generate code that does not compile: an object has no text form, and an
    // optional path segment has no URL.
    let text = GOOD.replace(
        "      - wire: kind\n        type: enum\n",
        "      - {wire: page, in: query, type: array, items: {type: string}, required: false, description: {en: Pages.}, source: \"demo:5\"}\n      - wire: kind\n        type: enum\n",
    );
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "query, type: array", 0),
        "`page` is an array, which cannot be a query parameter",
    );
    let text = GOOD
        .replace("    idempotency_key: orderId\n", "")
        .replace("    path: /pay\n", "    path: /pay/{orderId}\n")
        .replace(
            "      - wire: orderId\n        type: string\n",
            "      - wire: orderId\n        in: path\n        type: string\n",
        )
        .replace(
            "        max_bytes: 20\n        required: true\n",
            "        max_bytes: 20\n        required: false\n",
        );
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "false", 0),
        "path parameter `orderId` must be `required: true`",
    );
}

#[test]
fn type_names_the_module_defines_itself_are_refused() {
    // A spec type named like the client, or like another type's builder, would not compile.
    let client = GOOD
        .replace("name: Kind", "name: Client")
        .replace("ref: Kind", "ref: Client");
    let d = only(&client);
    assert_at(
        &d,
        position_of(&client, "Client\n    kind", 0),
        "type name `Client` is one the generated module defines itself",
    );
    let builder = GOOD
        .replace("name: Kind", "name: PayRequestBuilder")
        .replace("ref: Kind", "ref: PayRequestBuilder");
    let d = only(&builder);
    assert_at(
        &d,
        position_of(&builder, "PayRequestBuilder\n    kind", 0),
        "is the name of the generated builder of `PayRequest`",
    );
}

#[test]
fn the_field_rules_refuse_their_misuse_with_position_and_help() {
    // A digit limit on a string.
    let text = GOOD.replace(
        "        max_bytes: 20\n",
        "        max_bytes: 20\n        max_digits: 13\n",
    );
    let d = only(&text);
    assert_at(
        &d,
        value_at(&text, "max_digits: "),
        "`max_digits` does not apply to a field of type `string`",
    );
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains("max_chars")),
        "{d}"
    );

    // max_chars below min_chars.
    let text = GOOD.replace(
        "        max_bytes: 20\n",
        "        max_bytes: 20\n        max_chars: 5\n        min_chars: 8\n",
    );
    let d = only(&text);
    assert_at(
        &d,
        value_at(&text, "min_chars: "),
        "min_chars 8 must be between 1 and max_chars 5",
    );
    assert!(d.help.is_some(), "{d}");

    // An alias on a request field.
    let text = GOOD.replace(
        "        max_bytes: 20\n",
        "        max_bytes: 20\n        aliases: [orderID]\n",
    );
    let d = only(&text);
    assert_at(
        &d,
        value_at(&text, "aliases: "),
        "requests are sent under their wire name only",
    );
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains("responses")),
        "{d}"
    );

    // A group naming an unknown field.
    let text = GOOD.replace(
        "    source: demo:3\n    fields:\n",
        "    source: demo:3\n    groups:\n      - {kind: exactly_one, fields: [orderId, orderNo], source: demo:3}\n    fields:\n",
    );
    let found = diagnostics(&text);
    let d = found
        .iter()
        .find(|d| {
            d.message
                .contains("`orderNo` is not a field of `PayRequest`")
        })
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!((d.line, d.column), position_of(&text, "orderNo", 0));
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains("`orderId`")),
        "{d}"
    );
    // orderId is required: a group of it could never be short.
    assert!(found
        .iter()
        .any(|d| d.message.contains("`orderId` is `required: true`")));

    // A decimal that does not say how it is sent, and extra characters without a class.
    let text = GOOD.replace(
        "      - {wire: message, type: string, required: false, description: {en: Message.}, source: demo:8}\n",
        "      - {wire: message, type: string, required: false, description: {en: Message.}, source: demo:8}\n      - {wire: total, type: decimal, required: false, description: {en: Total.}, source: demo:8}\n      - {wire: note, type: string, extra_chars: \"_\", required: false, description: {en: Note.}, source: demo:8}\n",
    );
    let found = diagnostics(&text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0]
        .message
        .contains("needs `sent_as: number` or `sent_as: string`"));
    assert!(found[1]
        .message
        .contains("`extra_chars` widens a character class"));
    assert!(found.iter().all(|d| d.help.is_some()));
}

#[test]
fn a_sentinel_is_for_received_optional_fields() {
    // On a request field, and of the wrong type.
    let text = GOOD.replace(
        "        max_bytes: 20\n",
        "        max_bytes: 20\n        sentinel: {value: 0, means: \"없음\"}\n",
    );
    let found = diagnostics(&text);
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("a sentinel is read on receipt")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("must be a string value")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("cannot be `required: true`")),
        "{found:#?}"
    );
    assert!(found.iter().all(|d| d.help.is_some()), "{found:#?}");
}

#[test]
fn the_new_rules_check_examples() {
    let text = GOOD.replace(
        "      - {wire: message, type: string, required: false, description: {en: Message.}, source: demo:8}\n",
        "      - {wire: message, type: string, required: false, description: {en: Message.}, source: demo:8}\n      - {wire: total, type: decimal, sent_as: number, max_scale: 2, required: false, description: {en: Total.}, example: \"1.005\", source: demo:8}\n",
    );
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "\"1.005\"", 0),
        "3 digits after the point, more than max_scale 2",
    );
    accepted(&text.replace("\"1.005\"", "\"1.05\""));
}

/// The position of the value after `key` (as `key` is written, with its `: `).
fn value_at(text: &str, key: &str) -> (usize, usize) {
    let (line, column) = position_of(text, key, 0);
    (line, column + key.len())
}

#[test]
fn several_success_codes_are_of_one_type_and_listed_once() {
    let text = GOOD.replace(
        "success: {field: code, equals: \"00\", message: message}",
        "success: {field: code, equals: [\"00\", 1, \"00\"], message: message}",
    );
    let found = diagnostics(&text);
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("the success codes mix types")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("`00` is listed twice")),
        "{found:#?}"
    );
    accepted(&GOOD.replace(
        "success: {field: code, equals: \"00\", message: message}",
        "success: {field: code, equals: [\"00\", \"01\"], message: message}",
    ));
    let d = only(&GOOD.replace(
        "success: {field: code, equals: \"00\", message: message}",
        "success: {field: code, equals: [], message: message}",
    ));
    assert!(d.message.contains("at least one code"), "{d}");
}

#[test]
fn http_basic_is_used_where_it_is_given() {
    let with_scheme = |scheme: &str| {
        GOOD.replace(
            "  environments:\n",
            &format!("  credentials:\n    - {{name: api_key, secret: true, description: {{en: Key.}}, source: demo:1}}\n  auth:\n{scheme}  environments:\n"),
        )
    };
    // `{basic}` without `basic`, and `basic` without a header using it.
    let found = diagnostics(&with_scheme(
        "    - {name: key, headers: {Authorization: \"Basic {basic}\"}, source: demo:1}\n    - {name: pair, headers: {Authorization: \"KEY {api_key}\"}, basic: {user: \"{api_key}\", password: \"\"}, source: demo:1}\n",
    ));
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("unknown placeholder `{basic}`")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("no header uses `{basic}`")),
        "{found:#?}"
    );
    // A user with a colon, and an unknown credential in the pair.
    let found = diagnostics(&with_scheme(
        "    - {name: pair, headers: {Authorization: \"Basic {basic}\"}, basic: {user: \"shop:{api_key}\", password: \"{secret}\"}, source: demo:1}\n",
    ));
    assert!(
        found.iter().any(|d| d.message.contains("cannot hold `:`")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("unknown placeholder `{secret}`")),
        "{found:#?}"
    );
    accepted(&with_scheme(
        "    - {name: pair, headers: {Authorization: \"Basic {basic}\"}, basic: {user: \"{api_key}\", password: \"\"}, source: demo:1}\n",
    ));
}

#[test]
fn safe_is_for_calls_that_are_not_reads_already() {
    let text = GOOD.replace(
        "    idempotency_key: orderId\n",
        "    idempotency_key: orderId\n    safe: {why: \"\"}\n",
    );
    let found = diagnostics(&text);
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("needs no idempotency key")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|d| d.message.contains("safe.why")),
        "{found:#?}"
    );
    accepted(&GOOD.replace(
        "    idempotency_key: orderId\n",
        "    safe: {why: \"demo:2 says it changes nothing\"}\n",
    ));
}

#[test]
fn a_status_query_sent_as_post_may_report_when_it_is_declared_safe() {
    let text = everything();
    let status = "    method: GET\n    path: /payments/{paymentId}/status\n";
    assert!(text.contains(status));
    let post = text.replace(
        status,
        "    method: POST\n    path: /payments/{paymentId}/status\n",
    );
    let Err(Error::Spec(found)) = generate_everything(&post) else {
        panic!("a POST with `reports` and no `safe` was accepted");
    };
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("`reports` belongs on a read")),
        "{found:#?}"
    );
    let safe = text.replace(
        status,
        "    method: POST\n    path: /payments/{paymentId}/status\n    safe: {why: \"doc:25 reads a payment\"}\n",
    );
    generate_everything(&safe).unwrap_or_else(|err| panic!("{err}"));
}

#[test]
fn a_form_holds_flat_values_only() {
    let text = everything();
    // The payment request nests a buyer and items, which no form can carry.
    let pay = "    request: PayRequest\n    response: PayResponse\n";
    assert!(text.contains(pay));
    let form = text.replacen(
        pay,
        "    request: PayRequest\n    response: PayResponse\n    request_format: form\n",
        1,
    );
    let Err(Error::Spec(found)) = generate_everything(&form) else {
        panic!("a form request with nested objects was accepted");
    };
    assert!(
        found.iter().any(|d| d
            .message
            .contains("`PayRequest.buyer` is an object, which a form cannot hold")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("`PayRequest.items` is an array")),
        "{found:#?}"
    );
    assert!(found.iter().all(|d| d.help.is_some()));
}

#[test]
fn a_callback_answer_is_an_http_status_and_a_header_safe_type() {
    let text = everything();
    let answer = "    answer: {status: 200, body: \"OK\", source: \"doc:95\"}\n";
    assert!(text.contains(answer));
    let bad = text.replace(
        answer,
        "    answer: {status: 700, body: \"OK\", content_type: \"텍스트\", source: \"\"}\n",
    );
    let Err(Error::Spec(found)) = generate_everything(&bad) else {
        panic!("a bad callback answer was accepted");
    };
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("700 is not an HTTP status")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("visible ASCII")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("answer.source")),
        "{messages:?}"
    );
}

/// tests/specs/everything.yaml, which every spec feature is in, for tests that change one.
fn everything() -> String {
    std::fs::read_to_string(paygen_tests::repo_root().join("tests/specs/everything.yaml")).unwrap()
}

/// Generates a changed copy of everything.yaml against its document.
fn generate_everything(text: &str) -> paygen_codegen::Result<paygen_codegen::GeneratedFile> {
    let documents =
        paygen_tests::documents_in(&paygen_tests::repo_root().join("tests/specs/sources"));
    Settings::new().generate(&SpecSource {
        path: "tests/specs/everything.yaml",
        text,
        documents: &documents,
    })
}

#[test]
fn a_credential_field_is_a_request_string_the_client_fills() {
    let text = everything();
    let field = "credential: api_key, required: true";
    assert!(text.contains(field));
    let found = match generate_everything(
        &text.replace(field, "credential: api_secret, required: false"),
    ) {
        Err(Error::Spec(found)) => found,
        other => panic!("accepted: {:?}", other.map(|_| ())),
    };
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown credential `api_secret`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("always sent; write `required: true`")),
        "{messages:?}"
    );
}

/// The messages of every problem in a changed copy of everything.yaml, each with its position.
fn everything_problems(text: &str) -> Vec<String> {
    match generate_everything(text) {
        Err(Error::Spec(found)) => found
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect(),
        other => panic!("accepted: {:?}", other.map(|_| ())),
    }
}

#[test]
fn a_bearer_token_comes_from_an_operation_the_client_can_call_alone() {
    let text = everything();
    assert!(generate_everything(&text).is_ok());
    let changes = [
        // The token operation authenticated by the token scheme itself, and not safe.
        (
            "    auth: plain\n    safe: {why: \"doc:7 says a token request within a token's lifetime returns the same token\"}\n",
            "    auth: bearer\n",
            &["authenticated by the token scheme `bearer`", "a write the client would never retry"][..],
        ),
        // A token the answer's Debug would print, and a time that is not a string.
        (
            "{wire: accessToken, type: string, required: true, personal: true,",
            "{wire: accessToken, type: string, required: true,",
            &["is not marked `personal: true`"][..],
        ),
        (
            "        expires_at: expiredAt\n",
            "        expires_at: code2\n",
            &["`code2` is not a field of `TokenResponse`"][..],
        ),
        (
            "        refresh_on_status: [401]\n",
            "        refresh_on_status: [200]\n",
            &["`200` is not a 4xx status"][..],
        ),
        (
            "        refresh_before_ms: 60000\n",
            "        refresh_before_ms: 1800000\n",
            &["not shorter than the token's `lifetime_ms`"][..],
        ),
        (
            "        operation: issue_token\n",
            "        operation: issue_tokens\n",
            &["unknown operation `issue_tokens`"][..],
        ),
        (
            "      headers: {Authorization: \"Bearer {token}\"}\n",
            "      headers: {Authorization: \"Bearer\"}\n",
            &["no header uses `{token}`"][..],
        ),
        // A request the client cannot build alone.
        (
            "{wire: charset, type: string, max_bytes: 10, required: false,",
            "{wire: charset, type: string, max_bytes: 10, required: true,",
            &["needs `charset` from its caller"][..],
        ),
    ];
    for (from, to, expected) in changes {
        assert!(text.contains(from), "{from}");
        let found = everything_problems(&text.replace(from, to));
        for message in expected {
            assert!(
                found.iter().any(|m| m.contains(message)),
                "{message}: {found:#?}"
            );
        }
    }
    // `{token}` in a scheme without `token`.
    let found = everything_problems(&text.replace(
        "Authorization: \"KEY {api_key}\"",
        "Authorization: \"KEY {token}\"",
    ));
    assert!(
        found
            .iter()
            .any(|m| m.contains("unknown placeholder `{token}`")),
        "{found:#?}"
    );
}

#[test]
fn digests_name_their_key_and_clock_fields_are_request_times() {
    let text = everything();
    let changes = [
        (
            "{algorithm: hmac-sha256, key: api_key, output: base64, inputs: [paymentId, ediDate]}",
            "{algorithm: hmac-sha256, output: base64, inputs: [paymentId, ediDate]}",
            "needs the credential that keys it",
        ),
        (
            "{algorithm: sha512, output: hex, inputs:",
            "{algorithm: sha512, key: api_key, output: hex, inputs:",
            "a `sha512` digest takes no key",
        ),
        (
            "{algorithm: hmac-sha256, key: api_key, output: base64, inputs: [paymentId]}",
            "{algorithm: hmac-sha256, key: api_secret, output: base64, inputs: [paymentId]}",
            "unknown credential `api_secret`",
        ),
        (
            "clock: {format: iso8601, offset: \"+09:00\"}",
            "clock: {format: iso8601, offset: \"KST\"}",
            "`KST` is not a UTC offset",
        ),
        (
            "clock: {format: iso8601, offset: \"+09:00\"}",
            "clock: {format: yyyymmdd, offset: \"+09:00\"}",
            "`yyyymmdd` is not a time of day",
        ),
        (
            "{wire: now, type: string, required: true,",
            "{wire: now, type: string, clock: {format: iso8601, offset: \"+09:00\"}, required: true,",
            "a `clock` field is a `string` of a request's body, query or headers",
        ),
    ];
    for (from, to, expected) in changes {
        assert!(text.contains(from), "{from}");
        let found = everything_problems(&text.replace(from, to));
        assert!(
            found.iter().any(|m| m.contains(expected)),
            "{expected}: {found:#?}"
        );
    }
}

#[test]
fn only_a_request_string_or_charset_enum_names_the_answers_charset() {
    let text = everything();
    let changes = [
        // On a callback field: the gateway sends it, so it cannot say how to read its answer.
        (
            "{wire: amount, type: integer, required: false, description: {en: Amount.}, source: \"doc:98\"}",
            "{wire: amount, type: string, required: false, answer_charset: true, description: {en: Amount.}, source: \"doc:98\"}",
            "`amount` cannot name the answer's charset",
        ),
        // An enum whose codes are not charsets (PayMethod: card, bank).
        (
            "{wire: method, in: query, type: enum, ref: PayMethod, required: false,",
            "{wire: method, in: query, type: enum, ref: PayMethod, required: false, answer_charset: true,",
            "`PayMethod` has the code `card`, which is not a charset the client reads",
        ),
        // An integer of a request.
        (
            "{wire: amount, type: integer, required: true, description: {en: Amount.}, source: \"doc:28\"}",
            "{wire: amount, type: integer, required: true, answer_charset: true, description: {en: Amount.}, source: \"doc:28\"}",
            "`amount` cannot name the answer's charset",
        ),
    ];
    for (from, to, expected) in changes {
        assert!(text.contains(from), "{from}");
        let found = everything_problems(&text.replace(from, to));
        assert!(
            found.iter().any(|m| m.contains(expected)),
            "{expected}: {found:#?}"
        );
    }
}

#[test]
fn an_idempotency_header_is_a_header_name_on_a_write_deduplicated_by_it_alone() {
    let text = everything();
    let header = "    idempotency_header: {name: Idempotency-Key, source: \"doc:20\"}\n";
    assert!(text.contains(header));
    let cases = [
        (
            "    idempotency_header: {name: Idempotency Key, source: \"doc:20\"}\n".to_owned(),
            "`Idempotency Key` is not a header name",
        ),
        (
            format!("{header}    safe: {{why: \"doc:20\"}}\n"),
            "an idempotency header is for a write the gateway deduplicates by it alone",
        ),
    ];
    for (to, expected) in cases {
        let found = everything_problems(&text.replace(header, &to));
        assert!(
            found.iter().any(|m| m.contains(expected)),
            "{expected}: {found:#?}"
        );
    }
}

#[test]
fn a_header_field_is_a_single_value_under_a_header_name() {
    let text = everything();
    let from = "{wire: X-Request-Id, in: header, type: string,";
    assert!(text.contains(from));
    for (to, expected) in [
        (
            "{wire: X Request Id, in: header, type: string,",
            "`X Request Id` is not a header name",
        ),
        (
            "{wire: X-Request-Id, in: header, type: array, items: {type: string},",
            "cannot be a header parameter",
        ),
    ] {
        let found = everything_problems(&text.replace(from, to));
        assert!(
            found.iter().any(|m| m.contains(expected)),
            "{expected}: {found:#?}"
        );
    }
}

#[test]
fn a_declared_error_type_is_an_object_type_of_the_spec() {
    let text = everything();
    let from = "    error: PayError\n";
    assert!(text.contains(from));
    let found = everything_problems(&text.replace(from, "    error: PayErrors\n"));
    assert!(found.iter().any(|m| m.contains("PayErrors")), "{found:#?}");
    let found = everything_problems(&text.replace(from, "    error: PayMethod\n"));
    assert!(found.iter().any(|m| m.contains("PayMethod")), "{found:#?}");
}

#[test]
fn a_refusal_names_a_status_operations_that_exist_and_a_code_of_the_success_codes_type() {
    let base = format!(
        "{GOOD}refusals:\n  - {{kind: auth, status: 401, code: \"E1\", message: bad key, source: \"demo:9\"}}\n"
    );
    accepted(&base);
    let text = base.replace("status: 401", "status: 4010");
    assert_at(
        &only(&text),
        position_of(&text, "4010", 0),
        "4010 is not an HTTP status",
    );
    let text = base.replace("kind: auth,", "kind: auth, operations: [payy],");
    assert_at(
        &only(&text),
        position_of(&text, "payy", 0),
        "no operation is named `payy`",
    );
    // `pay`'s success code is a string: a bare number cannot stand in for it.
    let text = base.replace("code: \"E1\"", "code: 7");
    let d = only(&text);
    assert_at(
        &d,
        position_of(&text, "7,", 0),
        "code `7` is not of the type of `pay`'s success code `00`",
    );
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains("quoted")),
        "{d}"
    );
    let text = base.replace("kind: auth", "kind: forged");
    assert_at(
        &only(&text),
        position_of(&text, "forged", 0),
        "unknown variant `forged`",
    );
}

#[test]
fn a_callbacks_sent_as_names_a_format_and_cites_it() {
    let base = GOOD.replace(
        "types:\n",
        "callbacks:\n  - {name: notify, type: PayResponse, summary: {en: A result.}, sent_as: {format: form, source: \"demo:9\"}, source: \"demo:9\"}\ntypes:\n",
    );
    // A callback's type may not be an operation's: give it one of its own.
    let base = base.replace("type: PayResponse, summary", "type: Kind2, summary").replace(
        "  - name: Kind\n",
        "  - name: Kind2\n    kind: object\n    description: {en: A result.}\n    source: demo:6\n    fields:\n      - {wire: code, type: string, required: true, description: {en: Code.}, source: demo:7}\n  - name: Kind\n",
    );
    accepted(&base);
    let text = base.replace("format: form", "format: xml");
    assert_at(
        &only(&text),
        position_of(&text, "xml", 0),
        "unknown variant `xml`",
    );
    let text = base.replace(
        "sent_as: {format: form, source: \"demo:9\"}",
        "sent_as: {format: form, source: \"\"}",
    );
    let d = only(&text);
    assert!(d.message.contains("sent_as.source"), "{d}");
}

#[test]
fn a_cancels_matches_real_fields_and_leaves_states_the_status_read_reports() {
    let good = shinhan_spec();
    let cancels =
        "cancels: {of: confirm_payment, match: {tid: response.tid}, leaves: 3, source: \"ko:499\"}";
    assert!(good.contains(cancels));
    let with = |replacement: &str| good.replace(cancels, replacement);
    let broken = with("cancels: {of: confirm_payment, match: {tid: response.tids}, leaves: 4, source: \"ko:499\"}");
    let messages: Vec<String> = diagnostics(&broken)
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        messages,
        [
            "`tids` is not a field of `ConfirmResponse`",
            "`4` is not a code of the state the status read reports",
        ]
    );
    // A cancel of a write no status read resolves leaves nothing a read could report.
    let broken = with("cancels: {of: request_payment, match: {tid: request.order_no}, leaves: 3, source: \"ko:499\"}");
    let d = only(&broken);
    assert!(
        d.message
            .contains("no status read resolves `request_payment`"),
        "{d}"
    );
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("reports.resolves")),
        "{d}"
    );
}

#[test]
fn a_timestamp_window_needs_a_width_a_citation_and_a_time_to_window() {
    let good = shinhan_spec();
    let scheme = "    - name: payment\n";
    assert!(good.contains(scheme));
    let broken = good.replacen(
        scheme,
        "    - name: payment\n      timestamp_window: {ms: 0, source: \"\"}\n",
        1,
    );
    let messages: Vec<String> = diagnostics(&broken)
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("timestamp_window.source")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m == "a window of 0 ms refuses every request"),
        "{messages:?}"
    );
    // SPGKEY sends no time to window.
    assert!(
        messages
            .iter()
            .any(|m| m == "`timestamp_window` is given but the scheme sends no `{timestamp_ms}`"),
        "{messages:?}"
    );
}
