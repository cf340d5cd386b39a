//! Benchmarks of the whole generator: YAML load, checks, model, token emission and prettyplease.
//!
//! `cargo bench -p paygen-codegen` runs:
//!
//! - `all_vendor_specs`: every spec in `specs/`, read once before timing starts;
//! - `diff_all_vendor_specs`: `paygen_codegen::diff` of every spec against a copy with one
//!   tightened `max_bytes` each (both sides loaded, checked and compared);
//! - `audit_all_vendor_specs`: `paygen_codegen::audit` of every spec against its documents;
//! - `synthetic/{10,100,1000}`: a generated spec of N operations, each with its own 30-field
//!   request and response, sharing a few enums and nested objects. Time per iteration should
//!   grow about linearly with N.
//!
//! BENCHMARKS.md at the workspace root records the results and the targets.

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use paygen_codegen::{Documents, Settings, SpecSource};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// The operation counts of the synthetic specs.
const SIZES: [usize; 3] = [10, 100, 1000];

/// Fields per request and per response type.
const FIELDS: usize = 30;

/// The shared enums: name, repr, codes.
const ENUMS: [(&str, &str, &[&str]); 4] = [
    ("Currency", "string", &["KRW", "USD", "JPY", "CNY"]),
    ("PayMethod", "string", &["CARD", "BANK", "VBANK", "PHONE"]),
    ("Channel", "string", &["web", "mobile", "app"]),
    ("Status", "integer", &["1", "2", "3", "9"]),
];

/// The shared nested objects.
const OBJECTS: [&str; 2] = ["Address", "Buyer"];

/// Every `specs/*.yaml` as (path, text), sorted by path.
fn vendor_specs() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut specs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("reading {}: {err}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| {
            let name = path.file_name().expect("a file name").to_string_lossy();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
            (format!("specs/{name}"), text)
        })
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no specs in {}", dir.display());
    specs
}

/// The documents in specs/sources/, which the vendor specs cite.
fn vendor_documents() -> Documents {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/sources");
    let mut documents = Documents::new();
    for entry in
        std::fs::read_dir(&dir).unwrap_or_else(|err| panic!("reading {}: {err}", dir.display()))
    {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().expect("a file name").to_string_lossy();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
        documents.insert(name, text);
    }
    documents
}

/// The two documents a synthetic spec of `operations` operations cites: 70 lines an operation.
fn synthetic_documents(operations: usize) -> Documents {
    let text = "a synthetic document line\n".repeat(operations * 70 + 100);
    let mut documents = Documents::new();
    documents.insert("synthetic.ko.txt", text.clone());
    documents.insert("synthetic.en.txt", text);
    documents
}

/// Generates one spec and returns the size of the formatted file.
fn generate(settings: &Settings, path: &str, text: &str, documents: &Documents) -> usize {
    let file = settings
        .generate(&SpecSource {
            path,
            text,
            documents,
        })
        .unwrap_or_else(|err| panic!("{path}: {err}"));
    file.contents.len()
}

/// A valid spec with `operations` operations, each with its own request and response type of
/// [`FIELDS`] fields: ASCII and digit strings with `max_bytes`, integers, optional fields, a
/// conditional field, path and query parameters, shared enum refs and shared nested objects.
fn synthetic_spec(operations: usize) -> String {
    let mut y = String::new();
    y.push_str(
        "paygen: 1\n\
         vendor:\n  \
           module: synthetic_pay\n  \
           name: Synthetic Pay\n  \
           sources: {ko: synthetic.ko.txt, en: synthetic.en.txt}\n  \
           encoding: utf-8\n  \
           environments:\n    \
             - {name: sandbox, base_url: \"https://sandbox.synthetic.example\", source: \"ko:1\"}\n    \
             - {name: production, base_url: \"https://api.synthetic.example/v1\", source: \"ko:2\"}\n\
         conflicts:\n  \
           - {doc: \"ko:3 gives no lengths for responses.\", decision: \"Responses are lenient.\", why: \"Synthetic.\"}\n\
         operations:\n",
    );
    for op in 0..operations {
        let _ = write!(
            y,
            "  - name: operation_{op}\n    \
               summary: {{ko: 작업 {op}, en: \"Operation {op}.\"}}\n    \
               method: POST\n    \
               path: /merchants/{{merchantId}}/operations/{op}\n    \
               request: Operation{op}Request\n    \
               response: Operation{op}Response\n    \
               idempotency_key: orderId\n    \
               success: {{field: resultCode, equals: \"0000\", message: resultMsg, detail: detailMsg}}\n    \
               source: \"ko:{line}-{end}, en:{line}\"\n",
            line = 10 + op * 70,
            end = 80 + op * 70,
        );
    }
    y.push_str("types:\n");
    for op in 0..operations {
        object_type(&mut y, &format!("Operation{op}Request"), op, true);
        object_type(&mut y, &format!("Operation{op}Response"), op, false);
    }
    for name in OBJECTS {
        let _ = write!(
            y,
            "  - name: {name}\n    \
               kind: object\n    \
               description: {{ko: 공유 객체 {name}, en: \"Shared object {name}.\"}}\n    \
               source: \"ko:5\"\n    \
               fields:\n      \
                 - {{wire: line1, type: string, max_bytes: 100, required: true, description: {{ko: 첫째 줄, en: Line one.}}, source: \"ko:6\"}}\n      \
                 - {{wire: line2, type: string, max_bytes: 100, required: false, personal: true, description: {{ko: 둘째 줄, en: Line two.}}, source: \"ko:7\"}}\n      \
                 - {{wire: postCode, type: string, max_bytes: 6, chars: digits, required: false, example: \"04524\", description: {{ko: 우편번호, en: Post code.}}, source: \"ko:8\"}}\n      \
                 - {{wire: currency, type: enum, ref: Currency, max_bytes: 3, required: false, description: {{ko: 통화, en: Currency.}}, source: \"ko:9\"}}\n      \
                 - {{wire: count, type: integer, required: false, description: {{ko: 개수, en: Count.}}, source: \"ko:9\"}}\n",
        );
    }
    for (name, repr, codes) in ENUMS {
        let _ = write!(
            y,
            "  - name: {name}\n    \
               kind: enum\n    \
               repr: {repr}\n    \
               description: {{ko: 공유 코드 {name}, en: \"Shared codes {name}.\"}}\n    \
               source: \"ko:4\"\n    \
               variants:\n",
        );
        for code in codes {
            let value = if repr == "string" {
                format!("\"{code}\"")
            } else {
                (*code).to_owned()
            };
            let _ = writeln!(
                y,
                "      - {{value: {value}, description: {{ko: 코드 {code}, en: \"Code {code}.\"}}}}"
            );
        }
    }
    y
}

/// One object type of [`FIELDS`] fields; a request starts with its idempotency key and path
/// parameter, a response with its result code, message and detail.
fn object_type(y: &mut String, name: &str, op: usize, request: bool) {
    let role = if request { "request" } else { "response" };
    let _ = write!(
        y,
        "  - name: {name}\n    \
           kind: object\n    \
           description: {{ko: 작업 {op} {role}, en: \"Operation {op} {role}.\"}}\n    \
           source: \"ko:{}\"\n    \
           fields:\n",
        op + 1
    );
    // Citations count lines from 1.
    let src = |i: usize| format!("source: \"ko:{}, en:{}\"", op * 70 + i + 1, op * 70 + i + 1);
    let fixed: &[String] = if request {
        &[
            format!("{{wire: orderId, type: string, max_bytes: 40, chars: ascii, required: true, example: ORDER-{op}, description: {{ko: 주문번호, en: Order number.}}, {}}}", src(0)),
            format!("{{wire: merchantId, in: path, type: string, max_bytes: 10, chars: ascii, required: true, description: {{ko: 상점 ID, en: Merchant id.}}, {}}}", src(1)),
            format!("{{wire: lang, in: query, type: string, max_bytes: 2, chars: ascii, required: false, description: {{ko: 언어, en: Language.}}, {}}}", src(2)),
        ]
    } else {
        &[
            format!("{{wire: resultCode, type: string, max_bytes: 4, required: true, description: {{ko: 결과코드, en: Result code.}}, {}}}", src(0)),
            format!("{{wire: resultMsg, type: string, max_bytes: 200, required: false, description: {{ko: 결과메시지, en: Result message.}}, {}}}", src(1)),
            format!("{{wire: detailMsg, type: string, required: false, description: {{ko: 상세메시지, en: Detail message.}}, {}}}", src(2)),
        ]
    };
    for field in fixed {
        let _ = writeln!(y, "      - {field}");
    }
    // A request's last field is the conditional `extraNote` below.
    let generic = FIELDS - usize::from(request);
    for i in fixed.len()..generic {
        let wire = format!("field{i}");
        let source = src(i);
        let (kind, extra) = match i % 7 {
            0 => ("string", format!("max_bytes: {}, chars: ascii, required: true", 10 + i)),
            1 => ("string", "max_bytes: 20, required: false".to_owned()),
            2 => ("string", "max_bytes: 11, chars: digits, required: false, personal: true, example: \"01012345678\"".to_owned()),
            3 => ("integer", "required: true, example: 1000".to_owned()),
            4 => ("integer", "required: false".to_owned()),
            5 => {
                let (enum_name, _, codes) = ENUMS[(i / 7 + op) % ENUMS.len()];
                let max = codes.iter().map(|c| c.len()).max().unwrap_or(1);
                let required = if i % 2 == 0 { "true" } else { "false" };
                ("enum", format!("ref: {enum_name}, max_bytes: {max}, required: {required}"))
            }
            _ => {
                let object = OBJECTS[(i / 7 + op) % OBJECTS.len()];
                ("object", format!("ref: {object}, required: false"))
            }
        };
        let _ = writeln!(
            y,
            "      - {{wire: {wire}, type: {kind}, {extra}, description: {{ko: 필드 {i}, en: \"Field {i}.\"}}, {source}}}"
        );
    }
    if request {
        // A precise condition on `field5`, which refers to `ENUMS[op % ENUMS.len()]`.
        let (_, repr, codes) = ENUMS[op % ENUMS.len()];
        let code = if repr == "string" {
            format!("\"{}\"", codes[0])
        } else {
            codes[0].to_owned()
        };
        let _ = writeln!(
            y,
            "      - {{wire: extraNote, type: string, max_bytes: 50, required: {{when: \"field5 is {}\", field: field5, in: [{code}]}}, description: {{ko: 비고, en: Note.}}, {}}}",
            codes[0],
            src(generic),
        );
    }
}

fn bench_vendor_specs(c: &mut Criterion) {
    let specs = vendor_specs();
    let documents = vendor_documents();
    let settings = Settings::new();
    for (path, text) in &specs {
        assert!(generate(&settings, path, text, &documents) > 0);
    }
    c.bench_function("all_vendor_specs", |b| {
        b.iter(|| {
            specs
                .iter()
                .map(|(path, text)| {
                    generate(&settings, black_box(path), black_box(text), &documents)
                })
                .sum::<usize>()
        })
    });
}

/// The specs as the library takes them.
fn sources<'a>(specs: &'a [(String, String)], documents: &'a Documents) -> Vec<SpecSource<'a>> {
    specs
        .iter()
        .map(|(path, text)| SpecSource {
            path,
            text,
            documents,
        })
        .collect()
}

/// `diff` of all vendor specs against a copy in which each spec with a 20-byte field has it tightened:
/// both sides loaded and checked, then compared, as `paygen-codegen diff specs copy` does after
/// reading the files.
fn bench_diff(c: &mut Criterion) {
    let specs = vendor_specs();
    let documents = vendor_documents();
    // Specs without a 20-byte field are compared unchanged, which is as much work.
    let edited: Vec<(String, String)> = (specs.iter())
        .map(|(path, text)| {
            (
                path.clone(),
                text.replacen("max_bytes: 20", "max_bytes: 19", 1),
            )
        })
        .collect();
    let (old, new) = (sources(&specs, &documents), sources(&edited, &documents));
    let diff = paygen_codegen::diff(&old, &new).expect("the specs load");
    assert!(!diff.changes.is_empty(), "{}", diff.text());
    assert!(diff.changes_wire());
    c.bench_function("diff_all_vendor_specs", |b| {
        b.iter(|| {
            paygen_codegen::diff(black_box(&old), black_box(&new))
                .expect("the specs load")
                .changes
                .len()
        })
    });
}

/// `audit` of every vendor spec against its documents (loaded and checked too, as the command
/// does after reading the files).
fn bench_audit(c: &mut Criterion) {
    let specs = vendor_specs();
    let documents = vendor_documents();
    let sources = sources(&specs, &documents);
    for source in &sources {
        let audit = paygen_codegen::audit(source).expect("the specs load");
        assert!(audit.findings.is_empty(), "{}", audit.text());
    }
    c.bench_function("audit_all_vendor_specs", |b| {
        b.iter(|| {
            sources
                .iter()
                .map(|source| {
                    paygen_codegen::audit(black_box(source))
                        .expect("the specs load")
                        .coverage
                        .len()
                })
                .sum::<usize>()
        })
    });
}

fn bench_synthetic(c: &mut Criterion) {
    let settings = Settings::new();
    let mut group = c.benchmark_group("synthetic");
    // Iterations take from milliseconds to seconds: the same iteration count in every sample.
    group.sampling_mode(SamplingMode::Flat);
    for operations in SIZES {
        let text = synthetic_spec(operations);
        let path = format!("synthetic/{operations}.yaml");
        let documents = synthetic_documents(operations);
        // Fail early and clearly if the synthetic spec does not generate.
        let file = settings
            .generate(&SpecSource {
                path: &path,
                text: &text,
                documents: &documents,
            })
            .unwrap_or_else(|err| panic!("{path}: {err}"));
        let last = format!("pub async fn operation_{}(", operations - 1);
        assert!(file.contents.contains(&last), "{path}: no `{last}`");
        eprintln!(
            "{path}: {} KiB of YAML -> {} KiB of Rust",
            text.len() / 1024,
            file.contents.len() / 1024
        );
        drop(file);
        group
            .throughput(Throughput::Elements(operations as u64))
            .measurement_time(Duration::from_secs(if operations >= 1000 { 5 } else { 3 }))
            .sample_size(if operations >= 100 { 10 } else { 20 });
        group.bench_with_input(BenchmarkId::from_parameter(operations), &text, |b, text| {
            b.iter(|| generate(&settings, &path, black_box(text), &documents))
        });
    }
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default()
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(30)
        .configure_from_args();
    bench_vendor_specs(&mut criterion);
    bench_diff(&mut criterion);
    bench_audit(&mut criterion);
    bench_synthetic(&mut criterion);
    criterion.final_summary();
}
