//! What a generated mock costs a test suite, against a fixed-answer route.
//!
//! `cargo bench -p paygen-tests --bench mock` times, on one current-thread tokio runtime (so
//! neither side gets a core the other lacks):
//!
//! - `mock_call/shinhan_request/generated_mock`: the generated Shinhan client's
//!   `request_payment` against `shinhan_spg::mock::MockGateway`, which decodes the request,
//!   checks its rules, recomputes `param_ispt_hash` and the `SPGKEY` header, writes its answer
//!   from the documented example and records the call;
//! - `mock_call/shinhan_request/wiremock_fixed`: the same call against a wiremock route on
//!   method and path that answers the bytes the mock answered, checking nothing;
//! - `mock_checks/shinhan_request/handle`: the mock's own work for one call (routing aside),
//!   `Gateway::handle` on the request the client sent, without sockets.
//!
//! It prints calls per second of the first two and their ratio, and the share of a mock call
//! spent in `handle`. BENCHMARKS.md records the results.

use criterion::Criterion;
use paygen::shinhan_spg::mock::MockGateway;
use paygen_runtime::mock::Gateway;
use std::hint::black_box;
use std::time::SystemTime;

fn main() {
    let started = SystemTime::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime builds");
    let request = paygen_tests::shinhan_payment_request();
    let mock = runtime.block_on(MockGateway::start()).expect("mock starts");
    let client = mock.client().expect("client builds");
    // One call first: what the mock received and answered is what the fixed route answers.
    runtime
        .block_on(client.request_payment(&request))
        .expect("the mock accepts the request");
    let record = mock.records().remove(0);
    assert!(record.accepted(), "{:?}", record.checks);
    let handled = mock.gateway().handle("request_payment", &record.request);
    assert_eq!(handled.answer.status, 200);
    let fixed = runtime.block_on(fixed_route(&handled.answer));
    let fixed_client = paygen::shinhan_spg::Client::new(
        paygen::shinhan_spg::Environment::Custom(fixed.uri()),
        mock.credentials(),
    )
    .expect("client builds");
    let same = runtime.block_on(fixed_client.request_payment(&request));
    assert!(
        same.is_ok(),
        "the fixed route's answer reads as the mock's: {same:?}"
    );

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("mock_call/shinhan_request");
    group.bench_function("generated_mock", |b| {
        b.iter(|| {
            let answer = runtime.block_on(client.request_payment(black_box(&request)));
            // Records grow by one a call; forgetting them keeps every sample alike.
            mock.clear_records();
            answer.expect("accepted")
        })
    });
    group.bench_function("wiremock_fixed", |b| {
        b.iter(|| {
            runtime
                .block_on(fixed_client.request_payment(black_box(&request)))
                .expect("answered")
        })
    });
    group.finish();
    criterion.bench_function("mock_checks/shinhan_request/handle", |b| {
        b.iter(|| {
            mock.gateway()
                .handle("request_payment", black_box(&record.request))
        })
    });
    criterion.final_summary();

    let mean = |id: &str| paygen_tests::criterion_mean_ns(id, started);
    if let (Some(mocked), Some(fixed), Some(handle)) = (
        mean("mock_call_shinhan_request/generated_mock"),
        mean("mock_call_shinhan_request/wiremock_fixed"),
        mean("mock_checks_shinhan_request_handle"),
    ) {
        println!(
            "calls per second: generated mock {:.0}, fixed wiremock route {:.0}; mock / fixed time {:.3}x; handle {:.1} us = {:.1}% of a mock call",
            1e9 / mocked,
            1e9 / fixed,
            mocked / fixed,
            handle / 1e3,
            100.0 * handle / mocked,
        );
    }
}

/// A wiremock route answering `answer` to any POST.
async fn fixed_route(answer: &paygen_runtime::mock::Answer) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    let mut template = wiremock::ResponseTemplate::new(answer.status);
    template = template.set_body_raw(
        answer.body.clone(),
        answer.content_type.unwrap_or("application/json"),
    );
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/v1.0/payments/request"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}
