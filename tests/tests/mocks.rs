//! The generated mocks (issue 15): every gateway's client runs its happy path against its
//! mock with no setup; a request with a wrong key, signature or digest, sent by hand, is
//! refused with the code its document gives; the records hold each request decoded, with the
//! outcome of every check.

use paygen_runtime::mock::{Delivery, Kind, Reply};
use paygen_runtime::Error;
use std::time::Duration;

/// A client of `mock` whose calls give up after `timeout`.
fn shinhan_client(mock: &paygen::shinhan_spg::mock::MockGateway) -> paygen::shinhan_spg::Client {
    paygen::shinhan_spg::Client::new(mock.environment(), mock.credentials()).unwrap()
}

/// The confirm of the order `order_no`, as after its return_url callback (ko:302-346).
fn shinhan_confirm(order_no: &str) -> paygen::shinhan_spg::ConfirmRequest {
    paygen::shinhan_spg::ConfirmRequest::builder()
        .client_id("o2o")
        .order_no(order_no)
        .confirm_token("aaaaaa.bbbbbb.ccccc")
        .ip_addr("203.0.113.7")
        .build()
}

#[tokio::test]
async fn kicc_creates_a_transaction_against_its_mock() {
    use paygen::kicc_wechatpay::mock::{MockGateway, Operation, Received};
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let answer = client
        .create_transaction(&paygen_tests::kicc_request("홍길동"))
        .await
        .unwrap();
    assert_eq!(answer.res_cd, "0000");
    let records = mock.records();
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].operation,
        Some(Operation::CreateTransaction.name())
    );
    assert!(records[0].accepted(), "{:?}", records[0].checks);
    let Some(Received::CreateTransaction(request)) = &records[0].received else {
        panic!("{:?}", records[0].received)
    };
    assert_eq!(request.shop_order_no, "ORDER-0001");
}

#[tokio::test]
async fn shinhan_requests_confirms_and_reads_a_payment_against_its_mock() {
    use paygen::shinhan_spg::mock::MockGateway;
    use paygen::shinhan_spg::ConfirmInfoRequest;
    let mock = MockGateway::start().await.unwrap();
    let client = shinhan_client(&mock);
    let request = paygen_tests::shinhan_payment_request();
    let created = client.request_payment(&request).await.unwrap();
    assert_eq!(created.ret_code, 0);
    // The mock computes pay_ispt_hash over its answer and the key; the client checks it.
    let confirm = shinhan_confirm(&request.order_no);
    let confirmed = client.confirm_payment(&confirm).await.unwrap();
    assert_eq!(confirmed.ret_code, 0);
    assert!(confirmed.pay_ispt_hash.is_some());
    let info = ConfirmInfoRequest::builder()
        .client_id("o2o")
        .order_no(request.order_no.clone())
        .build();
    client.get_payment_info(&info).await.unwrap();
    let records = mock.records();
    assert_eq!(records.len(), 3);
    for record in &records {
        assert!(record.accepted(), "{:?}", record.checks);
        // The payment key's hash and the SPGKEY header were both checked, and passed.
        assert!(
            record.checks.iter().any(|c| c.kind == Kind::Auth),
            "{:?}",
            record.checks
        );
    }
    assert!(records[0]
        .checks
        .iter()
        .any(|c| c.kind == Kind::Digest && c.at == "param_ispt_hash"));
}

#[tokio::test]
async fn shinhan_refuses_a_wrong_key_with_401_and_998_as_its_document_shows() {
    use paygen::shinhan_spg::mock::{credentials, MockGateway};
    let mock = MockGateway::start().await.unwrap();
    let mut wrong = credentials();
    wrong.payment_key = "not-the-key".to_owned().into();
    let client = paygen::shinhan_spg::Client::new(mock.environment(), wrong).unwrap();
    let err = client
        .request_payment(&paygen_tests::shinhan_payment_request())
        .await
        .unwrap_err();
    let Error::Api { status, failure } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((*status, failure.code.as_str()), (401, "998"));
    assert_eq!(failure.message, "token is missing or incorrect.");
    // Both the header and the hash over the wrong key failed, and the record says so without
    // the key.
    let record = &mock.records()[0];
    let failed: Vec<&str> = record.failures().map(|c| c.at.as_str()).collect();
    assert_eq!(
        failed,
        ["authorization", "param_ispt_hash"],
        "{:?}",
        record.checks
    );
    assert!(!format!("{record:?}").contains("not-the-key"));
}

#[tokio::test]
async fn a_hand_sent_shinhan_request_with_a_wrong_hash_is_refused_and_recorded() {
    use paygen::shinhan_spg::mock::{MockGateway, Received};
    let mock = MockGateway::start().await.unwrap();
    let request = paygen_tests::shinhan_payment_request();
    shinhan_client(&mock)
        .request_payment(&request)
        .await
        .unwrap();
    let mut body: serde_json::Value =
        serde_json::from_slice(&mock.records()[0].request.body).unwrap();
    body["param_ispt_hash"] = serde_json::json!("00".repeat(32));
    let answer = reqwest::Client::new()
        .post(format!("{}/v1.0/payments/request", mock.base_url()))
        .header("authorization", "SPGKEY mock-payment-key")
        .json(&body)
        .send()
        .await
        .unwrap();
    // No digest refusal is documented (section 5 is missing): the nearest status, no body.
    assert_eq!(answer.status().as_u16(), 400);
    let record = &mock.records()[1];
    let failed: Vec<(Kind, &str)> = record.failures().map(|c| (c.kind, c.at.as_str())).collect();
    assert_eq!(
        failed,
        [(Kind::Digest, "param_ispt_hash")],
        "{:?}",
        record.checks
    );
    assert!(
        matches!(&record.received, Some(Received::RequestPayment(r)) if r.order_no == request.order_no)
    );
}

#[tokio::test]
async fn a_request_breaking_its_documented_rules_is_refused_and_each_rule_is_recorded() {
    use paygen::shinhan_spg::mock::MockGateway;
    let mock = MockGateway::start().await.unwrap();
    shinhan_client(&mock)
        .request_payment(&paygen_tests::shinhan_payment_request())
        .await
        .unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&mock.records()[0].request.body).unwrap();
    let send = |body: serde_json::Value| {
        reqwest::Client::new()
            .post(format!("{}/v1.0/payments/request", mock.base_url()))
            .header("authorization", "SPGKEY mock-payment-key")
            .json(&body)
            .send()
    };
    // 51 bytes of product_name where 50 are allowed (ko:31), sent by hand since the client
    // refuses it before sending.
    let mut long = sent.clone();
    long["product_name"] = serde_json::json!("가".repeat(17));
    assert_eq!(send(long).await.unwrap().status().as_u16(), 400);
    // No device_type, which is required (ko:28).
    let mut missing = sent.clone();
    missing.as_object_mut().unwrap().remove("device_type");
    assert_eq!(send(missing).await.unwrap().status().as_u16(), 400);
    let records = mock.records();
    let failures = |i: usize| -> Vec<String> {
        records[i]
            .failures()
            .map(|c| format!("{} {}", c.at, c.failure.as_deref().unwrap_or_default()))
            .collect()
    };
    assert_eq!(failures(1).len(), 1, "{:?}", failures(1));
    assert!(
        failures(1)[0].starts_with("product_name "),
        "{:?}",
        failures(1)
    );
    assert!(
        !failures(1)[0].contains('가'),
        "no value in a record: {:?}",
        failures(1)
    );
    assert_eq!(failures(2), ["body missing field `device_type`"]);
}

#[tokio::test]
async fn unifi_signs_and_its_mock_checks_the_hmac_over_the_exact_bytes() {
    use paygen::linenext_unifipay::mock::MockGateway;
    use paygen::linenext_unifipay::CreatePaymentRequest;
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let request = CreatePaymentRequest::builder()
        .order_id("O-1")
        .store_id("S-1")
        .request_id("R-1")
        .return_url("https://pg.example/return")
        .callback_url("https://pg.example/callback")
        .country_code("KOR")
        .build();
    client.create_payment(&request).await.unwrap();
    let record = &mock.records()[0];
    assert!(record.accepted(), "{:?}", record.checks);
    let checked: Vec<&str> = record
        .checks
        .iter()
        .filter(|c| c.kind == Kind::Auth)
        .map(|c| c.at.as_str())
        .collect();
    assert!(
        checked.contains(&"x-authorization-hmac") && checked.contains(&"x-timestamp"),
        "{checked:?}"
    );
    // The same request with one byte of the body changed after signing is refused with 401.
    let mut headers = reqwest::header::HeaderMap::new();
    for name in [
        "x-api-key",
        "x-appid",
        "x-authorization-hmac",
        "x-timestamp",
    ] {
        headers.insert(name, record.request.headers[name].clone());
    }
    let mut body = record.request.body.clone();
    let at = body.iter().position(|b| *b == b'O').unwrap();
    body[at] = b'P';
    let answer = reqwest::Client::new()
        .post(format!("{}/api/v1/payment", mock.base_url()))
        .headers(headers)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 401);
    let refused = &mock.records()[1];
    let failed: Vec<&str> = refused.failures().map(|c| c.at.as_str()).collect();
    assert_eq!(failed, ["x-authorization-hmac"], "{:?}", refused.checks);
}

#[tokio::test]
async fn nicepay_issues_a_token_the_approval_must_carry_and_checks_sign_data() {
    use paygen::nicepay::mock::{MockGateway, Operation};
    use paygen::nicepay::ApprovePaymentRequest;
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let approval = ApprovePaymentRequest::builder()
        .tid("UT0000113m01012111051714341073")
        .amount(1004)
        .build();
    let answer = client.approve_payment(&approval).await.unwrap();
    assert_eq!(answer.result_code, "0000");
    let records = mock.records();
    let ops: Vec<Option<&str>> = records.iter().map(|r| r.operation).collect();
    assert_eq!(
        ops,
        [
            Some(Operation::IssueAccessToken.name()),
            Some(Operation::ApprovePayment.name())
        ]
    );
    assert!(records.iter().all(|r| r.accepted()), "{records:?}");
    assert!(records[1]
        .checks
        .iter()
        .any(|c| c.kind == Kind::Digest && c.at == "signData"));
    // A made-up bearer token is refused with U305 and 401 (code:18, code:529).
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/v1/payments/UT0000113m01012111051714341073",
            mock.base_url()
        ))
        .header("authorization", "Bearer forged")
        .header("content-type", "application/json")
        .body(records[1].request.body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 401);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(body["resultCode"], "U305");
}

#[tokio::test]
async fn nicepay_refuses_a_wrong_sign_data_with_u312() {
    use paygen::nicepay::mock::MockGateway;
    use paygen::nicepay::ApprovePaymentRequest;
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let approval = ApprovePaymentRequest::builder()
        .tid("T1")
        .amount(1004)
        .build();
    client.approve_payment(&approval).await.unwrap();
    let sent = mock.records()[1].request.clone();
    let mut body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    body["amount"] = serde_json::json!(1005);
    let answer = reqwest::Client::new()
        .post(format!("{}{}", mock.base_url(), sent.path))
        .header("authorization", sent.header("authorization").unwrap())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(body["resultCode"], "U312");
    assert_eq!(body["resultMsg"], "SIGN DATA 검증에 실패하였습니다.");
}

#[tokio::test]
async fn tosspay_executes_against_its_mock_and_a_wrong_api_key_is_refused_as_documented() {
    use paygen::tosspay::mock::{credentials, MockGateway};
    use paygen::tosspay::ExecutePaymentRequest;
    let mock = MockGateway::start().await.unwrap();
    let execute = ExecutePaymentRequest::builder()
        .pay_token("example-payToken")
        .order_no("1")
        .build();
    mock.client()
        .unwrap()
        .execute_payment(&execute)
        .await
        .unwrap();
    assert!(
        mock.records()[0].accepted(),
        "{:?}",
        mock.records()[0].checks
    );
    let mut wrong = credentials();
    wrong.api_key = "sk_wrong".to_owned().into();
    let client = paygen::tosspay::Client::new(mock.environment(), wrong).unwrap();
    let err = client.execute_payment(&execute).await.unwrap_err();
    let Error::Api { status, failure } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((*status, failure.code.as_str()), (401, "-1"));
    assert_eq!(failure.detail.as_deref(), Some("COMMON_INVALID_API_KEY"));
}

#[tokio::test]
async fn a_scripted_status_reset_and_delay_reach_the_client_as_their_errors() {
    use paygen::shinhan_spg::mock::{MockGateway, Operation};
    let mock = MockGateway::start().await.unwrap();
    let client = paygen::shinhan_spg::Client::builder(mock.environment(), mock.credentials())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let request = paygen_tests::shinhan_payment_request();
    mock.once(Operation::RequestPayment, Reply::Status(503));
    mock.once(Operation::RequestPayment, Reply::Reset);
    mock.once(
        Operation::RequestPayment,
        Reply::Delay(Duration::from_secs(2)),
    );
    for _ in 0..3 {
        let err = client.request_payment(&request).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::HttpStatus { status: 503, .. }
                    | Error::OutcomeUnknown { .. }
                    | Error::Transport(_)
            ),
            "{err:?}"
        );
    }
    let deliveries: Vec<Delivery> = mock.records().iter().map(|r| r.delivery).collect();
    assert_eq!(
        deliveries,
        [
            Delivery::Answered(503),
            Delivery::Dropped,
            Delivery::Answered(200)
        ]
    );
    // The script used up, the mock answers as the gateway again.
    client.request_payment(&request).await.unwrap();
}

#[tokio::test]
async fn an_approval_whose_answer_is_lost_is_resolved_from_the_mocks_state() {
    use paygen::tosspay::mock::{MockGateway, Operation};
    use paygen::tosspay::ExecutePaymentRequest;
    use paygen_runtime::recovery::Resolution;
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let execute = ExecutePaymentRequest::builder()
        .pay_token("example-payToken")
        .order_no("1")
        .build();
    // The gateway approves, then the answer never reaches the client.
    mock.once(Operation::ExecutePayment, Reply::LoseAnswer);
    let err = client.execute_payment(&execute).await.unwrap_err();
    assert!(matches!(err, Error::OutcomeUnknown { .. }), "{err:?}");
    assert_eq!(mock.records()[0].delivery, Delivery::Dropped);
    // The generated recovery asks the status read, which the mock answers from its state.
    let resolution = client.execute_payment_outcome(&execute).await;
    assert!(
        matches!(resolution, Resolution::Approved(_)),
        "{resolution:?}"
    );
    // A payToken the mock never approved is not found: still unknown, never approved.
    let never = ExecutePaymentRequest::builder()
        .pay_token("never-executed")
        .build();
    let resolution = client.execute_payment_outcome(&never).await;
    assert!(
        matches!(resolution, Resolution::StillUnknown(_)),
        "{resolution:?}"
    );
}

#[tokio::test]
async fn a_lost_shinhan_confirm_is_found_approved_and_its_net_cancel_leaves_it_cancelled() {
    use paygen::shinhan_spg::mock::{MockGateway, Operation};
    use paygen_runtime::recovery::Resolution;
    let mock = MockGateway::start().await.unwrap();
    let client = shinhan_client(&mock);
    let confirm = shinhan_confirm("202108311259590001");
    mock.once(Operation::ConfirmPayment, Reply::LoseAnswer);
    let err = client.confirm_payment(&confirm).await.unwrap_err();
    assert!(matches!(err, Error::OutcomeUnknown { .. }), "{err:?}");
    let Resolution::Approved(_) = client.confirm_payment_outcome(&confirm).await else {
        panic!("the mock approved the confirm")
    };
    // With the approval in hand (a second confirm's answer, which passes the client's
    // pay_ispt_hash check), the generated net cancel undoes it.
    let approval = client.confirm_payment(&confirm).await.unwrap();
    client
        .net_cancel_confirm_payment(
            &confirm,
            &approval,
            "고객 요청".into(),
            "203.0.113.7".into(),
        )
        .await
        .unwrap();
    let resolution = client.confirm_payment_outcome(&confirm).await;
    assert!(
        matches!(resolution, Resolution::NotApproved(_)),
        "{resolution:?}"
    );
}

/// Every record accepted, and one per operation in `expected`, in order.
fn assert_served<R: std::fmt::Debug>(
    records: &[paygen_runtime::mock::Record<R>],
    expected: &[&str],
) {
    let ops: Vec<&str> = records
        .iter()
        .map(|r| r.operation.unwrap_or("(none)"))
        .collect();
    assert_eq!(ops, expected, "{records:#?}");
    for record in records {
        assert!(
            record.accepted(),
            "{:?}: {:?}",
            record.operation,
            record.checks
        );
        assert!(
            matches!(record.delivery, Delivery::Answered(200)),
            "{record:?}"
        );
        assert!(record.received.is_some(), "{record:?}");
    }
}

#[tokio::test]
async fn every_shinhan_operation_is_served_by_its_mock() {
    use paygen::shinhan_spg::mock::{MockGateway, Operation as Op};
    use paygen::shinhan_spg::*;
    let mock = MockGateway::start().await.unwrap();
    let client = shinhan_client(&mock);
    client
        .request_payment(&paygen_tests::shinhan_payment_request())
        .await
        .unwrap();
    let unified = UnifiedPaymentRequest::builder()
        .pgcode(UnifiedPgCode::Selpay)
        .client_id("o2o")
        .user_id("test_01")
        .user_name("테스터01")
        .order_no("202108311259590002")
        .device_type(DeviceType::Mobile)
        .amount(46000)
        .product_name("테스트 상품")
        .return_url("https://shop.example/pay/approval")
        .cancel_url("https://shop.example/pay/cancel")
        .fail_url("https://shop.example/pay/fail")
        .user_ci("Q0ktdGVzdC12YWx1ZS0wMDAx")
        .build();
    client.request_unified_payment(&unified).await.unwrap();
    let confirm = shinhan_confirm("202108311259590001");
    client.confirm_payment(&confirm).await.unwrap();
    let cancel = CancelRequest::builder()
        .client_id("o2o")
        .user_id("test_01")
        .tid("tpay_test202108311259590002")
        .amount(1000)
        .cncl_rsn("고객 요청")
        .ip_addr("203.0.113.7")
        .build();
    client.cancel_payment(&cancel).await.unwrap();
    let partial = PartialCancelRequest::builder()
        .client_id("o2o")
        .user_id("test_01")
        .tid("tpay_test202108311259590002")
        .amount(5000)
        .taxfree_amount(0)
        .tax_amount(455)
        .cncl_rsn("부분 취소")
        .ip_addr("203.0.113.7")
        .build();
    client.cancel_payment_partial(&partial).await.unwrap();
    let receipt = ReceiptRequest::builder()
        .tid("T/1?x")
        .client_id("o2o")
        .amount(1000)
        .tx_ymd("2021-08-31")
        .build();
    client.get_receipt(&receipt).await.unwrap();
    let info = ConfirmInfoRequest::builder()
        .client_id("o2o")
        .order_no("202108311259590001")
        .build();
    client.get_payment_info(&info).await.unwrap();
    let cards = CardListRequest::builder()
        .client_id("o2o")
        .pgcode(PgCode::Card)
        .build();
    client.list_card_companies(&cards).await.unwrap();
    let terms = TermsInfoListRequest::builder()
        .client_id("o2o")
        .pgcode(PgCode::Selpay)
        .build();
    client.list_terms(&terms).await.unwrap();
    // The unified window's request goes to the same endpoint as the general one, whose type
    // holds every field of it (ko:15-63, ko:112-172): to the gateway they are one operation,
    // and the mock records the spec's first whose checks the request passes.
    let expected = [
        Op::RequestPayment,
        Op::RequestPayment,
        Op::ConfirmPayment,
        Op::CancelPayment,
        Op::CancelPaymentPartial,
        Op::GetReceipt,
        Op::GetPaymentInfo,
        Op::ListCardCompanies,
        Op::ListTerms,
    ];
    let records = mock.records();
    assert_served(&records, &expected.map(Op::name));
    // The receipt's tid came in the path, percent-encoded, and decoded back.
    let Some(paygen::shinhan_spg::mock::Received::GetReceipt(sent)) = &records[5].received else {
        panic!("{:?}", records[5])
    };
    assert_eq!(sent.tid, "T/1?x");
}

#[tokio::test]
async fn every_nicepay_operation_is_served_by_its_mock() {
    use paygen::nicepay::mock::{MockGateway, Operation as Op};
    use paygen::nicepay::*;
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let tid = "UT0000113m01012111051714341073";
    let approval = client
        .approve_payment(
            &ApprovePaymentRequest::builder()
                .tid(tid)
                .amount(1004)
                .build(),
        )
        .await
        .unwrap();
    let cancel = CancelPaymentRequest::builder()
        .tid(tid)
        .reason("고객 요청")
        .order_id(approval.order_id.clone())
        .cancel_amt(500)
        .build();
    client.cancel_payment(&cancel).await.unwrap();
    let net = NetCancelRequest::builder()
        .order_id(approval.order_id.clone())
        .build();
    client.net_cancel_payment(&net).await.unwrap();
    client
        .get_payment(&GetPaymentRequest::builder().tid(tid).build())
        .await
        .unwrap();
    let by_order = GetPaymentByOrderIdRequest::builder()
        .order_id(approval.order_id.clone())
        .order_date("20260309")
        .build();
    // No write resolves the lookup by orderId, so the mock knows no payment for it: the
    // documented refusal U126 with 404.
    let err = client.get_payment_by_order_id(&by_order).await.unwrap_err();
    let Error::Api { status, failure } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((*status, failure.code.as_str()), (404, "U126"));
    let records = mock.records();
    assert_served(
        &records[..5],
        &[
            Op::IssueAccessToken,
            Op::ApprovePayment,
            Op::CancelPayment,
            Op::NetCancelPayment,
            Op::GetPayment,
        ]
        .map(Op::name),
    );
    // The lookup after the net cancel reads the payment as not approved.
    let Some(paygen::nicepay::mock::Received::GetPayment(_)) = &records[4].received else {
        panic!("{:?}", records[4])
    };
    let status = client
        .get_payment(&GetPaymentRequest::builder().tid(tid).build())
        .await
        .unwrap();
    assert_ne!(status.status, approval.status, "{status:?}");
}

#[tokio::test]
async fn every_tosspay_and_unifi_operation_is_served_by_its_mock() {
    use paygen::tosspay::mock::{MockGateway, Operation as Op};
    use paygen::tosspay::*;
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let create = CreatePaymentRequest::builder()
        .order_no("1")
        .amount(10000)
        .amount_tax_free(0)
        .product_desc("테스트결제")
        .auto_execute(true)
        .result_callback("https://YOUR-SITE.COM/callback")
        .callback_version(CallbackVersion::V2)
        .ret_url("http://YOUR-SITE.COM/ORDER-CHECK?orderno=1")
        .ret_cancel_url("http://YOUR-SITE.COM/close")
        .build();
    client.create_payment(&create).await.unwrap();
    let execute = ExecutePaymentRequest::builder()
        .pay_token("example-payToken")
        .build();
    client.execute_payment(&execute).await.unwrap();
    let refund = RefundPaymentRequest::builder()
        .pay_token("example-payToken")
        .amount(1000)
        .build();
    client.refund_payment(&refund).await.unwrap();
    let status = PaymentStatusRequest::builder()
        .pay_token("example-payToken")
        .build();
    client.get_payment_status(&status).await.unwrap();
    assert_served(
        &mock.records(),
        &[
            Op::CreatePayment,
            Op::ExecutePayment,
            Op::RefundPayment,
            Op::GetPaymentStatus,
        ]
        .map(Op::name),
    );

    use paygen::linenext_unifipay as unifi;
    let mock = unifi::mock::MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let create = unifi::CreatePaymentRequest::builder()
        .order_id("O-1")
        .store_id("S-1")
        .request_id("R-1")
        .return_url("https://pg.example/return")
        .callback_url("https://pg.example/callback")
        .country_code("KOR")
        .build();
    let created = client.create_payment(&create).await.unwrap();
    // Unifi's status read resolves no write, so the mock holds no payment for it: 401 with no
    // body is the nearest the document says (only its auth refusal is documented).
    let status = unifi::PaymentStatusRequest::builder()
        .transaction_id(created.transaction_id.clone())
        .build();
    let err = client.payment_status(&status).await.unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 404, .. }),
        "{err:?}"
    );
    assert_served(
        &mock.records()[..1],
        &[unifi::mock::Operation::CreatePayment.name()],
    );
}

#[tokio::test]
async fn a_scripted_business_refusal_and_a_typed_answer_reach_the_client_as_typed() {
    use paygen::tosspay::mock::{MockGateway, Operation as Op};
    use paygen::tosspay::{
        ExecutePaymentRequest, PayStatus, PaymentStatusRequest, PaymentStatusResponse,
    };
    use paygen_runtime::recovery::Resolution;
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let execute = ExecutePaymentRequest::builder().pay_token("t-1").build();
    // A refusal with the gateway's own shape: code -1 in `code`, the text in `msg` (toss:83).
    mock.once(
        Op::ExecutePayment,
        Op::ExecutePayment
            .refusal("-1", "잔액이 부족합니다.")
            .unwrap(),
    );
    let err = client.execute_payment(&execute).await.unwrap_err();
    let Error::Api { status, failure } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (*status, failure.code.as_str(), failure.message.as_str()),
        (200, "-1", "잔액이 부족합니다.")
    );
    // The refused call was checked and recorded, and changed nothing: the status read does
    // not find it.
    assert!(mock.records()[0].accepted());
    // A typed answer: the status read says the payment was cancelled.
    let mut cancelled: PaymentStatusResponse =
        serde_json::from_value(serde_json::json!({"code": 0})).unwrap();
    cancelled.pay_status = Some(PayStatus::PayCancel);
    mock.once(
        Op::GetPaymentStatus,
        Op::GetPaymentStatus.answer(&cancelled),
    );
    let resolution = client.execute_payment_outcome(&execute).await;
    assert!(
        matches!(resolution, Resolution::NotApproved(_)),
        "{resolution:?}"
    );
    let status = PaymentStatusRequest::builder().pay_token("t-1").build();
    // Its script used up, the read goes to the mock's state, where t-1 was never approved.
    let err = client.get_payment_status(&status).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 404, .. }), "{err:?}");
}

/// A merchant's callback handler for the mock to post to: answers `answer` and keeps what it
/// received.
async fn merchant(answer: &str) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_string(answer))
        .mount(&server)
        .await;
    server
}

async fn posted(server: &wiremock::MockServer) -> wiremock::Request {
    server.received_requests().await.unwrap().remove(0)
}

#[tokio::test]
async fn the_nicepay_mock_posts_a_signed_return_url_form_and_a_signed_webhook() {
    use paygen::nicepay::mock::MockGateway;
    use paygen::nicepay::{ReturnUrlAuthResult, WebhookNotification};
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let shop = merchant("OK").await;
    let (status, body) = mock
        .send_return_url(
            &format!("{}/return", shop.uri()),
            &mock.return_url_example(),
        )
        .await
        .unwrap();
    assert_eq!((status, body.as_slice()), (200, b"OK".as_slice()));
    let sent = posted(&shop).await;
    assert!(sent.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/x-www-form-urlencoded"));
    let received = ReturnUrlAuthResult::from_form(&sent.body).unwrap();
    // Signed as NICEPAY signs it (window:160), so the merchant's check passes...
    client.verify_return_url_auth_result(&received).unwrap();
    // ...and fails once anything it covers is changed.
    let mut forged = received.clone();
    forged.amount = forged.amount.map(|a| a + 1);
    assert!(matches!(
        client.verify_return_url_auth_result(&forged),
        Err(Error::Integrity { .. })
    ));

    let hook = merchant("OK").await;
    let event = mock.webhook_example();
    mock.send_webhook(&hook.uri(), &event).await.unwrap();
    let sent = posted(&hook).await;
    assert!(sent.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let received = WebhookNotification::from_json(&sent.body).unwrap();
    client.verify_webhook_notification(&received).unwrap();
}

#[tokio::test]
async fn the_shinhan_and_tosspay_mocks_post_their_callbacks_as_documented() {
    let shop = merchant("").await;
    let shinhan = paygen::shinhan_spg::mock::MockGateway::start()
        .await
        .unwrap();
    let callback = shinhan.return_url_example();
    shinhan
        .send_return_url(&shop.uri(), &callback)
        .await
        .unwrap();
    let sent = posted(&shop).await;
    let received = paygen::shinhan_spg::ReturnUrlCallback::from_form(&sent.body).unwrap();
    assert_eq!(received, callback);

    let shop = merchant("").await;
    let toss = paygen::tosspay::mock::MockGateway::start().await.unwrap();
    let callback = toss.result_callback_example();
    let (status, _) = toss
        .send_result_callback(&shop.uri(), &callback)
        .await
        .unwrap();
    assert_eq!(status, paygen::tosspay::ResultCallback::ANSWER.status);
    let sent = posted(&shop).await;
    let received = paygen::tosspay::ResultCallback::from_json(&sent.body).unwrap();
    assert_eq!(received, callback);
}

#[tokio::test]
async fn cancels_leave_the_states_the_documents_give_and_the_outcome_reads_them() {
    use paygen::nicepay::mock::MockGateway;
    use paygen::nicepay::{
        ApprovePaymentRequest, CancelPaymentRequest, GetPaymentRequest, PaymentStatus,
    };
    use paygen_runtime::recovery::Resolution;
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let status_of = |tid: &str| {
        let client = client.clone();
        let lookup = GetPaymentRequest::builder().tid(tid).build();
        async move { client.get_payment(&lookup).await.unwrap().status }
    };
    let approve = |tid: &str| {
        ApprovePaymentRequest::builder()
            .tid(tid)
            .amount(1004)
            .build()
    };
    let cancel = |tid: &str| {
        CancelPaymentRequest::builder()
            .tid(tid)
            .reason("고객 요청")
            .order_id("C-1")
    };
    for tid in ["T-PART", "T-FULL"] {
        client.approve_payment(&approve(tid)).await.unwrap();
        assert_eq!(status_of(tid).await, PaymentStatus::Paid);
    }
    // With cancelAmt, part of it (cancel:66): still charged, so the approval stands.
    client
        .cancel_payment(&cancel("T-PART").cancel_amt(500).build())
        .await
        .unwrap();
    assert_eq!(status_of("T-PART").await, PaymentStatus::PartialCancelled);
    let outcome = client.approve_payment_outcome(&approve("T-PART")).await;
    assert!(matches!(outcome, Resolution::Approved(_)), "{outcome:?}");
    // Without it, all of it.
    client
        .cancel_payment(&cancel("T-FULL").build())
        .await
        .unwrap();
    assert_eq!(status_of("T-FULL").await, PaymentStatus::Cancelled);
    let outcome = client.approve_payment_outcome(&approve("T-FULL")).await;
    assert!(matches!(outcome, Resolution::NotApproved(_)), "{outcome:?}");

    // A Toss Pay refund leaves REFUND_SUCCESS (toss:72-74), full or partial alike, which the
    // status read cannot tell apart: unknown, never a guess.
    let toss = paygen::tosspay::mock::MockGateway::start().await.unwrap();
    let client = toss.client().unwrap();
    let execute = paygen::tosspay::ExecutePaymentRequest::builder()
        .pay_token("t-9")
        .build();
    client.execute_payment(&execute).await.unwrap();
    let refund = paygen::tosspay::RefundPaymentRequest::builder()
        .pay_token("t-9")
        .build();
    client.refund_payment(&refund).await.unwrap();
    let outcome = client.execute_payment_outcome(&execute).await;
    assert!(
        matches!(outcome, Resolution::StillUnknown(_)),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_signed_time_outside_the_documented_window_is_refused_even_when_signed_right() {
    use paygen::linenext_unifipay::{mock::MockGateway, Client, CreatePaymentRequest};
    use paygen_runtime::auth::FixedClock;
    let mock = MockGateway::start().await.unwrap();
    let request = CreatePaymentRequest::builder()
        .order_id("O-1")
        .store_id("S-1")
        .request_id("R-1")
        .return_url("https://pg.example/return")
        .callback_url("https://pg.example/callback")
        .country_code("KOR")
        .build();
    let now_ms = u64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap();
    // 5 minutes or more off is refused (ko:24); just inside is not.
    for (offset_ms, refused) in [(300_000, true), (290_000, false)] {
        let clock = std::sync::Arc::new(FixedClock(now_ms - offset_ms));
        let client = Client::builder(mock.environment(), mock.credentials())
            .clock(clock)
            .build()
            .unwrap();
        let result = client.create_payment(&request).await;
        assert_eq!(result.is_err(), refused, "{offset_ms}: {result:?}");
    }
    let records = mock.records();
    let failed: Vec<&str> = records[0].failures().map(|c| c.at.as_str()).collect();
    // The signature over the old time is right: only the time is refused.
    assert_eq!(failed, ["x-timestamp"]);
    assert!(records[1].accepted(), "{:?}", records[1].checks);
}
