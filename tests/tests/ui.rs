//! Compile-fail tests: every misuse of `#[derive(Validate)]` the derive detects is a spanned error.
#[test]
fn derive_misuse_is_a_spanned_compile_error() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
