//! The every-feature test spec generated with `Settings::runtime_crate("rt")`, compiled in a crate
//! whose only name for paygen-runtime is `rt`: every path the generator and the `Validate` derive
//! emit must honour the setting, or this crate does not build.

/// Generated from tests/specs/everything.yaml.
#[rustfmt::skip]
#[allow(missing_docs)]
pub mod everything {
    include!(concat!(env!("OUT_DIR"), "/everything.rs"));
}

#[cfg(test)]
mod tests {
    use super::everything::RefundRequest;
    use rt::Validate;

    #[test]
    fn the_derive_validates_through_the_renamed_runtime() {
        let ok = RefundRequest {
            payment_id: "P-1".into(),
        };
        assert!(ok.validate().is_ok());
        let long = RefundRequest {
            payment_id: "P".repeat(31),
        };
        let errors = long.validate().unwrap_err();
        assert_eq!(
            errors.to_string().matches("paymentId").count(),
            1,
            "{errors}"
        );
        assert!(errors.to_string().contains("maximum of 30"), "{errors}");
    }
}
