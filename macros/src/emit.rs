//! The `Validate` impl for a model that `check` found no fault with.

use crate::parse::{Container, Encoding, Field, RuleKind, Shape};
use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};

/// The whole `impl Validate for ...` item.
pub(crate) fn impl_validate(container: &Container<'_>) -> TokenStream {
    let ident = container.ident;
    let (impl_generics, ty_generics, where_clause) = container.generics.split_for_impl();
    let rt = &container.runtime;
    let encoding = encoding(container.encoding, rt);
    let checked: Vec<&Field<'_>> = container
        .fields
        .iter()
        .filter(|field| !field.rules.is_empty())
        .collect();
    // Without a checked field the parameters go unused, and the warning would land in user code.
    let allow = (checked.is_empty() && container.check.is_none())
        .then(|| quote!(#[allow(unused_variables)]));
    let fields = checked
        .iter()
        .map(|field| self::field(field, &encoding, rt));
    let check = container
        .check
        .as_ref()
        .map(|path| quote!(#path(self, __path, __errors);));
    quote! {
        #[automatically_derived]
        impl #impl_generics #rt::validate::Validate
            for #ident #ty_generics #where_clause
        {
            #allow
            fn validate_at(
                &self,
                __path: &#rt::validate::Path<'_>,
                __errors: &mut #rt::validate::ValidationErrors,
            ) {
                #(#fields)*
                #check
            }
        }
    }
}

fn encoding(encoding: Encoding, rt: &syn::Path) -> TokenStream {
    let variant = proc_macro2::Ident::new(encoding.rust_name(), proc_macro2::Span::call_site());
    quote!(#rt::Encoding::#variant)
}

fn find<'f>(field: &'f Field<'_>, name: &str) -> Option<&'f RuleKind> {
    field
        .rules
        .iter()
        .map(|rule| &rule.kind)
        .find(|kind| kind.name() == name)
}

/// One block per field, so each field's `__p` is its own.
fn field(field: &Field<'_>, encoding: &TokenStream, rt: &syn::Path) -> TokenStream {
    let wire_name = &field.wire_name;
    let present = present(field, rt);
    let text = text(field, encoding, rt);
    let integer = integer(field, rt);
    let decimal = decimal(field, rt);
    let nested = nested(field, rt);
    quote! {
        {
            let __p = __path.field(#wire_name);
            #present
            #text
            #integer
            #decimal
            #nested
        }
    }
}

fn present(field: &Field<'_>, rt: &syn::Path) -> Option<TokenStream> {
    find(field, "required")?;
    let optional = matches!(field.shape, Shape::Optional | Shape::OptionalText);
    let member = field.member;
    optional.then(|| {
        quote! {
            #rt::validate::check::present(__errors, &__p, &self.#member);
        }
    })
}

/// The text checks, run on the string itself or, for an `Option`, only when it is `Some`.
fn text(field: &Field<'_>, encoding: &TokenStream, rt: &syn::Path) -> Option<TokenStream> {
    let checks = text_checks(field, encoding, rt);
    if checks.is_empty() {
        return None;
    }
    let member = field.member;
    let as_str = quote!(::core::convert::AsRef::<str>::as_ref);
    Some(match field.shape {
        Shape::OptionalText => quote! {
            if let ::core::option::Option::Some(__value) = &self.#member {
                let __text = #as_str(__value);
                #(#checks)*
            }
        },
        _ => quote! {
            let __text = #as_str(&self.#member);
            #(#checks)*
        },
    })
}

fn text_checks(field: &Field<'_>, encoding: &TokenStream, rt: &syn::Path) -> Vec<TokenStream> {
    let check = quote!(#rt::validate::check);
    let mut checks = Vec::new();
    if field.shape.is_text() && find(field, "required").is_some() {
        checks.push(quote!(#check::non_empty(__errors, &__p, __text);));
    }
    let limit = |name| {
        find(field, name).and_then(|kind| match kind {
            RuleKind::MinBytes(n)
            | RuleKind::MaxBytes(n)
            | RuleKind::MinChars(n)
            | RuleKind::MaxChars(n) => Some(*n),
            _ => None,
        })
    };
    // One pass over the text measures it for both bounds of a kind (and, for bytes, finds
    // unencodable characters).
    if let Some((min, max)) = bounds(limit("min_bytes"), limit("max_bytes")) {
        checks.push(quote!(#check::bytes(__errors, &__p, __text, #min, #max, #encoding);));
    }
    if let Some((min, max)) = bounds(limit("min_chars"), limit("max_chars")) {
        checks.push(quote!(#check::char_count(__errors, &__p, __text, #min, #max);));
    }
    let extra = find(field, "extra_chars").and_then(|kind| match kind {
        RuleKind::ExtraChars(extra) => Some(extra),
        _ => None,
    });
    for rule in &field.rules {
        if let RuleKind::Chars(class) = rule.kind {
            let variant =
                proc_macro2::Ident::new(class.rust_name(), proc_macro2::Span::call_site());
            let class = quote!(#rt::validate::CharClass::#variant);
            checks.push(match extra {
                Some(extra) => {
                    quote!(#check::allowed_chars(__errors, &__p, __text, #class, #extra);)
                }
                None => quote!(#check::chars(__errors, &__p, __text, #class);),
            });
        }
    }
    if let Some(RuleKind::ForbiddenChars(forbidden)) = find(field, "forbidden_chars") {
        checks.push(quote!(#check::forbidden_chars(__errors, &__p, __text, #forbidden);));
    }
    if let Some(RuleKind::OneOf { values, .. }) = find(field, "one_of") {
        checks.push(quote!(#check::one_of(__errors, &__p, __text, &[#(#values),*]);));
    }
    if let Some(RuleKind::Format(format)) = find(field, "format") {
        let variant = proc_macro2::Ident::new(format.rust_name(), proc_macro2::Span::call_site());
        checks.push(quote! {
            #check::format(__errors, &__p, __text, #rt::validate::Format::#variant);
        });
    }
    checks
}

/// A lower and an upper limit as the literals a check takes (`0` and `usize::MAX` for a missing
/// one), or `None` when neither is given.
fn bounds(min: Option<usize>, max: Option<usize>) -> Option<(Literal, TokenStream)> {
    if min.is_none() && max.is_none() {
        return None;
    }
    let max = match max {
        Some(limit) => {
            let limit = Literal::usize_unsuffixed(limit);
            quote!(#limit)
        }
        None => quote!(usize::MAX),
    };
    Some((Literal::usize_unsuffixed(min.unwrap_or(0)), max))
}

/// The bounds of an integer field, run on the value itself or, for an `Option`, only when it is
/// `Some`.
fn integer(field: &Field<'_>, rt: &syn::Path) -> Option<TokenStream> {
    let check = quote!(#rt::validate::check);
    let mut checks = Vec::new();
    if let Some(RuleKind::Minimum(limit)) = find(field, "minimum") {
        checks.push(quote!(#check::minimum(__errors, &__p, __value, #limit);));
    }
    if let Some(RuleKind::Maximum(limit)) = find(field, "maximum") {
        checks.push(quote!(#check::maximum(__errors, &__p, __value, #limit);));
    }
    if let (Some(RuleKind::MaxDigits(limit)), true) =
        (find(field, "max_digits"), field.shape.is_integer())
    {
        let limit = Literal::usize_unsuffixed(*limit);
        checks.push(quote!(#check::max_digits(__errors, &__p, __value, #limit);));
    }
    if checks.is_empty() {
        return None;
    }
    let member = field.member;
    // Every primitive integer fits an i128 except the top half of u128, which is above any bound.
    let widen =
        quote!(<i128 as ::core::convert::TryFrom<_>>::try_from(*__int).unwrap_or(i128::MAX));
    Some(match field.shape {
        Shape::OptionalInteger => quote! {
            if let ::core::option::Option::Some(__int) = &self.#member {
                let __value = #widen;
                #(#checks)*
            }
        },
        _ => quote! {
            let __int = &self.#member;
            let __value = #widen;
            #(#checks)*
        },
    })
}

/// The digit limits of a `Decimal` field, run on the value or, for an `Option`, only when it is
/// `Some`.
fn decimal(field: &Field<'_>, rt: &syn::Path) -> Option<TokenStream> {
    if !field.shape.is_decimal() {
        return None;
    }
    let digits = find(field, "max_digits").and_then(|kind| match kind {
        RuleKind::MaxDigits(limit) => Some(Literal::usize_unsuffixed(*limit)),
        _ => None,
    });
    let scale = find(field, "max_scale").and_then(|kind| match kind {
        RuleKind::MaxScale(limit) => Some(Literal::u32_unsuffixed(*limit)),
        _ => None,
    });
    if digits.is_none() && scale.is_none() {
        return None;
    }
    let some = |v: Option<Literal>| match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    };
    let (digits, scale) = (some(digits), some(scale));
    let member = field.member;
    let check = quote!(#rt::validate::check::decimal(__errors, &__p, __decimal, #digits, #scale););
    Some(match field.shape {
        Shape::OptionalDecimal => quote! {
            if let ::core::option::Option::Some(__decimal) = &self.#member {
                #check
            }
        },
        _ => quote! {
            let __decimal = &self.#member;
            #check
        },
    })
}

fn nested(field: &Field<'_>, rt: &syn::Path) -> Option<TokenStream> {
    let rule = field
        .rules
        .iter()
        .find(|rule| matches!(rule.kind, RuleKind::Nested))?;
    // Wholly spanned at `nested`, so a field type that is not `Validate` is reported there.
    let span = rule.keyword.span();
    let mut member = field.member.clone();
    member.set_span(span);
    Some(quote_spanned! {span=>
        #rt::validate::Validate::validate_at(&self.#member, &__p, __errors);
    })
}
