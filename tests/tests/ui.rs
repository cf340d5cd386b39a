//! Compile-fail tests: every misuse of `#[derive(Validate)]` the derive detects is a spanned
//! error, and the generated API refuses what would break when a spec gains a field or a code.
#[test]
fn derive_misuse_is_a_spanned_compile_error() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

#[test]
fn the_generated_api_survives_additions() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui-api/*.rs");
}
