//! The generated KICC WeChat Pay types against the rules and examples of its documents.

use paygen::kicc_wechatpay::{
    CreateTransactionRequest, CreateTransactionResponse, Currency, CustomerInfo, TradeType,
};
use paygen_runtime::__private::http::Outcome;
use paygen_runtime::{Encoding, Rule, Validate};
use paygen_tests::{doc_example, vendor_doc};

const KO: &str = "kicc-wechatpay-create-transaction.ko.txt";
const EN: &str = "kicc-wechatpay-create-transaction.en.txt";

fn request(customer_name: &str) -> CreateTransactionRequest {
    paygen_tests::kicc_request(customer_name)
}

#[test]
fn six_hangul_syllables_fit_the_20_byte_customer_name() {
    // 6 syllables x 3 UTF-8 bytes = 18 bytes <= 20.
    request("가나다라마바").validate().expect("18 bytes fit");
}

#[test]
fn seven_hangul_syllables_are_21_bytes_and_fail() {
    let errors = request("가나다라마바사").validate().unwrap_err();
    assert_eq!(errors.violations().len(), 1, "{errors}");
    let violation = &errors.violations()[0];
    assert_eq!(violation.path, "customerInfo.customerName");
    assert_eq!(
        violation.rule,
        Rule::MaxBytes {
            limit: 20,
            actual: 21,
            encoding: Encoding::Utf8
        }
    );
    let shown = errors.to_string();
    assert!(
        shown.contains(
            "`customerInfo.customerName` is 21 bytes in utf-8, more than the maximum of 20"
        ),
        "{shown}"
    );
    assert!(!shown.contains("가나다"), "the value leaked: {shown}");
}

#[test]
fn every_violation_is_reported_at_once_with_its_path() {
    let mut bad = request("홍길동");
    bad.mall_id = "T00010045".into(); // 9 bytes > 8
    bad.shop_transaction_id = String::new(); // required
    bad.goods_name = "예시 상품명".into(); // English only
    let customer = bad.customer_info.as_mut().unwrap();
    customer.customer_contact_no = Some("010-1234-5678".into()); // 13 bytes, not digits
    let errors = bad.validate().unwrap_err();
    let found: Vec<(&str, &Rule)> = errors
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), &v.rule))
        .collect();
    assert_eq!(
        found,
        [
            (
                "mallId",
                &Rule::MaxBytes {
                    limit: 8,
                    actual: 9,
                    encoding: Encoding::Utf8
                }
            ),
            ("shopTransactionId", &Rule::Required),
            ("goodsName", &Rule::Ascii),
            (
                "customerInfo.customerContactNo",
                &Rule::MaxBytes {
                    limit: 11,
                    actual: 13,
                    encoding: Encoding::Utf8
                }
            ),
            ("customerInfo.customerContactNo", &Rule::Digits),
        ]
    );
}

#[test]
fn limits_are_exact_at_the_boundary() {
    let mut at_limit = request("a".repeat(20).as_str());
    at_limit.shop_transaction_id = "x".repeat(60);
    at_limit.return_url = format!("https://{}", "r".repeat(248));
    at_limit.validate().expect("exactly at every limit");
    at_limit.shop_transaction_id.push('x');
    let errors = at_limit.validate().unwrap_err();
    assert_eq!(errors.violations()[0].path, "shopTransactionId");
}

#[test]
fn the_korean_request_example_serialises_to_the_same_json() {
    round_trip_request(&vendor_doc(KO), "요청 예시");
}

#[test]
fn the_english_request_example_serialises_to_the_same_json() {
    let example = round_trip_request(&vendor_doc(EN), "Request Example");
    // The English example's customer fields keep to the table's rules.
    let customer = example.customer_info.expect("the example has customerInfo");
    assert!(customer.validate().is_ok());
}

fn round_trip_request(doc: &str, heading: &str) -> CreateTransactionRequest {
    let json = doc_example(doc, heading);
    let request: CreateTransactionRequest =
        serde_json::from_value(json.clone()).expect("the example parses as the request type");
    assert_eq!(serde_json::to_value(&request).unwrap(), json);
    request
}

#[test]
fn the_response_examples_parse_as_successes() {
    for (doc, heading) in [(KO, "응답 예시"), (EN, "Response Example")] {
        let json = doc_example(&vendor_doc(doc), heading);
        let response: CreateTransactionResponse =
            serde_json::from_value(json.clone()).expect("the example parses");
        assert_eq!(response.res_cd, "0000");
        assert!(
            response.failure().is_none(),
            "{doc}: the example is a success"
        );
        assert!(response.payment_page_url.is_some());
        assert_eq!(response.res_detail_msg, None);
        assert_eq!(serde_json::to_value(&response).unwrap(), json);
    }
}

#[test]
fn a_non_success_code_is_a_failure_with_message_and_detail() {
    let response: CreateTransactionResponse = serde_json::from_str(
        r#"{"resCd":"E101","resMsg":"bad mall","resDetailMsg":"SIGNERROR%20x"}"#,
    )
    .unwrap();
    let failure = response.failure().expect("E101 is not 0000");
    assert_eq!(failure.code, "E101");
    assert_eq!(failure.message, "bad mall");
    assert_eq!(failure.detail.as_deref(), Some("SIGNERROR%20x"));
}

#[test]
fn enums_carry_the_documented_codes() {
    assert_eq!(
        TradeType::ALL.iter().map(|t| t.code()).collect::<Vec<_>>(),
        ["native", "mweb"]
    );
    assert_eq!(Currency::from_code("USD"), Some(Currency::Usd));
    assert_eq!(Currency::from_code("usd"), None);
    assert_eq!(serde_json::to_string(&TradeType::Mweb).unwrap(), "\"mweb\"");
    assert!(serde_json::from_str::<TradeType>("\"qr\"").is_err());
}

#[test]
fn optional_fields_are_left_out_of_the_json_not_sent_as_null() {
    let mut bare = request("x");
    bare.customer_info = Some(CustomerInfo::builder().build());
    let json = serde_json::to_value(&bare).unwrap();
    assert_eq!(json["customerInfo"], serde_json::json!({}));
    bare.customer_info = None;
    let json = serde_json::to_value(&bare).unwrap();
    assert!(json.get("customerInfo").is_none());
}

#[test]
fn debug_output_masks_personal_data() {
    let shown = format!("{:?}", request("홍길동"));
    for personal in [
        "홍길동",
        "User123",
        "test@email.com",
        "01012345678",
        "Seoul, Korea",
    ] {
        assert!(!shown.contains(personal), "{personal} leaked: {shown}");
    }
    assert!(shown.contains("customer_name: Some(<redacted>)"), "{shown}");
    assert!(
        shown.contains("T0001004"),
        "non-personal fields stay visible: {shown}"
    );
}
