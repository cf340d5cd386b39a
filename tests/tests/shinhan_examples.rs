//! Every response example of the Shinhan SPG document, as printed there, decoded into the
//! generated response types.
//!
//! The examples are not valid JSON (curly quotes, `//` comments, missing commas, an elided
//! `… …` line, a key without its opening quote). [`clean`] repairs that syntax and nothing else:
//! [`cleaning_keeps_every_value`] checks that each decoded string and number is printed, as is,
//! in the document.
//!
//! Document: specs/sources/shinhan-spg-payments.ko.txt, cited as ko:LINE.

use paygen::shinhan_spg::{
    CancelResponse, CardListResponse, ConfirmInfoResponse, ConfirmResponse, PayType,
    PaymentRequestResponse, ReceiptResponse, ReturnUrlCallback, TermsInfoListResponse, TxStat,
    YesNo,
};
use paygen_runtime::__private::http::Outcome;
use paygen_tests::vendor_doc;
use serde::de::DeserializeOwned;

const KO: &str = "shinhan-spg-payments.ko.txt";

/// The quote characters the document uses: ASCII and typographic (U+201C, U+201D).
const QUOTES: [char; 3] = ['"', '\u{201c}', '\u{201d}'];

/// Lines `first..=last` (1-based, as cited) of the document: the `HTTP 1.1 ...` status line the
/// example starts with, and the printed body after it.
fn printed(first: usize, last: usize) -> (String, String) {
    let doc = vendor_doc(KO);
    let lines: Vec<&str> = doc.lines().collect();
    let status = lines[first - 1].trim().to_owned();
    assert!(
        status.starts_with("HTTP 1.1 "),
        "ko:{first} is not a status line: {status}"
    );
    let body = lines[first..last].join("\n");
    assert!(
        body.trim_start().starts_with('{') && body.trim_end().ends_with('}'),
        "ko:{}-{last} is not one printed object:\n{body}",
        first + 1
    );
    (status, body)
}

/// The printed example made valid JSON, repairing only its syntax:
/// - quote characters that open or close a key or a string value become `"` (typographic quotes
///   inside a value, as in ko:608, are part of the value and stay);
/// - `//` comments outside strings are removed;
/// - the elision line `… …` (ko:365) is dropped;
/// - a key without its opening quote (ko:605) gets one;
/// - a missing comma is inserted before a `"key":` line.
fn clean(printed: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in printed.lines().map(str::trim) {
        if line.is_empty() || line.chars().all(|c| c == '…' || c.is_whitespace()) {
            continue;
        }
        let cleaned = if line.starts_with(['{', '}', '[', ']']) {
            line.to_owned()
        } else {
            clean_member(line)
        };
        if cleaned.starts_with('"') {
            if let Some(previous) = out.last_mut() {
                if !previous.ends_with([',', '{', '[']) {
                    previous.push(',');
                }
            }
        }
        out.push(cleaned);
    }
    out.join("\n")
}

/// One `key: value[,] [// comment]` line, as `"key": value[,]`.
fn clean_member(line: &str) -> String {
    // The key: an identifier between quotes; ko:605 lost the opening one.
    let rest = line.strip_prefix(QUOTES).unwrap_or(line);
    let key_end = rest
        .find(QUOTES)
        .unwrap_or_else(|| panic!("no key in `{line}`"));
    let key = &rest[..key_end];
    assert!(
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
        "not a key: `{key}` in `{line}`"
    );
    let value = rest[key_end..]
        .strip_prefix(QUOTES)
        .unwrap()
        .trim_start()
        .strip_prefix(':')
        .unwrap_or_else(|| panic!("no `:` after the key in `{line}`"))
        .trim_start();

    let (value, tail) = match value.strip_prefix(QUOTES) {
        // A string: from its opening quote to the last quote on the line. Quotes in between
        // belong to the value; a straight one would be escaped, which keeps the value.
        Some(text) => {
            let end = text
                .rfind(QUOTES)
                .unwrap_or_else(|| panic!("unterminated string in `{line}`"));
            let close = text[end..].chars().next().unwrap().len_utf8();
            let content = text[..end].replace('\\', "\\\\").replace('"', "\\\"");
            (format!("\"{content}\""), &text[end + close..])
        }
        // A number, `{` or `[{`: everything up to a comma or a comment.
        None => {
            let end = value.find([',', '/']).unwrap_or(value.len());
            (value[..end].trim_end().to_owned(), &value[end..])
        }
    };
    // After the value only a comma and a comment may follow.
    let tail = tail.trim_start();
    let (comma, comment) = match tail.strip_prefix(',') {
        Some(after) => (",", after.trim_start()),
        None => ("", tail),
    };
    assert!(
        comment.is_empty() || comment.starts_with("//"),
        "unexpected text after the value in `{line}`: `{comment}`"
    );
    format!("\"{key}\": {value}{comma}")
}

/// The example at ko:`first`-`last`, cleaned and decoded as `T`; also returns the status line.
fn decode<T: DeserializeOwned>(first: usize, last: usize) -> (String, T) {
    let (status, body) = printed(first, last);
    let json = clean(&body);
    let value = serde_json::from_str(&json).unwrap_or_else(|err| {
        panic!(
            "ko:{first}-{last} as {}: {err}\n{json}",
            std::any::type_name::<T>()
        )
    });
    (status, value)
}

/// Every printed example: (first line, last line) of status line plus body.
const EXAMPLES: &[(usize, usize)] = &[
    (101, 106),
    (107, 111),
    (239, 244),
    (245, 249),
    (285, 301),
    (346, 367),
    (368, 372),
    (400, 408),
    (409, 413),
    (441, 449),
    (450, 454),
    (473, 478),
    (479, 483),
    (507, 518),
    (519, 523),
    (566, 575),
    (576, 580),
    (601, 610),
    (611, 615),
];

// -------------------------------------------------------------------------------------------
// The cleaning itself
// -------------------------------------------------------------------------------------------

#[test]
fn cleaning_repairs_only_syntax() {
    assert_eq!(clean_member("“escr_yn”:”N”"), r#""escr_yn": "N""#);
    assert_eq!(
        clean_member("“pay_type\": 2, // 결제 유형 (2: 복합 일반)"),
        r#""pay_type": 2,"#
    );
    assert_eq!(
        clean_member(r#""redirect_url": "https://x.example/a?b=1.." // 웹 화면"#),
        r#""redirect_url": "https://x.example/a?b=1..""#
    );
    assert_eq!(clean_member(r#"list": [{"#), r#""list": [{"#);
    assert_eq!(
        clean_member("\"terms_ctnt\": “<h3 class=”title”>약관</h3>….</div>\""),
        "\"terms_ctnt\": \"<h3 class=”title”>약관</h3>….</div>\""
    );
    assert_eq!(
        clean("{\n\"a\": 1\n“b”: “x”\n\"c\": [\n{\n… …\n}]\n}"),
        "{\n\"a\": 1,\n\"b\": \"x\",\n\"c\": [\n{\n}]\n}"
    );
}

#[test]
fn every_printed_example_is_valid_json_after_cleaning() {
    for &(first, last) in EXAMPLES {
        let (_, body) = printed(first, last);
        let json = clean(&body);
        if let Err(err) = serde_json::from_str::<serde_json::Value>(&json) {
            panic!("ko:{first}-{last}: {err}\n{json}");
        }
    }
}

#[test]
fn cleaning_keeps_every_value() {
    fn values(value: &serde_json::Value, found: &mut Vec<String>) {
        match value {
            serde_json::Value::String(text) => found.push(text.clone()),
            serde_json::Value::Number(number) => found.push(number.to_string()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| values(v, found)),
            serde_json::Value::Object(map) => map.values().for_each(|v| values(v, found)),
            _ => {}
        }
    }
    for &(first, last) in EXAMPLES {
        let (_, body) = printed(first, last);
        let json: serde_json::Value = serde_json::from_str(&clean(&body)).unwrap();
        let mut found = Vec::new();
        values(&json, &mut found);
        for value in found {
            assert!(
                body.contains(&value),
                "ko:{first}-{last}: `{value}` is not printed in the document"
            );
        }
    }
}

// -------------------------------------------------------------------------------------------
// 결제 요청 / 통합결제창 결제 요청 (ko:101-111, ko:239-249)
// -------------------------------------------------------------------------------------------

#[test]
fn the_payment_request_answers_decode() {
    for (ok, unauthorized) in [((101, 106), (107, 111)), ((239, 244), (245, 249))] {
        let (status, answer): (_, PaymentRequestResponse) = decode(ok.0, ok.1);
        assert_eq!(status, "HTTP 1.1 200 OK");
        assert_eq!(answer.ret_code, 0);
        assert_eq!(answer.ret_msg.as_deref(), Some("OK"));
        // The comment after the URL is gone, the URL's own `//` kept.
        assert_eq!(
            answer.redirect_url.as_deref(),
            Some("https://devpayapispg.shinhan.com/pgsvc/pay?token=2021083110239001duf..")
        );
        assert!(answer.failure().is_none());

        let (status, answer): (_, PaymentRequestResponse) = decode(unauthorized.0, unauthorized.1);
        assert_eq!(status, "HTTP 1.1 401 Unauthorized");
        assert_unauthorized(
            answer.ret_code,
            answer.failure(),
            "token is missing or incorrect.",
        );
        assert_eq!(answer.redirect_url, None);
    }
}

/// A 998 example: the code and message become the failure.
fn assert_unauthorized(ret_code: i64, failure: Option<paygen_runtime::ApiFailure>, message: &str) {
    assert_eq!(ret_code, 998);
    let failure = failure.expect("998 is a failure");
    assert_eq!(failure.code, "998");
    assert_eq!(failure.message, message);
}

// -------------------------------------------------------------------------------------------
// return_url callback (ko:285-301)
// -------------------------------------------------------------------------------------------

#[test]
fn the_return_url_callback_example_decodes() {
    let (status, callback): (_, ReturnUrlCallback) = decode(285, 301);
    assert_eq!(status, "HTTP 1.1 200 OK");
    assert_eq!(callback.order_no.as_deref(), Some("202108310937510001"));
    assert_eq!(
        callback.custom_parameter.as_deref(),
        Some("auoh1238u123uy...")
    );
    assert_eq!(callback.escr_yn, Some(YesNo::No));
    assert_eq!(callback.tid.as_deref(), Some("거래번호"));
    assert_eq!(callback.bank_nm.as_deref(), Some("입금은행"));
    assert_eq!(callback.user_nm.as_deref(), Some("예금주명"));
    assert_eq!(callback.vald_dt.as_deref(), Some("20240909"));
    assert_eq!(callback.gods_nm.as_deref(), Some("상품명"));
    assert_eq!(callback.email.as_deref(), Some("aaaaaa@ccc.com"));
    assert_eq!(callback.user_tel_no.as_deref(), Some("01012345678"));
    assert_eq!(callback.pay_amt, Some(46000)); // printed as "46000" (ko:298)
    assert_eq!(callback.ret_code, Some(0));
    assert_eq!(callback.ret_msg.as_deref(), Some("OK"));

    // The generated decoder reads it the same way.
    let (_, body) = printed(285, 301);
    assert_eq!(
        ReturnUrlCallback::from_json(clean(&body).as_bytes()).unwrap(),
        callback
    );
}

#[test]
fn the_callbacks_confinm_token_spelling_yields_the_confirm_token() {
    // ko:289 prints "confinm_token"; the tables say confirm_token (ko:273, ko:311). The spec
    // keeps the tables' name and accepts the example's as an alias, so the token is read either
    // way and a merchant can always confirm.
    let (_, body) = printed(285, 301);
    assert!(body.contains("\"confinm_token\": \"aaaaaa.bbbbbb.ccccc\""));
    let (_, callback): (_, ReturnUrlCallback) = decode(285, 301);
    assert_eq!(
        callback.confirm_token.as_deref(),
        Some("aaaaaa.bbbbbb.ccccc")
    );
    let fixed = clean(&body).replace("confinm_token", "confirm_token");
    let callback: ReturnUrlCallback = serde_json::from_str(&fixed).unwrap();
    assert_eq!(
        callback.confirm_token.as_deref(),
        Some("aaaaaa.bbbbbb.ccccc")
    );
    // As the browser's form POST too.
    let form = ReturnUrlCallback::from_form(b"ret_code=0&confinm_token=T-1").unwrap();
    assert_eq!(form.confirm_token.as_deref(), Some("T-1"));
}

// -------------------------------------------------------------------------------------------
// 결제 승인 (ko:346-372)
// -------------------------------------------------------------------------------------------

#[test]
fn the_confirm_answers_decode() {
    let (status, confirmed): (_, ConfirmResponse) = decode(346, 367);
    assert_eq!(status, "HTTP 1.1 200 OK");
    assert_eq!(confirmed.ret_code, 0);
    assert_eq!(confirmed.pay_type, Some(PayType::CombinedGeneral));
    assert_eq!(confirmed.order_no.as_deref(), Some("202108311259590001"));
    assert_eq!(confirmed.product_name.as_deref(), Some("테스트 상품"));
    assert_eq!(confirmed.user_id.as_deref(), Some("test01"));
    // Amounts printed as strings (ko:355-358) decode as integers.
    assert_eq!(confirmed.amount, Some(1000));
    assert_eq!(confirmed.discount_amount, Some(100));
    assert_eq!(confirmed.taxfree_amount, Some(0));
    assert_eq!(confirmed.tax_amount, Some(90));
    assert_eq!(confirmed.tid.as_deref(), Some("202108311259590006"));
    assert_eq!(
        confirmed.pay_ispt_hash.as_deref(),
        Some("941365C04218FF129B790AB1244F8A012BA64E872C3CB8E0C9978A2F76C202F0")
    );
    assert_eq!(confirmed.tx_date.as_deref(), Some("2021-08-31 12:59:59"));
    // The elided pay_info (ko:363-366) is one card with nothing in it. install_month, printed
    // at the top level (ko:360), belongs to pay_info in the spec, so it is not read there.
    let pay_info = confirmed.pay_info.as_deref().expect("pay_info is printed");
    assert_eq!(pay_info.len(), 1);
    assert_eq!(pay_info[0].install_month, None);
    assert_eq!(pay_info[0].card_cpny_cd, None);
    assert!(confirmed.failure().is_none());

    let (status, answer): (_, ConfirmResponse) = decode(368, 372);
    assert_eq!(status, "HTTP 1.1 401 Unauthorized");
    assert_unauthorized(
        answer.ret_code,
        answer.failure(),
        "token is missing or incorrect.",
    );
    assert_eq!(answer.pay_ispt_hash, None);
}

// -------------------------------------------------------------------------------------------
// 결제 취소 / 부분 취소 (ko:400-413, ko:441-454)
// -------------------------------------------------------------------------------------------

#[test]
fn the_cancel_and_partial_cancel_answers_decode() {
    for (ok, unauthorized) in [((400, 408), (409, 413)), ((441, 449), (450, 454))] {
        let (status, cancelled): (_, CancelResponse) = decode(ok.0, ok.1);
        assert_eq!(status, "HTTP 1.1 200 OK");
        assert_eq!(cancelled.ret_code, 0);
        assert_eq!(cancelled.ret_msg.as_deref(), Some("OK"));
        assert_eq!(
            cancelled.tid.as_deref(),
            Some("tpay_test202108311259590002")
        );
        assert_eq!(cancelled.cid.as_deref(), Some("123456"));
        assert_eq!(cancelled.amount, Some(1000));
        assert_eq!(cancelled.tx_date.as_deref(), Some("2021-08-31 15:01:07"));
        assert!(cancelled.failure().is_none());

        let (status, answer): (_, CancelResponse) = decode(unauthorized.0, unauthorized.1);
        assert_eq!(status, "HTTP 1.1 401 Unauthorized");
        assert_unauthorized(
            answer.ret_code,
            answer.failure(),
            "token is missing or incorrect.",
        );
    }
}

// -------------------------------------------------------------------------------------------
// 거래 확인서 (ko:473-483)
// -------------------------------------------------------------------------------------------

#[test]
fn the_receipt_answers_decode() {
    let (status, receipt): (_, ReceiptResponse) = decode(473, 478);
    assert_eq!(status, "HTTP 1.1 200 OK");
    assert_eq!(receipt.ret_code, 0);
    assert_eq!(
        receipt.redirect_url.as_deref(),
        Some("https://devpayapispg.shinhan.com/pgsvc/receipt/receipt_all.asp?id=...")
    );

    let (status, answer): (_, ReceiptResponse) = decode(479, 483);
    assert_eq!(status, "HTTP 1.1 401 Unauthorized");
    assert_unauthorized(
        answer.ret_code,
        answer.failure(),
        "token is missing or incorrect.",
    );
}

// -------------------------------------------------------------------------------------------
// 결제 거래정보 조회 (ko:507-523)
// -------------------------------------------------------------------------------------------

#[test]
fn the_confirm_info_answers_decode() {
    let (status, info): (_, ConfirmInfoResponse) = decode(507, 518);
    assert_eq!(status, "HTTP 1.1 200 OK");
    assert_eq!(info.ret_code, 0);
    assert_eq!(info.user_id.as_deref(), Some("test_01"));
    assert_eq!(info.tid.as_deref(), Some("202108311259590006"));
    assert_eq!(info.tx_stat, Some(TxStat::Cancelled));
    assert_eq!(info.tx_date.as_deref(), Some("2021-12-22 12:59:59"));
    assert_eq!(info.cncl_date.as_deref(), Some("2021-12-22 13:05:59"));
    assert_eq!(info.cncl_rsn.as_deref(), Some("고객 요청"));

    let (status, answer): (_, ConfirmInfoResponse) = decode(519, 523);
    assert_eq!(status, "HTTP 1.1 401 Unauthorized");
    assert_unauthorized(answer.ret_code, answer.failure(), "there is no data.");
}

#[test]
fn the_confirm_info_tax_amount_is_not_a_field_and_is_ignored() {
    // ko:513 prints "tax_amount": "10,00", a key in no table; the table's tx_amount (ko:498) is
    // missing. The spec keeps tx_amount and ignores unknown keys.
    let (_, body) = printed(507, 518);
    assert!(body.contains("\"tax_amount\": \"10,00\""));
    let (_, info): (_, ConfirmInfoResponse) = decode(507, 518);
    assert_eq!(info.tx_amount, None);

    // Had it been read as tx_amount, "10,00" would not be an integer.
    let as_tx_amount = clean(&body).replace("\"tax_amount\"", "\"tx_amount\"");
    assert!(serde_json::from_str::<ConfirmInfoResponse>(&as_tx_amount).is_err());
}

// -------------------------------------------------------------------------------------------
// 카드사 목록 조회 (ko:566-580)
// -------------------------------------------------------------------------------------------

#[test]
fn the_card_list_example_prints_list_as_one_object_and_it_decodes_as_one_card() {
    // The table says JSON Array (ko:536); the example prints an object (ko:570-574). Decoding
    // reads a single object as a one-element array.
    let (_, body) = printed(566, 575);
    let json: serde_json::Value = serde_json::from_str(&clean(&body)).unwrap();
    assert!(
        json["list"].is_object(),
        "the example prints list as an object"
    );

    let (status, cards): (_, CardListResponse) = decode(566, 575);
    assert_eq!(status, "HTTP 1.1 200 OK");
    assert_eq!(cards.ret_code, 0);
    let list = cards.list.expect("list is printed");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].card_cpny_cd.as_deref(), Some("S001"));
    assert_eq!(list[0].card_cpny_name.as_deref(), Some("BC카드"));
    assert_eq!(
        list[0].image_url.as_deref(),
        Some("/srs/htdocs/publish/images/icon_card_bc.png")
    );
    assert_eq!(list[0].notice_list, None);
    assert_eq!(list[0].prmt_list, None);
}

#[test]
fn the_card_list_failure_example_decodes() {
    let (status, answer): (_, CardListResponse) = decode(576, 580);
    assert_eq!(status, "HTTP 1.1 401 Unauthorized");
    assert_unauthorized(answer.ret_code, answer.failure(), "there is no data.");
    assert_eq!(answer.list, None);
}

// -------------------------------------------------------------------------------------------
// PG약관 조회 (ko:601-615)
// -------------------------------------------------------------------------------------------

#[test]
fn the_terms_answers_decode() {
    let (status, terms): (_, TermsInfoListResponse) = decode(601, 610);
    assert_eq!(status, "HTTP 1.1 200 OK");
    assert_eq!(terms.ret_code, 0);
    let list = terms.list.expect("list is printed");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].terms_no, Some(1));
    assert_eq!(list[0].terms_nm.as_deref(), Some("전자금융거래 이용약관"));
    // The HTML keeps its typographic quotes: they are part of the value (ko:608).
    assert_eq!(
        list[0].terms_ctnt.as_deref(),
        Some("<header class=”pgHeader”><h3 class=”title”>약관 및 동의</h3>….</div>")
    );

    let (status, answer): (_, TermsInfoListResponse) = decode(611, 615);
    assert_eq!(status, "HTTP 1.1 401 Unauthorized");
    assert_unauthorized(answer.ret_code, answer.failure(), "there is no data.");
}
