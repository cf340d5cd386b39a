//! Resolving unknown outcomes: what a status query says about a payment after an approval or
//! cancel ended in [`Error::OutcomeUnknown`].
//!
//! Which of a gateway's states mean "approved" is an API fact, so the classification lives in
//! the spec (`reports:`) and the generated `<operation>_outcome` methods; this module holds the
//! vendor-neutral answer type they return.

use crate::error::Error;

/// What a status query established about a payment.
///
/// Only [`Resolution::Approved`] and [`Resolution::NotApproved`] are answers. Anything else is
/// [`Resolution::StillUnknown`]: ask again later, and never treat it as "not approved", which
/// would lose a payment the buyer was charged for.
#[derive(Debug)]
#[must_use = "an unresolved payment must be followed up"]
pub enum Resolution<R> {
    /// The gateway reports the payment approved: money was taken.
    Approved(R),
    /// The gateway reports that no charge stands: the payment failed or was cancelled.
    NotApproved(R),
    /// The query did not settle it.
    StillUnknown(Unresolved<R>),
}

/// Why a [`Resolution`] is still unknown.
#[derive(Debug)]
pub enum Unresolved<R> {
    /// The gateway answered, but with a state that is neither approved nor not approved (still
    /// in progress, missing, or a code this client does not know).
    Pending(R),
    /// The query itself failed: a transport error, a timeout, or a business error such as an
    /// unknown order (which some gateways cannot tell apart from an authentication failure).
    Failed(Error),
}

/// How a spec classifies one state; generated code maps a response's state to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// One of the spec's `approved` states.
    Approved,
    /// One of the spec's `not_approved` states.
    NotApproved,
    /// Any other state, or none.
    Pending,
}

impl<R> Resolution<R> {
    /// The resolution of a successful query whose state classified as `state`.
    pub fn answered(state: State, response: R) -> Self {
        match state {
            State::Approved => Resolution::Approved(response),
            State::NotApproved => Resolution::NotApproved(response),
            State::Pending => Resolution::StillUnknown(Unresolved::Pending(response)),
        }
    }

    /// The resolution of a query that failed.
    pub fn failed(error: Error) -> Self {
        Resolution::StillUnknown(Unresolved::Failed(error))
    }

    /// The status answer, when the gateway gave one.
    pub fn response(&self) -> Option<&R> {
        match self {
            Resolution::Approved(r)
            | Resolution::NotApproved(r)
            | Resolution::StillUnknown(Unresolved::Pending(r)) => Some(r),
            Resolution::StillUnknown(Unresolved::Failed(_)) => None,
        }
    }

    /// Whether the gateway reported the payment approved.
    pub fn is_approved(&self) -> bool {
        matches!(self, Resolution::Approved(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_classified_states_are_answers() {
        assert!(Resolution::answered(State::Approved, 1).is_approved());
        assert!(matches!(
            Resolution::answered(State::NotApproved, 1),
            Resolution::NotApproved(1)
        ));
        assert!(matches!(
            Resolution::answered(State::Pending, 1),
            Resolution::StillUnknown(Unresolved::Pending(1))
        ));
        let failed = Resolution::<u8>::failed(Error::HttpStatus {
            status: 503,
            body: crate::error::AnswerBody::default(),
        });
        assert!(failed.response().is_none() && !failed.is_approved());
    }
}
