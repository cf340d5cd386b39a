//! Bounded property tests of everything that reads outside input:
//!
//! - every operation's response decoding of every vendor (the runtime's `http::interpret` and
//!   `http::interpret_write`, exactly what the generated clients call on a response body), and
//!   the Shinhan return_url callback decoders (`from_form`, `from_json`), fed arbitrary bytes
//!   and structure-aware mutations of the documented example responses (values of random types
//!   at random places, members removed and added, then truncated or with a byte flipped);
//! - the spec loader (`paygen_codegen::load`) and the generator (`Settings::generate`), fed
//!   arbitrary text and mutated copies of the real specs (lines deleted, duplicated and swapped,
//!   characters replaced, YAML fragments inserted, truncation).
//!
//! Properties: nothing panics; a decoder returns `Ok` or the typed error its contract names, and
//! that error agrees with the HTTP status; a bad spec is `Error::Spec` whose every diagnostic
//! names the file and a line:column inside it, and a spec that loads also generates.
//!
//! Each case feeds one input to every target of its table, so a test runs `cases × targets`
//! inputs and prints that count (`--nocapture` shows it). The case counts keep the whole file
//! well under 20 s in a debug build on two cores. A failure reports the minimal input; nothing is
//! written to a `proptest-regressions/` file.

use paygen::{kicc_wechatpay as kicc, linenext_unifipay as unifi, shinhan_spg as shinhan};
use paygen_codegen::{Settings, SpecSource};
use paygen_runtime::__private::http::{interpret, interpret_write, Outcome, RawResponse};
use paygen_runtime::Error;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{TestCaseError, TestError, TestRunner};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::Cell;
use std::fmt::Debug;

/// Cases per test, chosen so that the file runs in a few seconds in a debug build on two cores
/// (a Shinhan spec that survives its mutations costs ~0.1 s to generate in debug).
const BYTES_CASES: u32 = 4000;
const EXAMPLE_CASES: u32 = 4000;
const SPEC_TEXT_CASES: u32 = 256;
const SPEC_MUTATION_CASES: u32 = 192;
const SPEC_NESTING_CASES: u32 = 256;

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

/// A response decoder: what a generated operation does with the answer's status and body.
type Decoder = fn(&RawResponse) -> Result<(), Error>;

fn read<R: DeserializeOwned + Outcome>(raw: &RawResponse) -> Result<(), Error> {
    interpret::<R>(raw).map(drop)
}

/// Every operation of every vendor: its client method, whether it is an unsafe write (decoded
/// with `interpret_write`), and its decoder.
const OPERATIONS: &[(&str, bool, Decoder)] = &[
    (
        "create_transaction",
        false,
        read::<kicc::CreateTransactionResponse>,
    ),
    ("create_payment", true, |raw| {
        interpret_write::<unifi::CreatePaymentResponse>(raw, "create_payment").map(drop)
    }),
    (
        "payment_status",
        false,
        read::<unifi::PaymentStatusResponse>,
    ),
    ("request_payment", true, |raw| {
        interpret_write::<shinhan::PaymentRequestResponse>(raw, "request_payment").map(drop)
    }),
    ("request_unified_payment", true, |raw| {
        interpret_write::<shinhan::PaymentRequestResponse>(raw, "request_unified_payment").map(drop)
    }),
    ("confirm_payment", true, |raw| {
        interpret_write::<shinhan::ConfirmResponse>(raw, "confirm_payment").map(drop)
    }),
    ("cancel_payment", true, |raw| {
        interpret_write::<shinhan::CancelResponse>(raw, "cancel_payment").map(drop)
    }),
    ("cancel_payment_partial", true, |raw| {
        interpret_write::<shinhan::CancelResponse>(raw, "cancel_payment_partial").map(drop)
    }),
    ("get_receipt", false, read::<shinhan::ReceiptResponse>),
    (
        "get_payment_info",
        false,
        read::<shinhan::ConfirmInfoResponse>,
    ),
    (
        "list_card_companies",
        false,
        read::<shinhan::CardListResponse>,
    ),
    ("list_terms", false, read::<shinhan::TermsInfoListResponse>),
];

/// The decoders of one input: every operation, and both callback decoders.
const TARGETS_PER_INPUT: usize = OPERATIONS.len() + 2;

const STATUSES: &[u16] = &[200, 201, 204, 301, 400, 401, 404, 500, 502, 503];

/// Mostly 200, where decoding goes deepest; every other status now and then.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![2 => Just(200), 1 => prop::sample::select(STATUSES)]
}

/// Feeds `body` (with `status`) to every operation, and `form` and `body` to the callbacks.
fn decode_everywhere(status: u16, body: &[u8], form: &[u8]) -> Result<(), TestCaseError> {
    let raw = RawResponse {
        status,
        body: body.to_vec(),
    };
    let success = (200..300).contains(&status);
    for &(operation, unsafe_write, decode) in OPERATIONS {
        let Err(err) = decode(&raw) else {
            prop_assert!(success, "{operation}: accepted HTTP {status}");
            continue;
        };
        // Formatting must work on anything a decoder returns.
        let shown = format!("{err} {err:?}");
        prop_assert!(!shown.is_empty());
        let cause = match &err {
            Error::OutcomeUnknown {
                operation: named,
                cause,
            } => {
                prop_assert!(unsafe_write, "{operation}: a read reported {err:?}");
                prop_assert_eq!(*named, operation);
                prop_assert!(
                    matches!(
                        **cause,
                        Error::Decode { .. } | Error::HttpStatus { status: 500.., .. }
                    ),
                    "{}: unknown outcome for {:?}",
                    operation,
                    cause
                );
                cause.as_ref()
            }
            other => other,
        };
        match cause {
            // The path is not checked: it names whatever key decoding stopped at, even `""`.
            Error::Decode {
                status: s, line, ..
            } => {
                prop_assert!(
                    success && *s == status,
                    "{operation}: {cause:?} for {status}"
                );
                prop_assert!(*line >= 1, "{operation}: {cause:?}");
                prop_assert!(
                    !unsafe_write || matches!(err, Error::OutcomeUnknown { .. }),
                    "{operation}: an unreadable write must be an unknown outcome, was {err:?}"
                );
            }
            Error::HttpStatus { status: s, .. } => {
                prop_assert!(
                    !success && *s == status,
                    "{operation}: {cause:?} for {status}"
                );
                prop_assert!(
                    !unsafe_write || *s < 500 || matches!(err, Error::OutcomeUnknown { .. }),
                    "{operation}: a 5xx to a write must be an unknown outcome, was {err:?}"
                );
            }
            Error::Api { status: s, .. } => prop_assert_eq!(*s, status, "{}", operation),
            other => prop_assert!(false, "{operation}: untyped failure {other:?}"),
        }
    }
    for (decoder, result) in [
        ("from_form", shinhan::ReturnUrlCallback::from_form(form)),
        ("from_json", shinhan::ReturnUrlCallback::from_json(body)),
    ] {
        if let Err(err) = result {
            prop_assert!(matches!(&err, Error::Callback { .. }), "{decoder}: {err:?}");
            prop_assert!(!err.to_string().is_empty());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Documented examples and their mutations
// ---------------------------------------------------------------------------------------------

/// The documented answers, made valid JSON (typographic quotes straightened, `//` comments and
/// the `… …` elision dropped, missing commas added; tests/shinhan_examples.rs checks that exact
/// cleaning against the document). Unifi Pay prints no example, so its two are built from the
/// field tables (ko:72-78, ko:124-160).
fn examples() -> Vec<Value> {
    let kicc_ko = paygen_tests::vendor_doc("kicc-wechatpay-create-transaction.ko.txt");
    let mut examples = vec![paygen_tests::doc_example(&kicc_ko, "응답 예시")];
    examples.extend(
        [
            // Unifi Pay create (ko:72-78) and status (ko:124-160).
            r#"{"startPageUrl": "https://unifi.example/start", "transactionId": "TX-1"}"#,
            r#"{"status": "CONFIRMED", "orderId": "O-1", "storeId": "S-1", "payAmount": 1000,
                "orderAmount": "1000", "transactionId": "TX-1", "discountAmount": 0,
                "payCurrencyCode": "USD", "orderCurrencyCode": "USD"}"#,
            // Shinhan ko:101-106 (payment request) and ko:107-111 (the 401 every API shares).
            r#"{"ret_code": 0, "ret_msg": "OK",
                "redirect_url": "https://devpayapispg.shinhan.com/pgsvc/pay?token=2021083110239001duf.."}"#,
            r#"{"ret_code": 998, "ret_msg": "token is missing or incorrect."}"#,
            // ko:285-301, the return_url callback (its `confinm_token` typo kept).
            r#"{"order_no": "202108310937510001", "custom_parameter": "auoh1238u123uy...",
                "confinm_token": "aaaaaa.bbbbbb.ccccc", "escr_yn": "N", "tid": "거래번호",
                "bank_nm": "입금은행", "user_nm": "예금주명", "vald_dt": "20240909",
                "gods_nm": "상품명", "email": "aaaaaa@ccc.com", "user_tel_no": "01012345678",
                "pay_amt": "46000", "ret_code": 0, "ret_msg": "OK"}"#,
            // ko:346-367, confirm.
            r#"{"ret_code": 0, "ret_msg": "OK", "pay_type": 2, "order_no": "202108311259590001",
                "product_name": "테스트 상품", "user_id": "test01", "user_name": "test01",
                "amount": "1000", "discount_amount": "100", "taxfree_amount": "0",
                "tax_amount": "90", "tid": "202108311259590006", "install_month": "00",
                "pay_ispt_hash": "941365C04218FF129B790AB1244F8A012BA64E872C3CB8E0C9978A2F76C202F0",
                "tx_date": "2021-08-31 12:59:59", "pay_info": [{}]}"#,
            // ko:400-408, cancel (and partial cancel, ko:441-449).
            r#"{"ret_code": 0, "ret_msg": "OK", "tid": "tpay_test202108311259590002",
                "cid": "123456", "amount": 1000, "tx_date": "2021-08-31 15:01:07"}"#,
            // ko:473-478, receipt.
            r#"{"ret_code": 0, "ret_msg": "OK",
                "redirect_url": "https://devpayapispg.shinhan.com/pgsvc/receipt/receipt_all.asp?id=..."}"#,
            // ko:507-518, confirm-info.
            r#"{"ret_code": 0, "ret_msg": "OK", "user_id": "test_01", "tid": "202108311259590006",
                "tax_amount": "10,00", "tx_stat": 2, "tx_date": "2021-12-22 12:59:59",
                "cncl_date": "2021-12-22 13:05:59", "cncl_rsn": "고객 요청"}"#,
            // ko:566-575, card list (a single object for the list).
            r#"{"ret_code": 0, "ret_msg": "OK", "list": {"card_cpny_cd": "S001",
                "card_cpny_name": "BC카드", "image_url": "/srs/htdocs/publish/images/icon_card_bc.png"}}"#,
            // ko:601-610, terms.
            r#"{"ret_code": 0, "ret_msg": "OK", "list": [{"terms_no": 1,
                "terms_nm": "전자금융거래 이용약관",
                "terms_ctnt": "<header class=”pgHeader”><h3 class=”title”>약관 및 동의</h3>….</div>"}]}"#,
        ]
        .iter()
        .map(|json| serde_json::from_str(json).expect("a seed example is valid JSON")),
    );
    examples
}

/// Wire names of response fields (at any depth), so that inserted members hit real fields.
const FIELDS: &[&str] = &[
    "resCd",
    "resMsg",
    "resDetailMsg",
    "pgCno",
    "paymentPageUrl",
    "startPageUrl",
    "transactionId",
    "status",
    "payAmount",
    "orderAmount",
    "discountAmount",
    "ret_code",
    "ret_msg",
    "redirect_url",
    "pay_type",
    "amount",
    "tid",
    "user_id",
    "pay_ispt_hash",
    "pay_info",
    "card_no",
    "tx_stat",
    "tx_amount",
    "list",
    "nintr_yn",
    "notice_list",
    "notice_type",
    "prmt_list",
    "max_cnt_aply_type",
    "max_cnt",
    "sort_no",
    "terms_no",
    "confirm_token",
    "escr_yn",
    "pay_amt",
    "user_tel_no",
    "custom_parameter",
];

/// Strings that mean something to some decoder: codes, digit strings, overflow, fractions.
const MEANINGFUL: &[&str] = &[
    "",
    "0",
    "0000",
    "998",
    "-1",
    "1.5",
    "10,00",
    "99999999999999999999",
    "Y",
    "N",
    "X",
    "CONFIRMED",
    "FAILED",
    "REFUNDED",
    "null",
    "\u{0}",
    "\u{feff}",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("JSON numbers are finite", |f| {
            serde_json::Number::from_f64(f).map(Value::Number)
        }),
        "-?[0-9]{0,22}".prop_map(Value::from),
        prop::sample::select(MEANINGFUL).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(FIELDS).prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// One structural change to a JSON document, at a place chosen among its nodes.
#[derive(Debug, Clone)]
enum Edit {
    /// Put a value of a random type where the node is.
    Replace(Index, Value),
    /// Drop the node from its object or array.
    Remove(Index),
    /// Add a member to the node, if it is an object.
    Insert(Index, String, Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), json()).prop_map(|(at, v)| Edit::Replace(at, v)),
        1 => any::<Index>().prop_map(Edit::Remove),
        1 => (any::<Index>(), key(), json()).prop_map(|(at, k, v)| Edit::Insert(at, k, v)),
    ]
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

/// Every node of `value`, as the steps from the root (the root itself first).
fn places(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(here.clone());
        let children: Vec<(Step, &Value)> = match value {
            Value::Object(map) => map.iter().map(|(k, v)| (Step::Key(k.clone()), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Step::At(i), v))
                .collect(),
            _ => Vec::new(),
        };
        for (step, child) in children {
            here.push(step);
            walk(child, here, out);
            here.pop();
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn node<'a>(mut value: &'a mut Value, steps: &[Step]) -> &'a mut Value {
    for step in steps {
        value = match (step, value) {
            (Step::Key(k), Value::Object(map)) => map.get_mut(k).expect("a listed key"),
            (Step::At(i), Value::Array(items)) => &mut items[*i],
            _ => unreachable!("places() lists only existing nodes"),
        };
    }
    value
}

fn apply(value: &mut Value, edit: &Edit) {
    let all = places(value);
    let place = |at: &Index| -> Vec<Step> { at.get::<Vec<Step>>(&all).clone() };
    match edit {
        Edit::Replace(at, new) => *node(value, &place(at)) = new.clone(),
        Edit::Remove(at) => {
            let steps = place(at);
            let Some((last, parent)) = steps.split_last() else {
                return; // the root stays
            };
            match (node(value, parent), last) {
                (Value::Object(map), Step::Key(k)) => {
                    map.remove(k);
                }
                (Value::Array(items), Step::At(i)) => {
                    items.remove(*i);
                }
                _ => unreachable!("a child's parent is an object or an array"),
            }
        }
        Edit::Insert(at, key, new) => {
            if let Value::Object(map) = node(value, &place(at)) {
                map.insert(key.clone(), new.clone());
            }
        }
    }
}

/// A byte-level change after serialisation.
#[derive(Debug, Clone)]
enum Damage {
    None,
    Truncate(Index),
    Flip(Index, u8),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        2 => Just(Damage::None),
        1 => any::<Index>().prop_map(Damage::Truncate),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Damage::Flip(at, byte)),
    ]
}

fn damaged(mut bytes: Vec<u8>, damage: &Damage) -> Vec<u8> {
    match damage {
        Damage::None => {}
        Damage::Truncate(at) => bytes.truncate(at.index(bytes.len() + 1)),
        Damage::Flip(at, byte) if !bytes.is_empty() => {
            let i = at.index(bytes.len());
            bytes[i] ^= byte | 1;
        }
        Damage::Flip(..) => {}
    }
    bytes
}

/// A JSON object as a form body, `key=value&...`, each non-string value as its JSON text:
/// what a callback body that drifted from the document would look like.
fn as_form(value: &Value) -> Vec<u8> {
    let Value::Object(map) = value else {
        return value.to_string().into_bytes();
    };
    let pairs: Vec<String> = map
        .iter()
        .map(|(k, v)| match v {
            Value::String(text) => format!("{k}={text}"),
            other => format!("{k}={other}"),
        })
        .collect();
    pairs.join("&").into_bytes()
}

/// Runs `test` on `cases` inputs drawn from `strategy`, each fed to `targets` decoders;
/// fails with the minimal failing input, else prints how many inputs ran.
fn fuzz<S: Strategy>(
    name: &str,
    cases: u32,
    targets: usize,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: Debug,
{
    let config = ProptestConfig {
        cases,
        // A failure prints its minimal input; no regressions file is written into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let inputs = Cell::new(0usize);
    let result = TestRunner::new(config).run(&strategy, |value| {
        inputs.set(inputs.get() + targets);
        test(value)
    });
    match result {
        Ok(()) => eprintln!(
            "fuzz: {name}: {} inputs ({cases} cases x {targets} targets)",
            inputs.get()
        ),
        Err(TestError::Fail(reason, input)) => panic!("{name}: {reason}\nminimal input: {input:?}"),
        Err(err) => panic!("{name}: {err}"),
    }
}

#[test]
fn responses_and_callbacks_survive_arbitrary_bytes() {
    let strategy = (status(), prop::collection::vec(any::<u8>(), 0..600));
    fuzz(
        "arbitrary bytes",
        BYTES_CASES,
        TARGETS_PER_INPUT,
        strategy,
        |(status, body)| decode_everywhere(status, &body, &body),
    );
}

#[test]
fn responses_and_callbacks_survive_mutated_examples() {
    let seeds = examples();
    let strategy = (
        status(),
        any::<Index>(),
        prop::collection::vec(edit(), 0..4),
        damage(),
    );
    fuzz(
        "mutated examples",
        EXAMPLE_CASES,
        TARGETS_PER_INPUT,
        strategy,
        |(status, seed, edits, damage)| {
            let mut value = seed.get(&seeds).clone();
            for edit in &edits {
                apply(&mut value, edit);
            }
            let body = damaged(serde_json::to_vec(&value).unwrap(), &damage);
            let form = damaged(as_form(&value), &damage);
            decode_everywhere(status, &body, &form)
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Specs
// ---------------------------------------------------------------------------------------------

/// The real specs, and the test spec that uses every feature of the format.
fn specs() -> Vec<(String, String)> {
    let root = paygen_tests::repo_root();
    [
        "specs/kicc_wechatpay.yaml",
        "specs/linenext_unifipay.yaml",
        "specs/shinhan_spg.yaml",
        "tests/specs/everything.yaml",
    ]
    .iter()
    .map(|path| {
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        (path.to_string(), text)
    })
    .collect()
}

/// Loads and generates `text`; a failure must be a spec error whose every diagnostic names
/// `path` and a line:column inside the text.
fn load_and_generate(path: &str, text: &str) -> Result<(), TestCaseError> {
    let source = SpecSource {
        path,
        text,
        documents: paygen_tests::documents_beside(path),
    };
    let loaded = paygen_codegen::load(&source);
    let generated = Settings::new().generate(&source);
    match (loaded, generated) {
        (Ok(_), Ok(file)) => prop_assert!(file.contents.starts_with("// @generated")),
        (Ok(_), Err(err)) => prop_assert!(false, "loads, but does not generate: {err}"),
        (Err(err), generated) => {
            let shown = err.to_string();
            prop_assert_eq!(
                generated.err().map(|e| e.to_string()),
                Some(shown.clone()),
                "generate must fail as load does"
            );
            let paygen_codegen::Error::Spec(diagnostics) = &err else {
                return Err(TestCaseError::fail(format!("not a spec error: {err}")));
            };
            prop_assert!(!diagnostics.is_empty());
            let lines = text.lines().count().max(1) + 1;
            for d in diagnostics {
                prop_assert!(
                    d.file == path && (1..=lines).contains(&d.line) && d.column >= 1,
                    "bad position {}:{}:{} in a {}-line text",
                    d.file,
                    d.line,
                    d.column,
                    lines - 1
                );
                let at = format!("{path}:{}:{}: error: ", d.line, d.column);
                prop_assert!(shown.contains(&at), "`{at}` not in:\n{shown}");
            }
        }
    }
    Ok(())
}

/// One change to a spec's text.
#[derive(Debug, Clone)]
enum SpecEdit {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    /// Replace one character with another.
    Replace(Index, char),
    /// Insert a YAML fragment at a character position.
    Insert(Index, &'static str),
    Truncate(Index),
}

/// Fragments that are YAML syntax, or spec keys, or values of the wrong kind.
const FRAGMENTS: &[&str] = &[
    ": ",
    "- ",
    "  ",
    "\t",
    "{",
    "}",
    "[",
    "]",
    "'",
    "\"",
    "#",
    "&a ",
    "*a",
    "!!binary ",
    "|\n",
    ">\n",
    "~",
    "null",
    "-1",
    "1e999",
    "99999999999999999999",
    "max_bytes: ",
    "required: ",
    "type: ",
    "ref: ",
    "kind: ",
    "wire: ",
    "source: ",
    "enum",
    "integer",
    "\n- ",
    "\n  - ",
    "\u{feff}",
    "\u{0}",
    "ko:0",
    "ko:99999",
    "💳",
];

/// Characters that change a YAML document's structure (and two that do not).
const CHARS: &[char] = &[':', '-', ' ', '"', '{', '\t', '\n', 'x', '0'];

fn spec_edit() -> impl Strategy<Value = SpecEdit> {
    prop_oneof![
        3 => any::<Index>().prop_map(SpecEdit::DeleteLine),
        1 => any::<Index>().prop_map(SpecEdit::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| SpecEdit::SwapLines(a, b)),
        3 => (any::<Index>(), prop::sample::select(CHARS))
            .prop_map(|(at, c)| SpecEdit::Replace(at, c)),
        3 => (any::<Index>(), prop::sample::select(FRAGMENTS)).prop_map(|(at, s)| SpecEdit::Insert(at, s)),
        1 => any::<Index>().prop_map(SpecEdit::Truncate),
    ]
}

fn edit_spec(text: &str, edit: &SpecEdit) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // A byte offset on a character boundary, `text.len()` included.
    let offset = |at: &Index| {
        let i = at.index(chars.len() + 1);
        chars.get(i).map_or(text.len(), |&(byte, _)| byte)
    };
    match edit {
        SpecEdit::DeleteLine(at) if !lines.is_empty() => {
            lines.remove(at.index(lines.len()));
        }
        SpecEdit::DuplicateLine(at) if !lines.is_empty() => {
            let i = at.index(lines.len());
            lines.insert(i, lines[i]);
        }
        SpecEdit::SwapLines(a, b) if !lines.is_empty() => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
        }
        SpecEdit::Replace(at, c) if !chars.is_empty() => {
            let (byte, old) = chars[at.index(chars.len())];
            return format!("{}{c}{}", &text[..byte], &text[byte + old.len_utf8()..]);
        }
        SpecEdit::Insert(at, fragment) => {
            let byte = offset(at);
            return format!("{}{fragment}{}", &text[..byte], &text[byte..]);
        }
        SpecEdit::Truncate(at) => return text[..offset(at)].to_owned(),
        _ => {}
    }
    lines.concat()
}

/// Each spec input goes to both `load` and `generate`.
const SPEC_TARGETS: usize = 2;

#[test]
fn the_spec_loader_survives_arbitrary_text() {
    let strategy = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2000)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        // Text made of YAML's syntax characters gets further into the parser.
        "[a-z_:\\- \\n\\[\\]{}\"'#&*!|>0-9]{0,400}",
    ];
    fuzz(
        "arbitrary spec text",
        SPEC_TEXT_CASES,
        SPEC_TARGETS,
        strategy,
        |text| load_and_generate("specs/arbitrary.yaml", &text),
    );
}

#[test]
fn the_spec_loader_survives_mutated_specs() {
    let specs = specs();
    let strategy = (any::<Index>(), prop::collection::vec(spec_edit(), 1..4));
    fuzz(
        "mutated specs",
        SPEC_MUTATION_CASES,
        SPEC_TARGETS,
        strategy,
        |(spec, edits)| {
            let (path, text) = spec.get(&specs);
            let mut text = text.clone();
            for edit in &edits {
                text = edit_spec(&text, edit);
            }
            load_and_generate(path, &text)
        },
    );
}

/// Nesting of any depth, in any mix of brackets, braces, quotes and comments, placed in a real
/// spec: the loader either reads it or refuses it with a position, and whatever is nested deeper
/// than `MAX_NESTING` outside quotes and comments is refused before it reaches the parser (which
/// would take time quadratic in the depth).
#[test]
fn the_spec_loader_refuses_deep_nesting_and_survives_any_nesting() {
    let specs = specs();
    let opener = prop_oneof![Just('['), Just('{'), Just('"'), Just('#'), Just(' ')];
    let strategy = (
        any::<Index>(),
        any::<Index>(),
        prop::collection::vec(opener, 0..8),
        0usize..2000,
    );
    fuzz(
        "nested specs",
        SPEC_NESTING_CASES,
        SPEC_TARGETS,
        strategy,
        |(spec, at, prefix, depth)| {
            let (path, text) = spec.get(&specs);
            let line_starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&i| i < text.len())
                .collect();
            let start = *at.get(&line_starts);
            let prefix: String = prefix.into_iter().collect();
            let deep = format!("k: {prefix}{}\n", "[".repeat(depth));
            let nested = format!("{}{deep}{}", &text[..start], &text[start..]);
            load_and_generate(path, &nested)?;
            let outside_quotes_and_comments = !prefix.contains(['"', '#']);
            let unclosed = prefix.matches(['[', '{']).count() + depth;
            if outside_quotes_and_comments && unclosed > paygen_codegen::MAX_NESTING {
                let Err(paygen_codegen::Error::Spec(diagnostics)) =
                    paygen_codegen::load(&SpecSource {
                        path,
                        text: &nested,
                        documents: paygen_tests::documents_beside(path),
                    })
                else {
                    return Err(TestCaseError::fail("deep nesting was not refused"));
                };
                prop_assert!(
                    diagnostics[0].message.contains("nest more than"),
                    "{}",
                    diagnostics[0]
                );
            }
            Ok(())
        },
    );
}
