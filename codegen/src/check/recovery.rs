//! Checks of the recovery facts: vendor limits, status reads (`reports`) and net cancels.
//!
//! These drive code that decides whether money was taken, so every name they use must resolve
//! and every value copied between requests must keep its type.

use super::{with, Checker, Index, Key};
use crate::spec::{Field, FieldType, HttpMethod, NetCancel, Operation, Reports, Required, TypeDef};
use crate::yaml::Step;
use std::collections::HashSet;

impl<'s> Checker<'s> {
    pub(super) fn limits(&mut self) {
        let Some(limits) = &self.spec.vendor.limits else {
            return;
        };
        let at = |k| vec![Key("vendor"), Key("limits"), Key(k)];
        for (key, value) in [
            ("connect_timeout_ms", limits.connect_timeout_ms),
            ("timeout_ms", limits.timeout_ms),
            ("max_response_bytes", limits.max_response_bytes as u64),
            ("read_timeout_ms", limits.read_timeout_ms.unwrap_or(1)),
        ] {
            if value == 0 {
                self.issue(at(key), format!("`{key}` must be greater than 0"), None);
            }
        }
        if limits.connect_timeout_ms > limits.timeout_ms {
            self.issue(
                at("connect_timeout_ms"),
                "`connect_timeout_ms` is longer than the whole call's `timeout_ms`",
                None,
            );
        }
        if limits
            .read_timeout_ms
            .is_some_and(|read| read > limits.timeout_ms)
        {
            self.issue(
                at("read_timeout_ms"),
                "`read_timeout_ms` is longer than the whole call's `timeout_ms`",
                Some("the whole call's limit would always end the call first; write the document's figures, and raise `timeout_ms` if the document allows a longer call".into()),
            );
        }
        self.non_empty(at("why"), &limits.why, "why");
    }

    /// The `reports` and `net_cancel` keys of every operation.
    pub(super) fn recovery(&mut self) {
        for (i, op) in self.spec.operations.iter().enumerate() {
            let at = vec![Key("operations"), Index(i)];
            if let Some(reports) = &op.reports {
                self.reports(with(&at, &[Key("reports")]), op, reports);
            }
            if let Some(net_cancel) = &op.net_cancel {
                self.net_cancel(with(&at, &[Key("net_cancel")]), op, net_cancel);
            }
            if let Some(cancels) = &op.cancels {
                self.cancels(with(&at, &[Key("cancels")]), op, cancels);
            }
        }
    }

    /// A cancel's `cancels`: its matches name fields of the same type on both sides, and the
    /// states it leaves are codes of the state a status read of its approval reports.
    fn cancels(&mut self, at: Vec<Step>, op: &Operation, cancels: &crate::spec::Cancels) {
        self.non_empty(with(&at, &[Key("source")]), &cancels.source, "source");
        let Some(approving) = self.operation(with(&at, &[Key("of")]), &cancels.of) else {
            return;
        };
        let (Some(cancel), Some(approval_request), Some(approval)) = (
            self.object(&op.request),
            self.object(&approving.request),
            self.object(&approving.response),
        ) else {
            return;
        };
        let match_at = with(&at, &[Key("match")]);
        if cancels.matches.is_empty() {
            self.issue(
                match_at.clone(),
                "match at least one field",
                Some("name the fields both requests carry, such as `{tid: response.tid}`".into()),
            );
        }
        for (target, source) in &cancels.matches {
            let target_field = self.field_of(&match_at, cancel, target);
            let source_field = match source.split_once('.') {
                Some(("request", wire)) => self.field_of(&match_at, approval_request, wire),
                Some(("response", wire)) => self.field_of(&match_at, approval, wire),
                _ => {
                    self.issue(
                        match_at.clone(),
                        format!("`{target}: {source}` names no source"),
                        Some("write `request.<wire name>` or `response.<wire name>`".into()),
                    );
                    None
                }
            };
            if let (Some(t), Some(s)) = (target_field, source_field) {
                if (t.ty, &t.reference) != (s.ty, &s.reference) {
                    self.issue(
                        match_at.clone(),
                        format!(
                            "`{}` ({}) cannot match `{}` ({})",
                            t.wire,
                            t.ty.name(),
                            s.wire,
                            s.ty.name()
                        ),
                        Some("both fields must have the same type".into()),
                    );
                }
            }
        }
        let states = self.reported_states(&cancels.of);
        let Some(states) = states else {
            self.issue(
                with(&at, &[Key("of")]),
                format!(
                    "no status read resolves `{}`, so no read reports what the cancel leaves",
                    cancels.of
                ),
                Some(
                    "add `reports.resolves` naming it to the status read, or leave `cancels` out"
                        .into(),
                ),
            );
            return;
        };
        // A read whose state is not an enum is reported at the read.
        let Some(states) = states else {
            return;
        };
        let mut leaves = vec![(with(&at, &[Key("leaves")]), &cancels.leaves)];
        if let Some(partial) = &cancels.partial {
            leaves.push((with(&at, &[Key("partial"), Key("leaves")]), &partial.leaves));
            self.field_of(
                &with(&at, &[Key("partial"), Key("when")]),
                cancel,
                &partial.when,
            );
        }
        for (at, code) in leaves {
            if !states.contains(code) {
                self.issue(
                    at,
                    format!("`{code}` is not a code of the state the status read reports"),
                    None,
                );
            }
        }
    }

    /// The status read that resolves `write`, if one does, and the codes of its state enum,
    /// if its state is one.
    fn reported_states(&self, write: &str) -> Option<Option<Vec<crate::spec::Scalar>>> {
        let read = self.spec.operations.iter().find(|op| {
            op.reports
                .as_ref()
                .is_some_and(|r| r.resolves.iter().any(|x| x.operation == write))
        })?;
        let codes = || {
            let reports = read.reports.as_ref()?;
            let field = self.object(&read.response)?.field(&reports.state)?;
            let ty = self.types.get(field.reference.as_deref()?)?;
            Some(
                ty.variants
                    .iter()
                    .flatten()
                    .map(|v| v.value.clone())
                    .collect(),
            )
        };
        Some(codes())
    }

    fn reports(&mut self, at: Vec<Step>, op: &Operation, reports: &Reports) {
        let key = |k| with(&at, &[Key(k)]);
        self.non_empty(key("source"), &reports.source, "source");
        self.non_empty(key("why"), &reports.why, "why");
        if op.method != HttpMethod::Get && op.safe.is_none() {
            self.issue(
                at.clone(),
                "`reports` belongs on a read: a status query must be safe to send again",
                Some("put it on the `GET` operation that returns the payment's state, or declare a status query sent otherwise `safe: {why}`".into()),
            );
        }
        let (Some(request), Some(response)) = (self.object(&op.request), self.object(&op.response))
        else {
            return;
        };
        self.states(&at, response, reports);
        for (j, resolves) in reports.resolves.iter().enumerate() {
            let at = with(&at, &[Key("resolves"), Index(j)]);
            let Some(write) = self.operation(with(&at, &[Key("operation")]), &resolves.operation)
            else {
                continue;
            };
            if write.method == HttpMethod::Get || write.safe.is_some() {
                self.issue(
                    with(&at, &[Key("operation")]),
                    format!(
                        "`{}` is a read; only writes have unknown outcomes",
                        write.name
                    ),
                    None,
                );
            }
            let Some(write_request) = self.object(&write.request) else {
                continue;
            };
            let at = with(&at, &[Key("inputs")]);
            for (target, source) in &resolves.inputs {
                let target_field = self.field_of(&at, request, target);
                let source_field = self.field_of(&at, write_request, source);
                if let (Some(t), Some(s)) = (target_field, source_field) {
                    self.copyable(&at, t, s, false);
                }
            }
            self.all_required_filled(&at, request, resolves.inputs.keys());
        }
    }

    /// `state` is an enum field of the response, and the classified codes are its variants,
    /// each in one class.
    fn states(&mut self, at: &[Step], response: &TypeDef, reports: &Reports) {
        let key = |k| with(at, &[Key(k)]);
        let Some(field) = response.field(&reports.state) else {
            self.issue(
                key("state"),
                format!("`{}` is not a field of `{}`", reports.state, response.name),
                None,
            );
            return;
        };
        let variants = match (
            field.ty,
            field.reference.as_deref().and_then(|r| self.types.get(r)),
        ) {
            (FieldType::Enum, Some(ty)) => ty
                .variants
                .iter()
                .flatten()
                .map(|v| &v.value)
                .collect::<Vec<_>>(),
            _ => {
                self.issue(
                    key("state"),
                    format!("state `{}` must be an `enum` field", reports.state),
                    Some("the classes are lists of the enum's codes".into()),
                );
                return;
            }
        };
        if reports.approved.is_empty() {
            self.issue(key("approved"), "list at least one approved state", None);
        }
        let mut seen = HashSet::new();
        for (class, codes) in [
            ("approved", &reports.approved),
            ("not_approved", &reports.not_approved),
        ] {
            for code in codes {
                if !variants.contains(&code) {
                    self.issue(
                        key(class),
                        format!("`{code}` is not a code of `{}`", reports.state),
                        None,
                    );
                } else if !seen.insert(code.to_string()) {
                    self.issue(
                        key(class),
                        format!("`{code}` is listed as both approved and not approved"),
                        None,
                    );
                }
            }
        }
    }

    fn net_cancel(&mut self, at: Vec<Step>, op: &Operation, net_cancel: &NetCancel) {
        self.non_empty(with(&at, &[Key("source")]), &net_cancel.source, "source");
        let Some(approving) = self.operation(with(&at, &[Key("of")]), &net_cancel.of) else {
            return;
        };
        let (Some(cancel), Some(approval_request), Some(approval)) = (
            self.object(&op.request),
            self.object(&approving.request),
            self.object(&approving.response),
        ) else {
            return;
        };
        let at = with(&at, &[Key("fill")]);
        for (target, source) in &net_cancel.fill {
            let target_field = self.field_of(&at, cancel, target);
            let source_field = match source.split_once('.') {
                Some(("request", wire)) => self.field_of(&at, approval_request, wire),
                Some(("response", wire)) => self.field_of(&at, approval, wire),
                _ => {
                    self.issue(
                        at.clone(),
                        format!("`{target}: {source}` names no source"),
                        Some("write `request.<wire name>` or `response.<wire name>`".into()),
                    );
                    None
                }
            };
            if let (Some(t), Some(s)) = (target_field, source_field) {
                self.copyable(&at, t, s, true);
            }
        }
    }

    pub(super) fn operation(&mut self, at: Vec<Step>, name: &str) -> Option<&'s Operation> {
        let found = self.spec.operations.iter().find(|op| op.name == name);
        if found.is_none() {
            self.issue(at, format!("unknown operation `{name}`"), None);
        }
        found
    }

    /// The object type `name`, when it exists (its reference was checked elsewhere).
    pub(super) fn object(&self, name: &str) -> Option<&'s TypeDef> {
        self.types.get(name).copied().filter(|t| t.fields.is_some())
    }

    pub(super) fn field_of(
        &mut self,
        at: &[Step],
        ty: &'s TypeDef,
        wire: &str,
    ) -> Option<&'s Field> {
        let found = ty.field(wire);
        if found.is_none() {
            self.issue(
                at.to_vec(),
                format!("`{wire}` is not a field of `{}`", ty.name),
                None,
            );
        }
        found
    }

    /// A value of `source` can be stored in `target`: same type, and present whenever the
    /// target is required (unless `checked_at_run_time`, where generated code checks presence).
    fn copyable(&mut self, at: &[Step], target: &Field, source: &Field, checked_at_run_time: bool) {
        if target.computed.is_some() || target.credential.is_some() || target.ty == FieldType::Const
        {
            self.issue(
                at.to_vec(),
                format!(
                    "`{}` is filled in by generated code; leave it out",
                    target.wire
                ),
                None,
            );
        } else if (target.ty, &target.reference) != (source.ty, &source.reference) {
            self.issue(
                at.to_vec(),
                format!(
                    "`{}` ({}) cannot be filled from `{}` ({})",
                    target.wire,
                    target.ty.name(),
                    source.wire,
                    source.ty.name()
                ),
                Some("both fields must have the same type".into()),
            );
        } else if target.required == Required::Yes
            && source.required != Required::Yes
            && !checked_at_run_time
        {
            self.issue(
                at.to_vec(),
                format!(
                    "required `{}` cannot be filled from optional `{}`",
                    target.wire, source.wire
                ),
                None,
            );
        }
    }

    fn all_required_filled<'k>(
        &mut self,
        at: &[Step],
        ty: &TypeDef,
        filled: impl Iterator<Item = &'k String> + Clone,
    ) {
        for field in ty.fields.iter().flatten() {
            let caller_sets = field.computed.is_none()
                && field.credential.is_none()
                && field.ty != FieldType::Const;
            if caller_sets
                && field.required == Required::Yes
                && !filled.clone().any(|f| f == &field.wire)
            {
                self.issue(
                    at.to_vec(),
                    format!("required `{}` of `{}` is not filled", field.wire, ty.name),
                    None,
                );
            }
        }
    }
}
