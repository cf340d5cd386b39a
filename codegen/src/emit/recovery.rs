//! Recovery: the `<read>_outcome` resolvers and `net_cancel_<approval>` methods generated from
//! `reports` and `net_cancel`.

use super::tokens::{docs, rust_type};
use crate::model::{
    Fill, Model, NetCancelPlan, ObjectField, Operation, Report, Resolve, RustType, Scalar,
};
use crate::naming::ident;
use crate::prose::escape;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The outcome methods of a status read, and of each write it resolves.
pub(super) fn outcome_methods(model: &Model, op: &Operation, rt: &TokenStream) -> TokenStream {
    let Some(reports) = &op.reports else {
        return quote!();
    };
    let read = ident(&op.name);
    let method = format_ident!("{}_outcome", op.name);
    let request = ident(&model.request(op).name);
    let response_type = model.response(op);
    let response = ident(&response_type.name);
    let classify = classify(model, op, reports, rt);
    let doc = docs(&[
        format!(
            "Asks `{}` what became of a payment, and classifies the answer by `{}` ({}).",
            op.name,
            response_type.fields[reports.state].wire,
            escape(&reports.source)
        ),
        String::new(),
        format!(
            "Approved: {}. Not approved: {}. Any other state, a missing state, or a failed",
            codes(&reports.approved),
            codes(&reports.not_approved)
        ),
        "query is `StillUnknown`: ask again later; never treat it as not approved.".to_owned(),
        String::new(),
        escape(&reports.why),
    ]);
    let resolvers = reports
        .resolves
        .iter()
        .map(|r| resolver(model, op, &method, r, rt));
    quote! {
        #doc
        pub async fn #method(&self, request: &#request) -> #rt::recovery::Resolution<#response> {
            match self.#read(request).await {
                ::core::result::Result::Ok(response) => {
                    #[allow(unreachable_patterns)]
                    let state = #classify;
                    #rt::recovery::Resolution::answered(state, response)
                }
                ::core::result::Result::Err(error) => #rt::recovery::Resolution::failed(error),
            }
        }

        #(#resolvers)*
    }
}

pub(super) fn codes(values: &[Scalar]) -> String {
    if values.is_empty() {
        return "none".to_owned();
    }
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An expression classifying `response`'s state as a `recovery::State`.
fn classify(model: &Model, op: &Operation, reports: &Report, rt: &TokenStream) -> TokenStream {
    let field = &model.response(op).fields[reports.state];
    let enumeration = &model.enums[reports.state_enum];
    let ty = ident(&enumeration.name);
    let patterns = |codes: &[Scalar]| -> Vec<TokenStream> {
        enumeration
            .variants
            .iter()
            .filter(|v| codes.contains(&v.value))
            .map(|v| {
                let variant = ident(&v.rust);
                quote!(#ty::#variant)
            })
            .collect()
    };
    let arm = |codes: &[Scalar], state: TokenStream| {
        let patterns = patterns(codes);
        if patterns.is_empty() {
            return quote!();
        }
        if field.optional {
            quote!(::core::option::Option::Some(#(#patterns)|*) => #state,)
        } else {
            quote!(#(#patterns)|* => #state,)
        }
    };
    let approved = arm(&reports.approved, quote!(#rt::recovery::State::Approved));
    let not_approved = arm(
        &reports.not_approved,
        quote!(#rt::recovery::State::NotApproved),
    );
    let id = ident(&field.rust);
    quote! {
        match &response.#id {
            #approved
            #not_approved
            // An unknown code is never an answer: it may be a new kind of approval.
            _ => #rt::recovery::State::Pending,
        }
    }
}

/// `<write>_outcome`: the status read built from the write's request.
fn resolver(
    model: &Model,
    read: &Operation,
    read_outcome: &proc_macro2::Ident,
    resolve: &Resolve,
    rt: &TokenStream,
) -> TokenStream {
    let write = &model.operations[resolve.write];
    let method = format_ident!("{}_outcome", write.name);
    let write_fields = &model.request(write).fields;
    let write_request = ident(&model.request(write).name);
    let query = model.request(read);
    let values = query
        .fields
        .iter()
        .filter(|f| f.is_struct_field())
        .map(|target| {
            let id = ident(&target.rust);
            match resolve.inputs.get(target.wire.as_str()) {
                Some(&source) => {
                    let source = &write_fields[source];
                    let value = copy(model, target, source, &quote!(request));
                    quote!(#id: #value,)
                }
                None => quote!(#id: ::core::option::Option::None,),
            }
        });
    let query_type = ident(&query.name);
    let doc = docs(&[
        format!(
            "Resolves a `{}` that ended in `Error::OutcomeUnknown`: asks `{}` about the same",
            write.name, read.name
        ),
        format!(
            "payment ({}), and classifies the answer as [`Self::{read_outcome}`] does.",
            resolve
                .inputs
                .iter()
                .map(|(target, &source)| format!("`{target}` from `{}`", write_fields[source].wire))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        String::new(),
        "Pass the request that was sent. `StillUnknown` means ask again later; do not resend the"
            .to_owned(),
        "write until the gateway has answered `NotApproved`.".to_owned(),
    ]);
    let read_response = ident(&model.response(read).name);
    quote! {
        #doc
        pub async fn #method(&self, request: &#write_request) -> #rt::recovery::Resolution<#read_response> {
            let query = #query_type {
                #(#values)*
            };
            self.#read_outcome(&query).await
        }
    }
}

/// `net_cancel_<write>`: the cancel request filled from an approval and its request, sent.
pub(super) fn net_cancel_method(model: &Model, op: &Operation, rt: &TokenStream) -> TokenStream {
    let Some(plan) = &op.net_cancel else {
        return quote!();
    };
    let approving = &model.operations[plan.approving];
    let cancel = ident(&op.name);
    let method = format_ident!("net_cancel_{}", approving.name);
    let (approval_request, approval) = (
        ident(&model.request(approving).name),
        ident(&model.response(approving).name),
    );
    let request_fields = &model.request(approving).fields;
    let approval_fields = &model.response(approving).fields;
    let cancel_type = ident(&model.request(op).name);
    let cancel_fields: Vec<&ObjectField> = model
        .request(op)
        .fields
        .iter()
        .filter(|f| f.is_struct_field())
        .collect();
    let mut params = Vec::new();
    let mut param_ids = Vec::new();
    let mut checked = Vec::new();
    let mut values = Vec::new();
    for target in &cancel_fields {
        let id = ident(&target.rust);
        let source = plan
            .fills
            .get(target.wire.as_str())
            .map(|fill| match *fill {
                Fill::Request(index) => (&request_fields[index], quote!(request)),
                Fill::Response(index) => (&approval_fields[index], quote!(approval)),
            });
        match source {
            // An approval without a value the cancel needs is reported with every other such
            // value, before anything is sent.
            Some((source, from)) if !target.optional && source.optional => {
                let source_id = ident(&source.rust);
                let value = cloned(model, &source.ty, quote!(#from.#source_id));
                checked.push((id.clone(), source.wire.as_str(), value));
                values.push(quote!(#id,));
            }
            Some((source, from)) => {
                let value = copy(model, target, source, &from);
                values.push(quote!(#id: #value,));
            }
            None if target.optional => values.push(quote!(#id: ::core::option::Option::None,)),
            None => {
                let ty = rust_type(&target.ty, rt);
                params.push(quote!(#id: #ty));
                param_ids.push(id.clone());
                values.push(quote!(#id,));
            }
        }
    }
    let checks = checked.iter().map(|(id, wire, value)| {
        quote! {
            let #id = #value;
            #rt::validate::check::present(&mut missing, &path.field(#wire), &#id);
        }
    });
    let ids: Vec<_> = checked.iter().map(|(id, _, _)| id).collect();
    let unwrap = (!ids.is_empty()).then(|| {
        quote! {
            let (#(::core::option::Option::Some(#ids),)*) = (#(#ids,)*) else {
                return ::core::result::Result::Err(#rt::Error::Validation(missing));
            };
        }
    });
    let op_response = ident(&model.response(op).name);
    let doc = net_cancel_doc(model, op, approving, plan, params.is_empty());
    // Every net cancel takes the approving request and its answer, whichever the fill reads, so
    // that the methods of all gateways look alike; the one not read is marked as such.
    let reads = |side: fn(&Fill) -> bool| plan.fills.values().any(side);
    let unread = [
        (!reads(|f| matches!(f, Fill::Request(_)))).then(|| quote!(let _ = request;)),
        (!reads(|f| matches!(f, Fill::Response(_)))).then(|| quote!(let _ = approval;)),
    ];
    let collect = (!checked.is_empty()).then(|| {
        quote! {
            let mut missing = #rt::ValidationErrors::default();
            let path = #rt::Path::root();
        }
    });
    let build = format_ident!("net_cancel_{}_request", approving.name);
    let build_doc = format!(
        " The [`{}`] that [`Self::{method}`] sends, filled in from the approval: amend its optional fields, then send it with [`Self::{}`]. An approval lacking a value the cancel needs is `Error::Validation`.",
        model.request(op).name,
        op.name
    );
    quote! {
        #[doc = #build_doc]
        pub fn #build(
            &self,
            request: &#approval_request,
            approval: &#approval,
            #(#params),*
        ) -> #rt::Result<#cancel_type> {
            #(#unread)*
            #collect
            #(#checks)*
            #unwrap
            ::core::result::Result::Ok(#cancel_type {
                #(#values)*
            })
        }

        #doc
        pub async fn #method(
            &self,
            request: &#approval_request,
            approval: &#approval,
            #(#params),*
        ) -> #rt::Result<#op_response> {
            let cancel = self.#build(request, approval, #(#param_ids),*)?;
            self.#cancel(&cancel).await
        }
    }
}

fn net_cancel_doc(
    model: &Model,
    op: &Operation,
    approving: &Operation,
    plan: &NetCancelPlan,
    all_filled: bool,
) -> TokenStream {
    let fill = plan
        .fills
        .iter()
        .map(|(target, fill)| {
            let source = match *fill {
                Fill::Request(i) => format!("request.{}", model.request(approving).fields[i].wire),
                Fill::Response(i) => {
                    format!("response.{}", model.response(approving).fields[i].wire)
                }
            };
            format!("`{target}` from `{source}`")
        })
        .collect::<Vec<_>>()
        .join(", ");
    docs(&[
        format!(
            "Net cancel: reverses an approval from `{}` that the merchant cannot honour (its",
            approving.name
        ),
        format!(
            "order failed after the gateway approved), with `{}` ({}).",
            op.name,
            escape(&plan.source)
        ),
        String::new(),
        if all_filled {
            format!("Filled in: {fill}; nothing else is required.")
        } else {
            format!("Filled in: {fill}. The other required fields are parameters.")
        },
        "An approval lacking a value the cancel needs is `Error::Validation`, and nothing is sent."
            .to_owned(),
        format!(
            "To set the cancel's optional fields, build it with `net_cancel_{}_request`, amend it and",
            approving.name
        ),
        format!("send it with `{}`.", op.name),
        "Like every cancel it is sent once: an `Error::OutcomeUnknown` is resolved with the status"
            .to_owned(),
        "query of the approval, before anything else is sent.".to_owned(),
    ])
}

/// `from.source`, copied into the shape of `target` (both checked to have the same type).
pub(super) fn copy(
    model: &Model,
    target: &ObjectField,
    source: &ObjectField,
    from: &TokenStream,
) -> TokenStream {
    let id = ident(&source.rust);
    let value = cloned(model, &source.ty, quote!(#from.#id));
    if target.optional && !source.optional {
        quote!(::core::option::Option::Some(#value))
    } else {
        value
    }
}

/// `value`, cloned unless its type is `Copy` (clippy rejects cloning those).
fn cloned(model: &Model, ty: &RustType, value: TokenStream) -> TokenStream {
    if model.is_copy(ty) {
        value
    } else {
        quote!(#value.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::{net_cancel_method, outcome_methods};
    use crate::emit::fixture::{pretty, rt, with_model};

    fn methods(emit: impl Fn(&crate::model::Model) -> proc_macro2::TokenStream) -> String {
        with_model(|model| {
            let methods = emit(model);
            pretty(quote::quote!(impl Client { #methods }))
        })
    }

    #[test]
    fn a_status_read_classifies_states_and_never_guesses() {
        let code = methods(|model| outcome_methods(model, &model.operations[2], &rt()));
        assert!(code.contains("pub async fn status_outcome("), "{code}");
        assert!(code.contains("State::Paid"), "{code}");
        assert!(code.contains("State::Void"), "{code}");
        assert!(code.contains("StillUnknown"), "{code}");
    }

    #[test]
    fn a_net_cancel_takes_what_the_approval_lacks_as_parameters() {
        let code = methods(|model| net_cancel_method(model, &model.operations[1], &rt()));
        assert!(code.contains("pub async fn net_cancel_pay("), "{code}");
        // tid comes from the approval, which may lack it: checked before anything is sent.
        assert!(code.contains("approval.tid.clone()"), "{code}");
        assert!(code.contains("Error::Validation(missing)"), "{code}");
        assert!(code.contains("let _ = request;"), "{code}");
    }
}
