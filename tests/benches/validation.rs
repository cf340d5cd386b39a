//! Benchmarks of request validation.
//!
//! `cargo bench -p paygen-tests --bench validation` runs:
//!
//! - `euc_kr_count/{ascii,hangul,mixed}/{paygen,encoding_rs}`: the EUC-KR byte count of a
//!   ~1 KiB text by `Encoding::EucKr.count` against `encoding_rs::EUC_KR.encode(..).0.len()`;
//! - `validate_payment_request/{paygen,garde,serde_json_to_vec}`: `Validate::validate` of a valid,
//!   fully populated Shinhan `PaymentRequest`, against the same rules written with `garde` on a
//!   hand-written copy of the struct, and against `serde_json::to_vec` of the same request;
//! - `validate_field_rules/{paygen,garde,serde_json_to_vec}`: the same for a struct with the
//!   character, digit, decimal and ISO 8601 rules of issue 13 on every field (the worst case);
//! - `validate_toss_create_payment/{paygen,garde,serde_json_to_vec}`: the same for Toss Pay's
//!   create-payment request with its documented rules, the new ones among them;
//! - `char_limit/hangul/{paygen,chars_count}`: a character limit on ~1 KiB of Hangul by
//!   `check::char_count` against `str::chars().count()`.
//!
//! Before timing, the bench checks that every timed pair computes the same thing, and counts heap
//! allocations through an instrumented global allocator: counting EUC-KR bytes and validating a
//! valid request must allocate nothing, or the bench panics.
//!
//! BENCHMARKS.md at the workspace root records the results and the targets.

use criterion::{BenchmarkId, Criterion, Throughput};
use paygen::shinhan_spg::{
    CardPurposeType, DeviceType, InstType, PayType, PaymentRequest, PgCode, YesNo,
};
use paygen_runtime::{Decimal, Encoding, Validate as _};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::collections::BTreeSet;
use std::hint::black_box;
use std::time::Duration;

/// Counts every allocation the bench binary makes. `stats_alloc` wraps `System` and counts calls
/// in `AtomicUsize`s; the workspace forbids `unsafe_code`, so the `GlobalAlloc` impl cannot live
/// in this file.
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// How many calls the allocation checks make.
const ALLOC_CHECK_CALLS: usize = 10_000;

/// The size the EUC-KR texts are cut to, in UTF-8 bytes.
const TEXT_BYTES: usize = 1024;

/// Allocation calls (`alloc`, `alloc_zeroed`, `realloc`) made while `f` runs.
fn allocations_during(f: impl FnOnce()) -> usize {
    let region = Region::new(GLOBAL);
    f();
    let change = region.change();
    change.allocations + change.reallocations
}

/// `unit` repeated and cut at a character boundary to at most `TEXT_BYTES` bytes.
fn text_of(unit: &str) -> String {
    let mut text = unit.repeat(TEXT_BYTES / unit.len() + 1);
    let mut end = TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

/// The three EUC-KR inputs: pure ASCII, pure Hangul syllables, and Korean product names and
/// addresses mixed with ASCII digits, Latin letters and punctuation.
fn euc_kr_texts() -> [(&'static str, String); 3] {
    [
        (
            "ascii",
            text_of(
                "Order 202108311259590001: Americano ICE x2, Chocolate cake x1; \
                 ship to 123 Teheran-ro, Gangnam-gu, Seoul 06236. ",
            ),
        ),
        (
            "hangul",
            text_of(
                "서울특별시강남구테헤란로역삼동신한은행결제요청상품주문번호\
                 배송메모문앞에놓아주세요아메리카노초코케이크고객사사용자",
            ),
        ),
        (
            "mixed",
            text_of(
                "서울특별시 강남구 테헤란로 123, 4층 (역삼동) / [신한] 아메리카노 ICE 2잔 + \
                 초코 케이크 1조각 / 배송메모: 문 앞에 놓아주세요. 010-1234-5678 / ",
            ),
        ),
    ]
}

/// The baseline: what `encoding_rs` encodes the text to, counted.
fn encoding_rs_count(text: &str) -> usize {
    encoding_rs::EUC_KR.encode(text).0.len()
}

/// A valid request with every field set (the one `tests/tests/shinhan_wire.rs` sends).
fn payment_request() -> PaymentRequest {
    paygen_tests::shinhan_payment_request()
}

/// `PaymentRequest` written by hand with its `#[validate(..)]` rules in `garde`'s terms.
///
/// Shinhan counts bytes in UTF-8, so `length(bytes, ..)` is the same measure. `required` on a
/// string is "not empty" in paygen, `length(bytes, min = 1)` here. garde has no `format` rule:
/// `month` and `hex_color` are anchored regexes. Unknown enum codes and the two conditional rules
/// (`amount` at least 100 when `pgcode` is `card`, `user_ci` required when it is `shpay`) are
/// `custom` functions, as garde has no rule for them.
///
/// The fields without a rule are only carried, so that the struct has the same size and shape
/// (hence `dead_code`).
#[derive(garde::Validate)]
#[allow(dead_code)]
struct GardePaymentRequest {
    #[garde(skip)]
    pgcode: PgCode,
    #[garde(length(bytes, min = 1, max = 10))]
    client_id: String,
    #[garde(length(bytes, min = 1, max = 50))]
    user_id: String,
    #[garde(length(bytes, min = 1, max = 20))]
    user_name: String,
    #[garde(length(bytes, min = 1, max = 50))]
    order_no: String,
    #[garde(custom(known_pay_type))]
    pay_type: PayType,
    #[garde(skip)]
    device_type: DeviceType,
    #[garde(range(min = 1), custom(at_least_100_for_card(self.pgcode)))]
    amount: i64,
    #[garde(length(bytes, min = 1, max = 50))]
    product_name: String,
    #[garde(length(bytes, min = 1, max = 255))]
    return_url: String,
    #[garde(length(bytes, min = 1, max = 255))]
    cancel_url: String,
    #[garde(length(bytes, min = 1, max = 255))]
    fail_url: String,
    #[garde(length(bytes, max = 88), custom(required_for_shpay(self.pgcode)))]
    user_ci: Option<String>,
    #[garde(skip)]
    taxfree_amount: Option<i64>,
    #[garde(skip)]
    tax_amount: Option<i64>,
    #[garde(skip)]
    cup_return_deposit: Option<i64>,
    #[garde(skip)]
    card_cpny_cd: Option<String>,
    #[garde(length(bytes, max = 2), pattern(r"^(0[0-9]|1[0-2])$"))]
    install_month: Option<String>,
    #[garde(skip)]
    inst_type: Option<InstType>,
    #[garde(custom(known_yes_no))]
    email_flag: Option<YesNo>,
    #[garde(length(bytes, max = 50))]
    email_addr: Option<String>,
    #[garde(length(bytes, max = 6), pattern(r"^[0-9A-Fa-f]{6}$"))]
    main_color: Option<String>,
    #[garde(length(bytes, max = 6), pattern(r"^[0-9A-Fa-f]{6}$"))]
    point_color: Option<String>,
    #[garde(length(bytes, max = 1000))]
    custom_parameter: Option<String>,
    #[garde(length(bytes, max = 11))]
    mobile_no: Option<String>,
    #[garde(skip)]
    card_purpose_type: Option<CardPurposeType>,
    #[garde(length(bytes, max = 100))]
    app_return_url: Option<String>,
    #[garde(length(bytes, max = 100))]
    app_cancel_url: Option<String>,
    #[garde(skip)]
    prepay_amount: Option<i64>,
}

impl From<&PaymentRequest> for GardePaymentRequest {
    fn from(r: &PaymentRequest) -> Self {
        GardePaymentRequest {
            pgcode: r.pgcode,
            client_id: r.client_id.clone(),
            user_id: r.user_id.clone(),
            user_name: r.user_name.clone(),
            order_no: r.order_no.clone(),
            pay_type: r.pay_type,
            device_type: r.device_type,
            amount: r.amount,
            product_name: r.product_name.clone(),
            return_url: r.return_url.clone(),
            cancel_url: r.cancel_url.clone(),
            fail_url: r.fail_url.clone(),
            user_ci: r.user_ci.clone(),
            taxfree_amount: r.taxfree_amount,
            tax_amount: r.tax_amount,
            cup_return_deposit: r.cup_return_deposit,
            card_cpny_cd: r.card_cpny_cd.clone(),
            install_month: r.install_month.clone(),
            inst_type: r.inst_type,
            email_flag: r.email_flag.clone(),
            email_addr: r.email_addr.clone(),
            main_color: r.main_color.clone(),
            point_color: r.point_color.clone(),
            custom_parameter: r.custom_parameter.clone(),
            mobile_no: r.mobile_no.clone(),
            card_purpose_type: r.card_purpose_type,
            app_return_url: r.app_return_url.clone(),
            app_cancel_url: r.app_cancel_url.clone(),
            prepay_amount: r.prepay_amount,
        }
    }
}

fn known_pay_type(value: &PayType, _: &()) -> garde::Result {
    match value {
        PayType::Unknown(_) => Err(garde::Error::new("is a code the gateway does not document")),
        _ => Ok(()),
    }
}

fn known_yes_no(value: &Option<YesNo>, _: &()) -> garde::Result {
    match value {
        Some(YesNo::Unknown(_)) => {
            Err(garde::Error::new("is a code the gateway does not document"))
        }
        _ => Ok(()),
    }
}

fn at_least_100_for_card(pgcode: PgCode) -> impl FnOnce(&i64, &()) -> garde::Result {
    move |amount, _| {
        if pgcode == PgCode::Card && *amount < 100 {
            Err(garde::Error::new(
                "must be at least 100 when `pgcode` is `card`",
            ))
        } else {
            Ok(())
        }
    }
}

fn required_for_shpay(pgcode: PgCode) -> impl FnOnce(&Option<String>, &()) -> garde::Result {
    move |user_ci, _| {
        if pgcode == PgCode::Shpay && user_ci.as_deref().is_none_or(str::is_empty) {
            Err(garde::Error::new("is required when `pgcode` is `shpay`"))
        } else {
            Ok(())
        }
    }
}

/// The fields paygen flags in `request`.
fn paygen_violations(request: &PaymentRequest) -> BTreeSet<String> {
    match request.validate() {
        Ok(()) => BTreeSet::new(),
        Err(errors) => errors.violations().iter().map(|v| v.path.clone()).collect(),
    }
}

/// The fields garde flags in the hand-written copy of `request`.
fn garde_violations(request: &PaymentRequest) -> BTreeSet<String> {
    match garde::Validate::validate(&GardePaymentRequest::from(request)) {
        Ok(()) => BTreeSet::new(),
        Err(report) => report.iter().map(|(path, _)| path.to_string()).collect(),
    }
}

/// A change that breaks one rule of a valid request.
type Breaks = fn(&mut PaymentRequest);

/// Both rule sets accept the valid request and reject each broken one at the same field.
fn check_rules_agree() {
    let valid = payment_request();
    assert_eq!(paygen_violations(&valid), BTreeSet::new());
    assert_eq!(garde_violations(&valid), BTreeSet::new());
    let broken: [(&str, Breaks); 14] = [
        ("client_id", |r| r.client_id.clear()),
        ("client_id", |r| r.client_id = "o2o-o2o-o2o".into()),
        ("user_name", |r| r.user_name = "테스터테스터테".into()),
        ("pay_type", |r| r.pay_type = PayType::Unknown(9)),
        ("amount", |r| r.amount = 0),
        ("amount", |r| r.amount = 99),
        ("return_url", |r| r.return_url = "x".repeat(256)),
        ("user_ci", |r| r.user_ci = Some("c".repeat(89))),
        ("user_ci", |r| {
            r.pgcode = PgCode::Shpay;
            r.user_ci = None;
        }),
        ("install_month", |r| r.install_month = Some("13".into())),
        ("email_flag", |r| {
            r.email_flag = Some(YesNo::Unknown("X".into()))
        }),
        ("main_color", |r| r.main_color = Some("FFFFFG".into())),
        ("point_color", |r| r.point_color = Some("#5379F".into())),
        ("mobile_no", |r| r.mobile_no = Some("010123456789".into())),
    ];
    for (field, breaks) in broken {
        let mut request = payment_request();
        breaks(&mut request);
        let expected = BTreeSet::from([field.to_owned()]);
        assert_eq!(paygen_violations(&request), expected, "paygen, {field}");
        assert_eq!(garde_violations(&request), expected, "garde, {field}");
    }
    // The regexes accept what `Format::Month` and `Format::HexColor` accept.
    for probe in [
        "00", "09", "10", "12", "13", "1", "+1", "0a", "5379ff", "5379FF", "5379FG", "가나",
    ] {
        let mut request = payment_request();
        request.install_month = Some(probe.into());
        request.main_color = Some(probe.into());
        assert_eq!(
            paygen_violations(&request),
            garde_violations(&request),
            "probe {probe}"
        );
    }
}

/// Counts the allocations of the timed operations and panics if paygen's allocate.
fn check_allocations(texts: &[(&'static str, String)], request: &PaymentRequest) {
    let garde_request = GardePaymentRequest::from(request);
    // Warm up lazily initialised state (garde's regexes) outside the counted regions.
    assert!(garde::Validate::validate(&garde_request).is_ok());
    for (name, text) in texts {
        let count = allocations_during(|| {
            for _ in 0..ALLOC_CHECK_CALLS {
                black_box(Encoding::EucKr.count(black_box(text)));
            }
        });
        let baseline = allocations_during(|| {
            for _ in 0..ALLOC_CHECK_CALLS {
                black_box(encoding_rs_count(black_box(text)));
            }
        });
        println!(
            "allocations: {ALLOC_CHECK_CALLS} x EucKr.count({name}) = {count}; \
             encoding_rs = {baseline}"
        );
        assert_eq!(count, 0, "EucKr.count({name}) allocated");
    }
    let ours = allocations_during(|| {
        for _ in 0..ALLOC_CHECK_CALLS {
            assert!(black_box(request).validate().is_ok());
        }
    });
    let garde = allocations_during(|| {
        for _ in 0..ALLOC_CHECK_CALLS {
            assert!(garde::Validate::validate(black_box(&garde_request)).is_ok());
        }
    });
    let json = allocations_during(|| {
        for _ in 0..ALLOC_CHECK_CALLS {
            black_box(serde_json::to_vec(black_box(request)).expect("serialises"));
        }
    });
    println!(
        "allocations: {ALLOC_CHECK_CALLS} x PaymentRequest::validate = {ours}; \
         garde = {garde}; serde_json::to_vec = {json}"
    );
    assert_eq!(ours, 0, "validating a valid PaymentRequest allocated");
}

fn euc_kr_count(c: &mut Criterion, texts: &[(&'static str, String)]) {
    let mut group = c.benchmark_group("euc_kr_count");
    for (name, text) in texts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new(*name, "paygen"), text, |b, text| {
            b.iter(|| Encoding::EucKr.count(black_box(text)));
        });
        group.bench_with_input(BenchmarkId::new(*name, "encoding_rs"), text, |b, text| {
            b.iter(|| encoding_rs_count(black_box(text)));
        });
    }
    group.finish();
}

fn validate_payment_request(c: &mut Criterion, request: &PaymentRequest) {
    let garde_request = GardePaymentRequest::from(request);
    let mut group = c.benchmark_group("validate_payment_request");
    group.bench_function("paygen", |b| b.iter(|| black_box(request).validate()));
    group.bench_function("garde", |b| {
        b.iter(|| garde::Validate::validate(black_box(&garde_request)))
    });
    group.bench_function("serde_json_to_vec", |b| {
        b.iter(|| serde_json::to_vec(black_box(request)))
    });
    group.finish();
}

/// The field rules issue 13 added, on one struct: character limits with an allowed set and a
/// forbidden set, a digit limit, an exact decimal's digits and scale, and an ISO 8601 time.
/// Values are what a Toss Pay or NICEPAY request carries, with Hangul in the description.
#[derive(paygen_runtime::Validate, serde::Serialize)]
struct RulesRequest {
    #[validate(required, max_chars = 50, alphanumeric, extra_chars = "_-:.^@")]
    order_no: String,
    #[validate(max_bytes = 765, max_chars = 255, forbidden_chars = "\\\"'")]
    product_desc: String,
    #[validate(max_digits = 13)]
    amount: i64,
    #[validate(max_digits = 7, max_scale = 2)]
    #[serde(with = "paygen_runtime::decimal::number")]
    usd_amount: Decimal,
    #[validate(format = "iso8601")]
    paid_at: Option<String>,
    #[validate(max_chars = 40, forbidden_chars = "\"")]
    mall_reserved: Option<String>,
}

/// The same rules in garde 0.22, as its user would write them: `length(chars)`, a regex for the
/// allowed set and the timestamp shape, `range` for the digit limit, custom checks for the
/// forbidden characters and the decimal.
#[derive(garde::Validate)]
struct GardeRulesRequest {
    #[garde(length(chars, min = 1, max = 50), pattern(r"^[0-9A-Za-z_\-:.^@]*$"))]
    order_no: String,
    #[garde(
        length(bytes, max = 765),
        length(chars, max = 255),
        custom(no_chars_of("\\\"'"))
    )]
    product_desc: String,
    #[garde(range(min = -9_999_999_999_999, max = 9_999_999_999_999))]
    amount: i64,
    #[garde(custom(decimal_fits))]
    usd_amount: Decimal,
    #[garde(pattern(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"))]
    paid_at: Option<String>,
    #[garde(length(chars, max = 40), custom(no_chars_of_option("\"")))]
    mall_reserved: Option<String>,
}

fn no_chars_of(forbidden: &'static str) -> impl FnOnce(&String, &()) -> garde::Result {
    move |text, _| match text.chars().any(|c| forbidden.contains(c)) {
        true => Err(garde::Error::new("holds a refused character")),
        false => Ok(()),
    }
}

fn no_chars_of_option(
    forbidden: &'static str,
) -> impl FnOnce(&Option<String>, &()) -> garde::Result {
    move |text, ctx| match text {
        Some(text) => no_chars_of(forbidden)(text, ctx),
        None => Ok(()),
    }
}

fn decimal_fits(value: &Decimal, _: &()) -> garde::Result {
    let whole = value.trunc().abs();
    match whole < Decimal::from(10_000_000) && value.scale() <= 2 {
        true => Ok(()),
        false => Err(garde::Error::new("has too many digits")),
    }
}

fn rules_request() -> RulesRequest {
    RulesRequest {
        order_no: "order_2026-12-02:0001".into(),
        product_desc: "토스페이 결제 테스트 상품 (1개) 무료 배송, 교환 가능".into(),
        amount: 1_250_000,
        usd_amount: Decimal::new(1203, 2),
        paid_at: Some("2026-12-02T14:05:09.123+09:00".into()),
        mall_reserved: Some("ref=A1;note=gift".into()),
    }
}

impl From<&RulesRequest> for GardeRulesRequest {
    fn from(r: &RulesRequest) -> Self {
        GardeRulesRequest {
            order_no: r.order_no.clone(),
            product_desc: r.product_desc.clone(),
            amount: r.amount,
            usd_amount: r.usd_amount,
            paid_at: r.paid_at.clone(),
            mall_reserved: r.mall_reserved.clone(),
        }
    }
}

/// A character limit on ~1 KiB of Hangul (341 syllables): the runtime's check against counting
/// `chars()` by hand.
fn char_limit(c: &mut Criterion, hangul: &str) {
    use paygen_runtime::validate::{check, Path, ValidationErrors};
    let limit = 400;
    let mut errors = ValidationErrors::default();
    check::char_count(&mut errors, &Path::root(), hangul, 0, limit);
    assert!(errors.is_empty() && hangul.chars().count() <= limit);
    let mut group = c.benchmark_group("char_limit");
    group.throughput(Throughput::Bytes(hangul.len() as u64));
    group.bench_function("hangul/paygen", |b| {
        b.iter(|| {
            let mut errors = ValidationErrors::default();
            check::char_count(&mut errors, &Path::root(), black_box(hangul), 0, limit);
            errors
        })
    });
    group.bench_function("hangul/chars_count", |b| {
        b.iter(|| black_box(hangul).chars().count() <= limit)
    });
    group.finish();
}

/// Toss Pay's create-payment request as its page documents it (specs/sources/tosspay-api.txt,
/// "결제 생성"): every field with its documented rule, the new ones among them (`orderNo`'s 50
/// characters of letters, digits and `_-:.^@`; `productDesc`'s 255 characters without `\`,
/// `"` or `'`; the amounts' 7 digits; `expiredTime`'s format). The realistic case, where
/// `RulesRequest` is the worst.
#[derive(paygen_runtime::Validate, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct TossCreatePayment {
    #[validate(required, max_bytes = 30)]
    #[serde(rename = "apiKey")]
    api_key: String,
    #[validate(required, max_chars = 50, alphanumeric, extra_chars = "_-:.^@")]
    #[serde(rename = "orderNo")]
    order_no: String,
    #[validate(required, max_chars = 255, forbidden_chars = "\\\"'")]
    #[serde(rename = "productDesc")]
    product_desc: String,
    #[validate(required, max_bytes = 255)]
    #[serde(rename = "retUrl")]
    ret_url: String,
    #[validate(required, max_bytes = 255)]
    #[serde(rename = "retCancelUrl")]
    ret_cancel_url: String,
    #[validate(max_bytes = 255)]
    #[serde(rename = "retAppScheme")]
    ret_app_scheme: Option<String>,
    #[serde(rename = "autoExecute")]
    auto_execute: bool,
    #[validate(max_bytes = 500)]
    #[serde(rename = "resultCallback")]
    result_callback: Option<String>,
    #[validate(max_bytes = 2)]
    #[serde(rename = "callbackVersion")]
    callback_version: Option<String>,
    #[validate(max_digits = 7)]
    amount: i64,
    #[validate(max_digits = 7)]
    #[serde(rename = "amountTaxFree")]
    amount_tax_free: i64,
    #[validate(max_digits = 7)]
    #[serde(rename = "amountTaxable")]
    amount_taxable: Option<i64>,
    #[validate(max_digits = 7)]
    #[serde(rename = "amountVat")]
    amount_vat: Option<i64>,
    #[validate(max_digits = 7)]
    #[serde(rename = "amountServiceFee")]
    amount_service_fee: Option<i64>,
    #[validate(max_bytes = 20, format = "datetime")]
    #[serde(rename = "expiredTime")]
    expired_time: Option<String>,
    #[validate(max_bytes = 100)]
    #[serde(rename = "enablePayMethods")]
    enable_pay_methods: Option<String>,
    #[serde(rename = "cashReceipt")]
    cash_receipt: bool,
    #[validate(max_bytes = 10)]
    #[serde(rename = "cashReceiptTradeOption")]
    cash_receipt_trade_option: Option<String>,
    #[validate(max_bytes = 10)]
    installment: Option<String>,
}

/// The same rules in garde, as with `GardeRulesRequest`. The booleans carry no rule; they are
/// copied so that both structs hold the same request.
#[derive(garde::Validate)]
#[allow(dead_code)]
struct GardeTossCreatePayment {
    #[garde(length(bytes, min = 1, max = 30))]
    api_key: String,
    #[garde(length(chars, min = 1, max = 50), pattern(r"^[0-9A-Za-z_\-:.^@]*$"))]
    order_no: String,
    #[garde(length(chars, min = 1, max = 255), custom(no_chars_of("\\\"'")))]
    product_desc: String,
    #[garde(length(bytes, min = 1, max = 255))]
    ret_url: String,
    #[garde(length(bytes, min = 1, max = 255))]
    ret_cancel_url: String,
    #[garde(length(bytes, max = 255))]
    ret_app_scheme: Option<String>,
    #[garde(skip)]
    auto_execute: bool,
    #[garde(length(bytes, max = 500))]
    result_callback: Option<String>,
    #[garde(length(bytes, max = 2))]
    callback_version: Option<String>,
    #[garde(range(min = -9_999_999, max = 9_999_999))]
    amount: i64,
    #[garde(range(min = -9_999_999, max = 9_999_999))]
    amount_tax_free: i64,
    #[garde(range(min = -9_999_999, max = 9_999_999))]
    amount_taxable: Option<i64>,
    #[garde(range(min = -9_999_999, max = 9_999_999))]
    amount_vat: Option<i64>,
    #[garde(range(min = -9_999_999, max = 9_999_999))]
    amount_service_fee: Option<i64>,
    #[garde(
        length(bytes, max = 20),
        pattern(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")
    )]
    expired_time: Option<String>,
    #[garde(length(bytes, max = 100))]
    enable_pay_methods: Option<String>,
    #[garde(skip)]
    cash_receipt: bool,
    #[garde(length(bytes, max = 10))]
    cash_receipt_trade_option: Option<String>,
    #[garde(length(bytes, max = 10))]
    installment: Option<String>,
}

/// The page's example request, completed with every documented field.
fn toss_request() -> TossCreatePayment {
    TossCreatePayment {
        api_key: "sk_test_w5lNQylNqa5lNQe013Nq".into(),
        order_no: "order_2026-12-02:0001".into(),
        product_desc: "토스페이 결제 테스트 상품 (1개) 무료 배송, 교환 가능".into(),
        ret_url: "https://shop.example.com/toss/return?orderNo=order_2026-12-02:0001".into(),
        ret_cancel_url: "https://shop.example.com/toss/cancel?orderNo=order_2026-12-02:0001".into(),
        ret_app_scheme: Some("shopapp://toss/return".into()),
        auto_execute: true,
        result_callback: Some("https://shop.example.com/toss/callback".into()),
        callback_version: Some("V2".into()),
        amount: 15_000,
        amount_tax_free: 0,
        amount_taxable: Some(13_637),
        amount_vat: Some(1_363),
        amount_service_fee: Some(0),
        expired_time: Some("2026-12-02 15:00:00".into()),
        enable_pay_methods: Some("TOSS_MONEY,CARD".into()),
        cash_receipt: true,
        cash_receipt_trade_option: Some("GENERAL".into()),
        installment: Some("USE".into()),
    }
}

impl From<&TossCreatePayment> for GardeTossCreatePayment {
    fn from(r: &TossCreatePayment) -> Self {
        GardeTossCreatePayment {
            api_key: r.api_key.clone(),
            order_no: r.order_no.clone(),
            product_desc: r.product_desc.clone(),
            ret_url: r.ret_url.clone(),
            ret_cancel_url: r.ret_cancel_url.clone(),
            ret_app_scheme: r.ret_app_scheme.clone(),
            auto_execute: r.auto_execute,
            result_callback: r.result_callback.clone(),
            callback_version: r.callback_version.clone(),
            amount: r.amount,
            amount_tax_free: r.amount_tax_free,
            amount_taxable: r.amount_taxable,
            amount_vat: r.amount_vat,
            amount_service_fee: r.amount_service_fee,
            expired_time: r.expired_time.clone(),
            enable_pay_methods: r.enable_pay_methods.clone(),
            cash_receipt: r.cash_receipt,
            cash_receipt_trade_option: r.cash_receipt_trade_option.clone(),
            installment: r.installment.clone(),
        }
    }
}

/// Both rule sets accept the valid request (built by `valid`) and reject each broken copy; the
/// valid one allocates nothing when paygen validates it.
fn check_rules<P, G>(name: &str, valid: fn() -> P, to_garde: fn(&P) -> G, broken: &[fn(&mut P)])
where
    P: paygen_runtime::Validate,
    G: garde::Validate<Context = ()>,
{
    let request = valid();
    assert!(
        request.validate().is_ok(),
        "paygen refuses the valid {name}"
    );
    assert!(
        garde::Validate::validate(&to_garde(&request)).is_ok(),
        "garde refuses the valid {name}"
    );
    for (i, breaks) in broken.iter().enumerate() {
        let mut r = valid();
        breaks(&mut r);
        assert!(r.validate().is_err(), "paygen accepts broken {name} {i}");
        assert!(
            garde::Validate::validate(&to_garde(&r)).is_err(),
            "garde accepts broken {name} {i}"
        );
    }
    let ours = allocations_during(|| {
        for _ in 0..ALLOC_CHECK_CALLS {
            assert!(black_box(&request).validate().is_ok());
        }
    });
    println!("allocations: {ALLOC_CHECK_CALLS} x {name}::validate = {ours}");
    assert_eq!(ours, 0, "validating a valid {name} allocated");
}

/// `<group>/{paygen,garde,serde_json_to_vec}` for one request and its garde copy.
fn bench_rules<P, G>(c: &mut Criterion, group: &str, request: &P, garde_request: &G)
where
    P: paygen_runtime::Validate + serde::Serialize,
    G: garde::Validate<Context = ()>,
{
    let mut group = c.benchmark_group(group);
    group.bench_function("paygen", |b| b.iter(|| black_box(request).validate()));
    group.bench_function("garde", |b| {
        b.iter(|| garde::Validate::validate(black_box(garde_request)))
    });
    group.bench_function("serde_json_to_vec", |b| {
        b.iter(|| serde_json::to_vec(black_box(request)))
    });
    group.finish();
}

fn main() {
    let texts = euc_kr_texts();
    for (name, text) in &texts {
        let (_, _, unmappable) = encoding_rs::EUC_KR.encode(text);
        assert!(!unmappable, "{name} has characters EUC-KR cannot encode");
        assert_eq!(
            Encoding::EucKr.count(text),
            encoding_rs_count(text),
            "{name}"
        );
        println!(
            "{name}: {} UTF-8 bytes, {} chars, {} EUC-KR bytes",
            text.len(),
            text.chars().count(),
            encoding_rs_count(text)
        );
    }
    check_rules_agree();
    let request = payment_request();
    check_allocations(&texts, &request);

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(2500))
        .configure_from_args();
    euc_kr_count(&mut c, &texts);
    validate_payment_request(&mut c, &request);
    check_rules(
        "RulesRequest",
        rules_request,
        |r| GardeRulesRequest::from(r),
        &[
            |r| r.order_no = "a".repeat(51),
            |r| r.order_no = "order#1".into(),
            |r| r.product_desc = "가".repeat(256),
            |r| r.product_desc = "say \"hi\"".into(),
            |r| r.amount = 10_000_000_000_000,
            |r| r.usd_amount = Decimal::new(12_034, 3),
            |r| r.paid_at = Some("2026-12-02T14:05:09".into()),
            |r| r.mall_reserved = Some("\"".into()),
        ],
    );
    let rules = rules_request();
    bench_rules(
        &mut c,
        "validate_field_rules",
        &rules,
        &GardeRulesRequest::from(&rules),
    );
    check_rules(
        "TossCreatePayment",
        toss_request,
        |r| GardeTossCreatePayment::from(r),
        &[
            |r| r.order_no = "order#1".into(),
            |r| r.product_desc = "it's".into(),
            |r| r.amount = 10_000_000,
            |r| r.expired_time = Some("2026-12-02T15:00:00".into()),
            |r| r.api_key.clear(),
            |r| r.callback_version = Some("V10".into()),
        ],
    );
    let toss = toss_request();
    bench_rules(
        &mut c,
        "validate_toss_create_payment",
        &toss,
        &GardeTossCreatePayment::from(&toss),
    );
    let hangul = &texts
        .iter()
        .find(|(name, _)| *name == "hangul")
        .expect("a hangul text")
        .1;
    char_limit(&mut c, hangul);
    c.final_summary();
}
