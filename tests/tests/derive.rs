//! Behaviour of `#[derive(Validate)]` on hand-written structs: paths follow serde's wire names,
//! every violation is reported at once in field order, and no report carries a field's value.

use paygen_runtime::validate::{Path, Rule};
use paygen_runtime::{Encoding, Validate, ValidationErrors};
use serde::Serialize;

#[derive(Serialize, Validate)]
struct CustomerInfo {
    #[serde(rename = "customerName")]
    #[validate(required, max_bytes = 20)]
    customer_name: String,
    #[serde(
        rename = "customerTel",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[validate(max_bytes = 11, digits)]
    customer_tel: Option<String>,
    /// Not validated: no `#[validate]`.
    #[serde(rename = "customerEmail")]
    customer_email: Option<String>,
}

#[derive(Serialize, Validate)]
struct Item {
    #[validate(required, ascii, one_of = ["A1", "B2"])]
    code: String,
    #[validate(max_bytes = 40)]
    name: String,
}

#[derive(Serialize, Validate)]
#[validate(encoding = "utf-8")]
struct Payment {
    #[serde(rename = "orderId")]
    #[validate(required)]
    #[validate(max_bytes = 8, ascii)]
    order_id: String,
    #[serde(rename = "payType")]
    #[validate(one_of = ["native", "mweb"])]
    pay_type: Option<String>,
    #[serde(rename = "customerInfo")]
    #[validate(required, nested)]
    customer_info: Option<CustomerInfo>,
    #[validate(nested)]
    items: Vec<Item>,
    #[validate(nested)]
    gift: Option<Box<Item>>,
    #[validate(digits)]
    r#type: String,
}

fn customer(name: &str) -> CustomerInfo {
    CustomerInfo {
        customer_name: name.to_owned(),
        customer_tel: Some("01012345678".to_owned()),
        customer_email: None,
    }
}

fn item(code: &str) -> Item {
    Item {
        code: code.to_owned(),
        name: "Sample Product".to_owned(),
    }
}

fn valid_payment() -> Payment {
    Payment {
        order_id: "ORD-0001".to_owned(),
        pay_type: Some("native".to_owned()),
        customer_info: Some(customer("홍길동")),
        items: vec![item("A1"), item("B2")],
        gift: None,
        r#type: "01".to_owned(),
    }
}

/// `(path, rule)` of each violation, in order.
fn violations(errors: &ValidationErrors) -> Vec<(&str, &Rule)> {
    errors
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), &v.rule))
        .collect()
}

fn max_bytes(limit: usize, actual: usize) -> Rule {
    Rule::MaxBytes {
        limit,
        actual,
        encoding: Encoding::Utf8,
    }
}

#[test]
fn a_valid_value_passes() {
    assert_eq!(valid_payment().validate(), Ok(()));
}

#[test]
fn every_violation_is_reported_at_once_in_field_order() {
    let payment = Payment {
        order_id: "주문-0001".to_owned(),
        pay_type: Some("card".to_owned()),
        customer_info: Some(CustomerInfo {
            customer_name: "가나다라마바사".to_owned(),
            customer_tel: Some("010-1234-5678".to_owned()),
            customer_email: Some("not checked".to_owned()),
        }),
        items: vec![item("A1"), item("가"), item("")],
        gift: Some(Box::new(item("C3"))),
        r#type: "x".to_owned(),
    };
    let errors = payment.validate().unwrap_err();
    let one_of_code = Rule::OneOf {
        allowed: &["A1", "B2"],
    };
    assert_eq!(
        violations(&errors),
        [
            ("orderId", &max_bytes(8, 11)),
            ("orderId", &Rule::Ascii),
            (
                "payType",
                &Rule::OneOf {
                    allowed: &["native", "mweb"]
                }
            ),
            ("customerInfo.customerName", &max_bytes(20, 21)),
            ("customerInfo.customerTel", &max_bytes(11, 13)),
            ("customerInfo.customerTel", &Rule::Digits),
            ("items[1].code", &Rule::Ascii),
            ("items[1].code", &one_of_code),
            ("items[2].code", &Rule::Required),
            ("items[2].code", &one_of_code),
            ("gift.code", &one_of_code),
            ("type", &Rule::Digits),
        ]
    );
}

#[test]
fn required_rejects_none_and_empty_strings() {
    let payment = Payment {
        order_id: String::new(),
        customer_info: None,
        ..valid_payment()
    };
    let errors = payment.validate().unwrap_err();
    assert_eq!(
        violations(&errors),
        [
            ("orderId", &Rule::Required),
            ("customerInfo", &Rule::Required)
        ]
    );
}

#[test]
fn optional_text_rules_skip_none() {
    let payment = Payment {
        pay_type: None,
        customer_info: Some(CustomerInfo {
            customer_tel: None,
            ..customer("홍길동")
        }),
        ..valid_payment()
    };
    assert_eq!(payment.validate(), Ok(()));
}

#[test]
fn hangul_is_counted_as_three_bytes_a_syllable() {
    // Seven syllables are 21 bytes in UTF-8, one over the limit of 20; six are 18.
    let errors = customer("가나다라마바사").validate().unwrap_err();
    assert_eq!(violations(&errors), [("customerName", &max_bytes(20, 21))]);
    assert_eq!(customer("가나다라마바").validate(), Ok(()));
}

#[test]
fn reports_never_contain_field_values() {
    let secrets = ["홍길동홍길동홍길", "010-9876-5432", "비밀주문번호"];
    let payment = Payment {
        order_id: secrets[2].to_owned(),
        customer_info: Some(CustomerInfo {
            customer_name: secrets[0].to_owned(),
            customer_tel: Some(secrets[1].to_owned()),
            customer_email: None,
        }),
        ..valid_payment()
    };
    let errors = payment.validate().unwrap_err();
    assert_eq!(errors.violations().len(), 5);
    let shown = format!("{errors}\n{errors:?}\n{errors:#?}");
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret} leaked into {shown}");
    }
}

#[test]
fn nested_violations_sit_under_the_callers_path() {
    let root = Path::root();
    let body = root.field("body");
    let mut errors = ValidationErrors::default();
    item("").validate_at(&body.index(3), &mut errors);
    let paths: Vec<_> = violations(&errors).into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths, ["body[3].code", "body[3].code"]);
}

#[derive(Validate)]
struct Envelope<'a, T>
where
    T: Validate,
{
    #[validate(nested)]
    body: T,
    #[validate(required, digits)]
    phone: &'a str,
    #[validate(ascii, max_bytes = 4)]
    memo: Option<&'a str>,
}

#[test]
fn generic_structs_and_borrowed_text_are_supported() {
    let envelope = Envelope {
        body: item("Z9"),
        phone: "",
        memo: Some("메모"),
    };
    let errors = envelope.validate().unwrap_err();
    assert_eq!(
        violations(&errors),
        [
            (
                "body.code",
                &Rule::OneOf {
                    allowed: &["A1", "B2"]
                }
            ),
            ("phone", &Rule::Required),
            ("memo", &max_bytes(4, 6)),
            ("memo", &Rule::Ascii),
        ]
    );
    let envelope = Envelope {
        body: item("A1"),
        phone: "0101234",
        memo: None,
    };
    assert_eq!(envelope.validate(), Ok(()));
}

#[derive(Validate)]
struct Unchecked {
    #[allow(dead_code)]
    note: String,
}

#[test]
fn a_struct_without_rules_always_passes() {
    let unchecked = Unchecked {
        note: "anything".to_owned(),
    };
    assert_eq!(unchecked.validate(), Ok(()));
}

/// Toss Pay's order number and description rules, written with the derive by hand.
#[derive(Validate)]
struct TossOrder {
    #[serde(rename = "orderNo")]
    #[validate(required, max_chars = 50)]
    order_no: String,
    #[serde(rename = "productDesc")]
    #[validate(max_chars = 255, max_bytes = 600, forbidden_chars = "\\\"'")]
    product_desc: Option<String>,
    #[validate(max_digits = 7)]
    amount: i64,
}

#[test]
fn a_fifty_character_limit_takes_fifty_hangul_syllables_and_refuses_fifty_one() {
    let fifty = "가".repeat(50);
    let mut order = TossOrder {
        order_no: fifty.clone(),
        product_desc: Some("설명".repeat(100)),
        amount: 9_999_999,
    };
    // 150 bytes of UTF-8, but 50 characters: within the limit the document counts in.
    assert!(order.validate().is_ok());
    order.order_no = format!("{fifty}가");
    order.product_desc = Some("설명".repeat(150));
    order.amount = -10_000_000;
    let errors = order.validate().unwrap_err();
    let found: Vec<(&str, &Rule)> = (errors.violations().iter())
        .map(|v| (v.path.as_str(), &v.rule))
        .collect();
    assert_eq!(
        found,
        [
            (
                "orderNo",
                &Rule::MaxChars {
                    limit: 50,
                    actual: 51
                }
            ),
            (
                "productDesc",
                &Rule::MaxBytes {
                    limit: 600,
                    actual: 900,
                    encoding: Encoding::Utf8
                }
            ),
            (
                "productDesc",
                &Rule::MaxChars {
                    limit: 255,
                    actual: 300
                }
            ),
            (
                "amount",
                &Rule::MaxDigits {
                    limit: 7,
                    actual: 8
                }
            ),
        ][..]
    );
}
