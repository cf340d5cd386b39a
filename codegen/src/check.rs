//! Semantic checks of a parsed spec: everything serde's typing cannot catch.
//!
//! Each problem is recorded with the path of the YAML node it is about; the caller turns paths
//! into line and column. All problems are collected, so a maintainer fixes a spec in one pass.

use crate::error::Issue;
use crate::model::Model;
use crate::naming::{self, variant_name};
use crate::spec::{
    Conflict, EncodingName, Field, FieldType, HttpMethod, Location, Operation, Repr, Required,
    Scalar, Spec, Success, Text, TypeDef, TypeKind,
};
use crate::template::{template_parts, TemplatePart};
use crate::yaml::Step;
use std::collections::{HashMap, HashSet};

mod recovery;
mod token;

/// Checks `spec` and returns its model, read from `file`; or every problem found, in document
/// order.
pub(crate) fn check(spec: &Spec, file: &str) -> Result<Model, Vec<Issue>> {
    let mut checker = Checker {
        spec,
        types: HashMap::new(),
        issues: Vec::new(),
    };
    checker.header();
    checker.credentials_and_auth();
    checker.type_names();
    for (index, ty) in spec.types.iter().enumerate() {
        checker.type_def(index, ty);
    }
    checker.operations();
    checker.aliases();
    checker.recovery();
    checker.tokens();
    checker.limits();
    checker.callbacks();
    checker.untranscribed();
    checker.refusals();
    if !checker.issues.is_empty() {
        return Err(checker.issues);
    }
    crate::model::resolve::resolve(spec, file)
}

struct Checker<'s> {
    spec: &'s Spec,
    types: HashMap<&'s str, &'s TypeDef>,
    issues: Vec<Issue>,
}

use Step::{Index, Key};

impl<'s> Checker<'s> {
    fn issue(&mut self, path: Vec<Step>, message: impl Into<String>, help: Option<String>) {
        self.issues.push(Issue {
            path,
            message: message.into(),
            help,
        });
    }

    fn header(&mut self) {
        let spec = self.spec;
        if spec.paygen != 1 {
            self.issue(
                vec![Key("paygen")],
                format!("unsupported spec format version {}", spec.paygen),
                Some("this generator reads `paygen: 1`".into()),
            );
        }
        let vendor = &spec.vendor;
        if !naming::is_snake(&vendor.module) {
            self.issue(
                vec![Key("vendor"), Key("module")],
                format!("module `{}` is not a snake_case identifier", vendor.module),
                Some(format!("write `{}`", naming::snake(&vendor.module))),
            );
        }
        if vendor.sources.is_empty() {
            self.issue(
                vec![Key("vendor"), Key("sources")],
                "a spec must name the documents it was transcribed from",
                None,
            );
        }
        self.environments();
        for (i, conflict) in spec.conflicts.iter().enumerate() {
            self.conflict(vec![Key("conflicts"), Index(i)], conflict);
        }
    }

    fn environments(&mut self) {
        let environments = &self.spec.vendor.environments;
        let mut seen = HashSet::new();
        for (i, env) in environments.iter().enumerate() {
            let at = |key| vec![Key("vendor"), Key("environments"), Index(i), Key(key)];
            if !seen.insert(env.name) {
                self.issue(
                    at("name"),
                    format!("duplicate environment `{:?}`", env.name).to_lowercase(),
                    None,
                );
            }
            let url = &env.base_url;
            if !url.starts_with("https://") || url.ends_with('/') || url.len() <= "https://".len() {
                self.issue(
                    at("base_url"),
                    format!("base_url `{url}` must be `https://host` with no trailing `/`"),
                    Some("payment traffic never goes over plain HTTP; tests pass their loopback URL to the client instead".into()),
                );
            }
            self.non_empty(at("source"), &env.source, "source");
        }
    }

    fn type_names(&mut self) {
        for (i, ty) in self.spec.types.iter().enumerate() {
            let at = vec![Key("types"), Index(i), Key("name")];
            if !naming::is_camel(&ty.name) {
                self.issue(
                    at.clone(),
                    format!("type name `{}` is not UpperCamelCase", ty.name),
                    Some(format!("write `{}`", naming::camel(&ty.name))),
                );
            }
            if GENERATED_TYPES.contains(&ty.name.as_str()) {
                self.issue(
                    at.clone(),
                    format!(
                        "type name `{}` is one the generated module defines itself",
                        ty.name
                    ),
                    Some(format!(
                        "rename it, for example to `{}Info`; {GENERATED_TYPES:?} are taken",
                        ty.name
                    )),
                );
            }
            if self.types.insert(&ty.name, ty).is_some() {
                self.issue(at, format!("duplicate type name `{}`", ty.name), None);
            }
        }
        // Each object type `T` brings its builder `TBuilder` and, when it sends computed fields,
        // its private `TWire`.
        for (i, ty) in self.spec.types.iter().enumerate() {
            for suffix in ["Builder", "Wire"] {
                let Some(base) = ty.name.strip_suffix(suffix) else {
                    continue;
                };
                if self
                    .types
                    .get(base)
                    .is_some_and(|t| t.kind == TypeKind::Object)
                {
                    self.issue(
                        vec![Key("types"), Index(i), Key("name")],
                        format!(
                            "type name `{}` is the name of the generated {} of `{base}`",
                            ty.name,
                            if suffix == "Builder" {
                                "builder"
                            } else {
                                "wire type"
                            }
                        ),
                        Some(format!("rename `{}` or `{base}`", ty.name)),
                    );
                }
            }
        }
    }

    fn type_def(&mut self, index: usize, ty: &'s TypeDef) {
        let at = |key| vec![Key("types"), Index(index), Key(key)];
        self.text(at("description"), &ty.description);
        self.non_empty(at("source"), &ty.source, "source");
        match ty.kind {
            TypeKind::Object => {
                self.absent(at("repr"), ty.repr.is_some(), "repr", "an object type");
                self.absent(
                    at("variants"),
                    ty.variants.is_some(),
                    "variants",
                    "an object type",
                );
                self.groups(index, ty);
                match &ty.fields {
                    Some(fields) if !fields.is_empty() => self.fields(index, ty, fields),
                    _ => self.issue(
                        vec![Key("types"), Index(index)],
                        format!("object type `{}` needs a non-empty `fields` list", ty.name),
                        None,
                    ),
                }
            }
            TypeKind::Enum => {
                self.absent(at("fields"), ty.fields.is_some(), "fields", "an enum type");
                self.absent(
                    at("groups"),
                    !ty.groups.is_empty(),
                    "groups",
                    "an enum type",
                );
                self.enum_def(index, ty);
            }
        }
    }

    fn enum_def(&mut self, index: usize, ty: &TypeDef) {
        let at = vec![Key("types"), Index(index)];
        let (Some(repr), Some(variants)) = (ty.repr, &ty.variants) else {
            self.issue(
                at,
                format!(
                    "enum type `{}` needs `repr` (string or integer) and `variants`",
                    ty.name
                ),
                None,
            );
            return;
        };
        if variants.is_empty() {
            self.issue(
                with(&at, &[Key("variants")]),
                "an enum needs at least one variant",
                None,
            );
        }
        let mut values = HashSet::new();
        let mut names = HashSet::new();
        for (i, variant) in variants.iter().enumerate() {
            let vat = with(&at, &[Key("variants"), Index(i)]);
            let fits = matches!(
                (&variant.value, repr),
                (Scalar::Str(_), Repr::String) | (Scalar::Int(_), Repr::Integer)
            );
            if !fits {
                self.issue(
                    with(&vat, &[Key("value")]),
                    format!(
                        "value `{}` is not a {} code, as `repr` says",
                        variant.value,
                        repr_name(repr)
                    ),
                    None,
                );
            }
            if !values.insert(variant.value.to_string()) {
                self.issue(
                    with(&vat, &[Key("value")]),
                    format!("duplicate enum value `{}`", variant.value),
                    None,
                );
            }
            let rust = variant_name(variant.rust.as_deref(), &variant.value.to_string());
            if variant
                .rust
                .as_deref()
                .is_some_and(|r| !naming::is_camel(r))
            {
                self.issue(
                    with(&vat, &[Key("rust")]),
                    format!("variant name `{rust}` is not UpperCamelCase"),
                    None,
                );
            } else if !names.insert(rust.clone()) {
                self.issue(
                    vat.clone(),
                    format!("two variants are both named `{rust}` in Rust"),
                    Some("give one of them a distinct `rust:` name".into()),
                );
            }
            self.text(with(&vat, &[Key("description")]), &variant.description);
        }
    }

    fn fields(&mut self, ti: usize, ty: &TypeDef, fields: &'s [Field]) {
        let mut wires = HashSet::new();
        let mut rusts = HashSet::new();
        for (fi, field) in fields.iter().enumerate() {
            let at = vec![Key("types"), Index(ti), Key("fields"), Index(fi)];
            if field.wire.is_empty() {
                self.issue(with(&at, &[Key("wire")]), "empty wire name", None);
            } else if !wires.insert(field.wire.as_str()) {
                self.issue(
                    with(&at, &[Key("wire")]),
                    format!("duplicate wire name `{}` in `{}`", field.wire, ty.name),
                    Some("each JSON key appears once per object; remove or rename one".into()),
                );
            }
            let rust = field.rust_name();
            if field.rust.as_deref().is_some_and(|r| !naming::is_snake(r)) {
                self.issue(
                    with(&at, &[Key("rust")]),
                    format!("field name `{rust}` is not snake_case"),
                    None,
                );
            } else if !rusts.insert(rust.clone()) {
                self.issue(
                    at.clone(),
                    format!(
                        "two fields of `{}` are both named `{rust}` in Rust",
                        ty.name
                    ),
                    Some("give one of them a distinct `rust:` name".into()),
                );
            }
            self.field(&at, field);
            self.digest(&at, ty, field);
            self.clock(&at, ty, field);
            self.answer_charset(&at, ty, field);
            self.condition(&at, ty, field);
        }
    }

    /// A checkable condition names another field of the same object and values it can hold.
    fn condition(&mut self, at: &[Step], ty: &TypeDef, field: &Field) {
        for (i, minimum) in field.minimum_if.iter().enumerate() {
            let at = with(at, &[Key("minimum_if"), Index(i)]);
            if field.ty != FieldType::Integer {
                self.issue(at.clone(), "`minimum_if` applies to integer fields", None);
            }
            self.non_empty(with(&at, &[Key("source")]), &minimum.source, "source");
            self.condition_target(&at, ty, field, &minimum.field, &minimum.values);
        }
        let Required::When(condition) = &field.required else {
            return;
        };
        let at = with(at, &[Key("required")]);
        match &condition.field {
            Some(other) => self.condition_target(&at, ty, field, other, &condition.values),
            None if !condition.values.is_empty() => {
                self.issue(at, "`in` needs the `field` it applies to", None);
            }
            None => {}
        }
    }

    /// The field a condition names is a body field of the same object that can hold `values`.
    fn condition_target(
        &mut self,
        at: &[Step],
        ty: &TypeDef,
        field: &Field,
        other: &str,
        values: &[Scalar],
    ) {
        let Some(target) = ty.field(other) else {
            self.issue(
                at.to_vec(),
                format!("condition field `{other}` is not a field of `{}`", ty.name),
                None,
            );
            return;
        };
        if values.is_empty() {
            self.issue(
                at.to_vec(),
                "a condition on a field needs `in: [values]`",
                None,
            );
        }
        let codes: Option<Vec<Scalar>> = target
            .reference
            .as_deref()
            .and_then(|name| self.types.get(name))
            .and_then(|def| def.variants.as_ref())
            .map(|variants| variants.iter().map(|v| v.value.clone()).collect());
        for value in values {
            let fits = match (target.ty, value) {
                (FieldType::String, Scalar::Str(_))
                | (FieldType::Integer, Scalar::Int(_))
                | (FieldType::Boolean, Scalar::Bool(_)) => true,
                (FieldType::Enum, _) => codes.as_ref().is_some_and(|codes| codes.contains(value)),
                _ => false,
            };
            if !fits {
                self.issue(
                    at.to_vec(),
                    format!("`{value}` is not a value `{other}` can hold"),
                    None,
                );
            }
        }
        if field.location != Location::Body || target.location != Location::Body {
            self.issue(at.to_vec(), "conditions apply to body fields", None);
        }
    }

    /// Path and query parameters are single values, and a path segment cannot be left out.
    fn location(&mut self, at: &[Step], field: &Field) {
        let key = |k| with(at, &[Key(k)]);
        let place = match field.location {
            Location::Body => return,
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        };
        if field.location == Location::Header && !is_header_name(&field.wire) {
            self.issue(
                key("wire"),
                format!("`{}` is not a header name", field.wire),
                Some("letters, digits and `-`, as the document spells it: `X-Signature`".into()),
            );
        }
        if matches!(field.ty, FieldType::Object | FieldType::Array) {
            self.issue(
                key("in"),
                format!(
                    "`{}` is an {}, which cannot be a {place} parameter",
                    field.wire,
                    field.ty.name()
                ),
                Some(
                    "path and query parameters are strings, integers, booleans, enums or consts; send the value in the body"
                        .into(),
                ),
            );
        }
        if field.location == Location::Path && field.required != Required::Yes {
            self.issue(
                key("required"),
                format!("path parameter `{}` must be `required: true`", field.wire),
                Some(
                    "a URL cannot leave a path segment out; an optional value goes in the query"
                        .into(),
                ),
            );
        }
    }

    /// A `computed` field belongs to a request and a `verify` field to a response; both are
    /// strings whose inputs are fields of the same object or credentials.
    fn digest(&mut self, at: &[Step], ty: &TypeDef, field: &Field) {
        if field.computed.is_none() && field.verify.is_none() {
            return;
        }
        let is_request = self.is_request(ty);
        let is_received = self.spec.operations.iter().any(|op| op.response == ty.name)
            || self.spec.callbacks.iter().any(|c| c.ty == ty.name);
        for (key, recipe, allowed) in [
            ("computed", &field.computed, is_request && !is_received),
            ("verify", &field.verify, is_received && !is_request),
        ] {
            let Some(recipe) = recipe else { continue };
            let at = with(at, &[Key(key)]);
            if !allowed {
                let role = if key == "computed" {
                    "request"
                } else {
                    "response and callback"
                };
                self.issue(
                    at.clone(),
                    format!("`{key}` fields belong to {role} types only"),
                    None,
                );
            }
            let sent_in = match key {
                "computed" => {
                    [Location::Body, Location::Query, Location::Header].contains(&field.location)
                }
                _ => field.location == Location::Body,
            };
            if field.ty != FieldType::String || !sent_in {
                let place = if key == "computed" {
                    "the body, the query or a header"
                } else {
                    "the body"
                };
                self.issue(
                    at.clone(),
                    format!("a `{key}` field must be a string in {place}"),
                    None,
                );
            }
            self.digest_key(&at, recipe);
            if recipe.inputs.is_empty() {
                self.issue(
                    with(&at, &[Key("inputs")]),
                    "a digest needs at least one input",
                    None,
                );
            }
            for (i, input) in recipe.inputs.iter().enumerate() {
                let known = match input.strip_prefix('{').and_then(|i| i.strip_suffix('}')) {
                    Some(credential) => self
                        .spec
                        .vendor
                        .credentials
                        .iter()
                        .any(|c| c.name == credential),
                    None => ty.field(input).is_some_and(|f| {
                        f.computed.is_none()
                            && matches!(
                                f.ty,
                                FieldType::String
                                    | FieldType::Integer
                                    | FieldType::Enum
                                    | FieldType::Const
                            )
                    }),
                };
                if !known {
                    self.issue(
                        with(&at, &[Key("inputs"), Index(i)]),
                        format!("digest input `{input}` is neither a string, integer, enum or const field of `{}` nor a `{{credential}}`", ty.name),
                        None,
                    );
                }
            }
        }
    }

    /// Whether `ty` is some operation's request type.
    fn is_request(&self, ty: &TypeDef) -> bool {
        self.spec.operations.iter().any(|op| op.request == ty.name)
    }

    /// An HMAC names the credential that keys it; a plain digest has no key.
    fn digest_key(&mut self, at: &[Step], recipe: &crate::spec::DigestRecipe) {
        let keyed = recipe.algorithm == crate::spec::DigestAlgorithm::HmacSha256;
        match &recipe.key {
            None if keyed => self.issue(
                at.to_vec(),
                "an `hmac-sha256` digest needs the credential that keys it",
                Some("add `key: <credential>`".into()),
            ),
            Some(_) if !keyed => self.issue(
                with(at, &[Key("key")]),
                format!("a `{}` digest takes no key", recipe.algorithm.name()),
                Some("a secret it covers is an input: `inputs: [..., \"{secret_key}\"]`".into()),
            ),
            Some(key) if !self.spec.vendor.credentials.iter().any(|c| &c.name == key) => self
                .issue(
                    with(at, &[Key("key")]),
                    format!("unknown credential `{key}`"),
                    None,
                ),
            _ => {}
        }
    }

    /// A `clock` field is a request body string written as a time of day at a valid offset.
    fn clock(&mut self, at: &[Step], ty: &TypeDef, field: &Field) {
        let Some(clock) = &field.clock else { return };
        let at = with(at, &[Key("clock")]);
        let is_request = self.is_request(ty);
        let sent_in = [Location::Body, Location::Query, Location::Header].contains(&field.location);
        if !is_request || field.ty != FieldType::String || !sent_in {
            self.issue(
                at.clone(),
                "a `clock` field is a `string` of a request's body, query or headers, which the client fills",
                None,
            );
        }
        if field.computed.is_some() || field.credential.is_some() {
            self.issue(
                at.clone(),
                "a `clock` field is filled from the clock alone, not also `computed` or a `credential`",
                None,
            );
        }
        use crate::spec::TextFormat;
        if !matches!(
            clock.format,
            TextFormat::Iso8601 | TextFormat::Yyyymmddhhmmss
        ) {
            self.issue(
                with(&at, &[Key("format")]),
                format!("`{}` is not a time of day", clock.format.name()),
                Some("write `iso8601` or `yyyymmddhhmmss`".into()),
            );
        }
        if paygen_vocab::utc_offset_minutes(clock.offset.as_bytes()).is_none() {
            self.issue(
                with(&at, &[Key("offset")]),
                format!("`{}` is not a UTC offset", clock.offset),
                Some("write it as `+09:00` (Korean time)".into()),
            );
        }
    }

    /// A field naming the answer's charset is a top-level request string or enum the caller
    /// sets, whose values are charsets the client reads; one per request.
    fn answer_charset(&mut self, at: &[Step], ty: &TypeDef, field: &Field) {
        if !field.answer_charset {
            return;
        }
        let at = with(at, &[Key("answer_charset")]);
        let is_request = self.is_request(ty);
        let sent_in = [Location::Body, Location::Query].contains(&field.location);
        let filled =
            field.clock.is_some() || field.computed.is_some() || field.credential.is_some();
        if !is_request
            || !sent_in
            || filled
            || !matches!(field.ty, FieldType::String | FieldType::Enum)
        {
            self.issue(
                at.clone(),
                format!("`{}` cannot name the answer's charset", field.wire),
                Some("`answer_charset` is for a `string` or `enum` of a request's body or query that the caller sets, such as NICEPAY's returnCharSet".into()),
            );
        }
        let first = ty.fields.iter().flatten().find(|f| f.answer_charset);
        if first.is_some_and(|first| !std::ptr::eq(first, field)) {
            self.issue(
                at.clone(),
                format!(
                    "`{}` has more than one field naming the answer's charset",
                    ty.name
                ),
                None,
            );
        }
        let Some(reference) = (field.ty == FieldType::Enum)
            .then_some(field.reference.as_deref())
            .flatten()
        else {
            return;
        };
        let variants = self
            .spec
            .types
            .iter()
            .find(|t| t.name == reference)
            .and_then(|t| t.variants.as_ref());
        for variant in variants.into_iter().flatten() {
            let code = variant.value.to_string();
            if !EncodingName::NAMES
                .iter()
                .any(|name| name.eq_ignore_ascii_case(&code))
            {
                self.issue(
                    at.clone(),
                    format!("`{reference}` has the code `{code}`, which is not a charset the client reads"),
                    Some(format!("the client reads {}; a gateway code for another charset cannot be honoured", EncodingName::NAMES.join(" and "))),
                );
            }
        }
    }

    fn field(&mut self, at: &[Step], field: &Field) {
        let key = |k| with(at, &[Key(k)]);
        self.text(key("description"), &field.description);
        self.non_empty(key("source"), &field.source, "source");
        if let Required::When(crate::spec::Condition {
            when: condition, ..
        }) = &field.required
        {
            self.non_empty(key("required"), condition, "required.when");
        }
        if let Some(conflict) = &field.conflict {
            self.conflict(key("conflict"), conflict);
        }
        self.location(at, field);
        if field.max_bytes == Some(0) {
            self.issue(key("max_bytes"), "max_bytes must be at least 1", None);
        }
        if let (Some(min), Some(max)) = (field.min_bytes, field.max_bytes) {
            if min > max || min == 0 {
                self.issue(
                    key("min_bytes"),
                    format!("min_bytes {min} must be between 1 and max_bytes {max}"),
                    None,
                );
            }
        }
        if let (Some(min), Some(max)) = (field.minimum, field.maximum) {
            if min > max {
                self.issue(
                    key("minimum"),
                    format!("minimum {min} is above maximum {max}"),
                    None,
                );
            }
        }
        let ty = field.ty;
        let allows = |k: &str| match k {
            "ref" => matches!(ty, FieldType::Object | FieldType::Enum),
            "items" => ty == FieldType::Array,
            "value" => ty == FieldType::Const,
            "max_bytes" | "chars" => {
                matches!(ty, FieldType::String | FieldType::Enum | FieldType::Const)
            }
            "format" => ty == FieldType::String,
            "min_bytes" | "max_chars" | "min_chars" | "extra_chars" | "forbidden_chars" => {
                ty == FieldType::String
            }
            "minimum" | "maximum" => ty == FieldType::Integer,
            "max_digits" => matches!(ty, FieldType::Integer | FieldType::Decimal),
            "max_scale" | "sent_as" => ty == FieldType::Decimal,
            _ => true,
        };
        let given = [
            ("ref", field.reference.is_some()),
            ("items", field.items.is_some()),
            ("value", field.value.is_some()),
            ("max_bytes", field.max_bytes.is_some()),
            ("chars", field.chars.is_some()),
            ("format", field.format.is_some()),
            ("min_bytes", field.min_bytes.is_some()),
            ("minimum", field.minimum.is_some()),
            ("maximum", field.maximum.is_some()),
            ("max_chars", field.max_chars.is_some()),
            ("min_chars", field.min_chars.is_some()),
            ("max_digits", field.max_digits.is_some()),
            ("max_scale", field.max_scale.is_some()),
            ("extra_chars", field.extra_chars.is_some()),
            ("forbidden_chars", field.forbidden_chars.is_some()),
            ("sent_as", field.sent_as.is_some()),
        ];
        for (k, present) in given {
            if present && !allows(k) {
                self.issue(
                    key(k),
                    format!("`{k}` does not apply to a field of type `{}`", ty.name()),
                    applicability_help(k, ty),
                );
            }
        }
        self.text_and_number_rules(at, field);
        let allowed = self.allowed_values(at, field);
        self.values_fit(at, field, &allowed);
        self.example(at, field, &allowed);
    }

    /// The character, digit and decimal rules: limits in order, sets that leave something to
    /// send, and a decimal's wire form decided.
    fn text_and_number_rules(&mut self, at: &[Step], field: &Field) {
        let key = |k| with(at, &[Key(k)]);
        if field.max_chars == Some(0) {
            self.issue(key("max_chars"), "max_chars must be at least 1", None);
        }
        if let Some(min) = field.min_chars {
            if min == 0 || field.max_chars.is_some_and(|max| min > max) {
                let upper = field
                    .max_chars
                    .map_or(String::new(), |max| format!(" and max_chars {max}"));
                self.issue(
                    key("min_chars"),
                    format!("min_chars {min} must be between 1{upper}"),
                    Some("the document's smaller figure is the minimum; record a contradiction in `conflict`".into()),
                );
            }
        }
        let most = if field.ty == FieldType::Decimal {
            28
        } else {
            19
        };
        if let Some(digits) = field.max_digits.filter(|&d| d == 0 || d > most) {
            self.issue(
                key("max_digits"),
                format!("max_digits {digits} must be between 1 and {most} for a `{}` field", field.ty.name()),
                Some(if field.ty == FieldType::Integer {
                    "an integer is an i64, which has at most 19 digits; larger amounts need `type: decimal`".into()
                } else {
                    "a decimal holds at most 28 digits".into()
                }),
            );
        }
        if let Some(scale) = field.max_scale.filter(|&s| s > 28) {
            self.issue(
                key("max_scale"),
                format!("max_scale {scale} must be at most 28"),
                None,
            );
        }
        if field.extra_chars.is_some() && field.chars.is_none() {
            self.issue(
                key("extra_chars"),
                "`extra_chars` widens a character class, and the field has no `chars`",
                Some("add `chars: alphanumeric` (or `ascii`, `digits`) for the class the document names beside these characters".into()),
            );
        }
        for (k, set) in [
            ("extra_chars", &field.extra_chars),
            ("forbidden_chars", &field.forbidden_chars),
        ] {
            if set.as_deref() == Some("") {
                self.issue(
                    key(k),
                    format!("`{k}` is empty"),
                    Some(format!("list the characters, or remove `{k}`")),
                );
            }
        }
        if let (Some(extra), Some(forbidden)) = (&field.extra_chars, &field.forbidden_chars) {
            if let Some(c) = extra.chars().find(|&c| forbidden.contains(c)) {
                self.issue(
                    key("forbidden_chars"),
                    format!("`{c}` is both allowed (`extra_chars`) and forbidden"),
                    None,
                );
            }
        }
        if field.ty == FieldType::Decimal && field.sent_as.is_none() {
            self.issue(
                at.to_vec(),
                "a `decimal` field needs `sent_as: number` or `sent_as: string`",
                Some("write the form the document's table or example shows: `12.03` is a number, `\"12.03\"` a string".into()),
            );
        }
        if let Some(name) = &field.credential {
            let at = with(at, &[Key("credential")]);
            let known: Vec<&str> = (self.spec.vendor.credentials.iter())
                .map(|c| c.name.as_str())
                .collect();
            if !known.contains(&name.as_str()) {
                self.issue(
                    at.clone(),
                    format!("unknown credential `{name}`"),
                    Some(format!("credentials of this spec: {}", known.join(", "))),
                );
            }
            if field.ty != FieldType::String
                || field.computed.is_some()
                || field.location != Location::Body
            {
                self.issue(
                    at.clone(),
                    "a credential field is a body `string` the client fills, and not also `computed`",
                    None,
                );
            }
            if field.required != Required::Yes {
                self.issue(
                    at,
                    "a credential field is always sent; write `required: true`",
                    None,
                );
            }
        }
        if let Some(sentinel) = &field.sentinel {
            let at = with(at, &[Key("sentinel")]);
            self.non_empty(
                with(&at, &[Key("means")]),
                &sentinel.means,
                "sentinel.means",
            );
            let fits = matches!(
                (field.ty, &sentinel.value),
                (FieldType::String, Scalar::Str(_)) | (FieldType::Integer, Scalar::Int(_))
            );
            if !fits {
                self.issue(
                    with(&at, &[Key("value")]),
                    format!("a sentinel of a `{}` field must be a {} value", field.ty.name(), if field.ty == FieldType::Integer { "integer" } else { "string" }),
                    Some("sentinels apply to string and integer fields; quote a string's value (\"0\")".into()),
                );
            }
            if field.required == Required::Yes {
                self.issue(
                    at,
                    "a field with a sentinel is read as `None` when it holds it, so it cannot be `required: true`",
                    Some("write `required: false`; the sentinel's meaning goes in `means`".into()),
                );
            }
        }
        for (i, alias) in field.aliases.iter().enumerate() {
            if alias.is_empty() || *alias == field.wire {
                self.issue(
                    with(at, &[Key("aliases"), Index(i)]),
                    format!(
                        "alias `{alias}` must be a non-empty spelling other than the wire name"
                    ),
                    None,
                );
            }
        }
    }

    /// Aliases and sentinels are for what the gateway sends: a request is sent as documented.
    fn aliases(&mut self) {
        let types: HashMap<&str, &TypeDef> = self
            .spec
            .types
            .iter()
            .map(|t| (t.name.as_str(), t))
            .collect();
        let requests = crate::model::resolve::reachable(
            &types,
            self.spec.operations.iter().map(|op| op.request.as_str()),
        );
        for (ti, ty) in self.spec.types.iter().enumerate() {
            let is_request = requests.contains(ty.name.as_str());
            for (fi, field) in ty.fields.iter().flatten().enumerate() {
                if field.credential.is_some() && !is_request {
                    self.issue(
                        vec![Key("types"), Index(ti), Key("fields"), Index(fi), Key("credential")],
                        format!("`{}` is not part of a request; only what the client sends can carry its credential", field.wire),
                        None,
                    );
                }
                if !is_request {
                    continue;
                }
                if field.sentinel.is_some() {
                    self.issue(
                        vec![Key("types"), Index(ti), Key("fields"), Index(fi), Key("sentinel")],
                        format!("`{}` is part of a request (`{}`); a sentinel is read on receipt", field.wire, ty.name),
                        Some("a request sends `None` by leaving the field out; describe the document's value in `description`".into()),
                    );
                }
                if !field.aliases.is_empty() {
                    self.issue(
                        vec![Key("types"), Index(ti), Key("fields"), Index(fi), Key("aliases")],
                        format!("`{}` is part of a request (`{}`), and requests are sent under their wire name only", field.wire, ty.name),
                        Some("aliases are for fields the gateway sends (responses, callbacks); record the other spelling in `conflict`".into()),
                    );
                }
            }
        }
    }

    /// A form holds flat values: no nested object or array, in the request or the answer.
    fn forms(
        &mut self,
        key: &dyn Fn(&'static str) -> Vec<Step>,
        op: &Operation,
        request: &TypeDef,
    ) {
        use crate::spec::BodyFormat;
        if op.request_format == BodyFormat::Form
            && matches!(op.method, HttpMethod::Get | HttpMethod::Delete)
        {
            self.issue(
                key("request_format"),
                format!(
                    "`{}` requests have no body to write as a form",
                    op.method.as_str()
                ),
                None,
            );
        }
        let response = self.types.get(op.response.as_str()).copied();
        for (format_key, format, def) in [
            ("request_format", op.request_format, Some(request)),
            ("response_format", op.response_format, response),
        ] {
            let (BodyFormat::Form, Some(def)) = (format, def) else {
                continue;
            };
            for field in def.fields.iter().flatten() {
                let flat = !matches!(field.ty, FieldType::Object | FieldType::Array);
                if !flat && field.location == Location::Body {
                    self.issue(
                        key(format_key),
                        format!("`{}.{}` is an {}, which a form cannot hold", def.name, field.wire, field.ty.name()),
                        Some("a form body is flat `key=value` pairs: keep `json` for this operation, or transcribe the nested fields as the document flattens them".into()),
                    );
                }
            }
        }
    }

    /// A group names distinct optional fields of its own object.
    fn groups(&mut self, ti: usize, ty: &TypeDef) {
        for (gi, group) in ty.groups.iter().enumerate() {
            let at = vec![Key("types"), Index(ti), Key("groups"), Index(gi)];
            self.non_empty(with(&at, &[Key("source")]), &group.source, "source");
            if group.fields.len() < 2 {
                self.issue(
                    with(&at, &[Key("fields")]),
                    "a group needs at least two fields",
                    None,
                );
            }
            let mut seen = HashSet::new();
            for (i, wire) in group.fields.iter().enumerate() {
                let at = with(&at, &[Key("fields"), Index(i)]);
                if !seen.insert(wire.as_str()) {
                    self.issue(at, format!("`{wire}` is in the group twice"), None);
                    continue;
                }
                match ty.field(wire) {
                    None => {
                        let known: Vec<String> = ty.fields.iter().flatten().map(|f| format!("`{}`", f.wire)).collect();
                        self.issue(
                            at,
                            format!("`{wire}` is not a field of `{}`", ty.name),
                            Some(format!("fields of `{}`: {}", ty.name, known.join(", "))),
                        );
                    }
                    Some(field) if field.required == Required::Yes => self.issue(
                        at,
                        format!("`{wire}` is `required: true`, so the group could never be short of it"),
                        Some("make the field `required: false`: the group says when it must be present".into()),
                    ),
                    Some(_) => {}
                }
            }
        }
    }

    /// The values a field can take when they form a closed set: its enum's codes or its const.
    fn allowed_values(&mut self, at: &[Step], field: &Field) -> Option<Vec<Scalar>> {
        let key = |k| with(at, &[Key(k)]);
        match field.ty {
            FieldType::Object | FieldType::Enum => {
                let ty = self.reference(key("ref"), field.reference.as_deref(), field.ty)?;
                let variants = ty.variants.as_ref()?;
                Some(variants.iter().map(|v| v.value.clone()).collect())
            }
            FieldType::Array => {
                match &field.items {
                    None => self.issue(at.to_vec(), "an `array` field needs `items`", None),
                    Some(items)
                        if matches!(
                            items.ty,
                            FieldType::Array | FieldType::Const | FieldType::Decimal
                        ) =>
                    {
                        self.issue(
                            with(at, &[Key("items"), Key("type")]),
                            format!("array items cannot be of type `{}`", items.ty.name()),
                            None,
                        )
                    }
                    Some(items) if matches!(items.ty, FieldType::Object | FieldType::Enum) => {
                        self.reference(
                            with(at, &[Key("items"), Key("ref")]),
                            items.reference.as_deref(),
                            items.ty,
                        );
                    }
                    Some(items) if items.reference.is_some() => self.issue(
                        with(at, &[Key("items"), Key("ref")]),
                        format!(
                            "`ref` does not apply to items of type `{}`",
                            items.ty.name()
                        ),
                        None,
                    ),
                    Some(_) => {}
                }
                None
            }
            FieldType::Const => {
                if field.required != Required::Yes {
                    self.issue(
                        key("required"),
                        "a `const` field is always sent; write `required: true`",
                        None,
                    );
                }
                match &field.value {
                    Some(value) => Some(vec![value.clone()]),
                    None => {
                        self.issue(at.to_vec(), "a `const` field needs its `value`", None);
                        None
                    }
                }
            }
            FieldType::String | FieldType::Integer | FieldType::Decimal | FieldType::Boolean => {
                None
            }
        }
    }

    fn reference(
        &mut self,
        at: Vec<Step>,
        name: Option<&str>,
        ty: FieldType,
    ) -> Option<&'s TypeDef> {
        let Some(name) = name else {
            self.issue(
                at,
                format!("a field of type `{}` needs `ref: TypeName`", ty.name()),
                None,
            );
            return None;
        };
        let want = if ty == FieldType::Object {
            TypeKind::Object
        } else {
            TypeKind::Enum
        };
        match self.types.get(name).copied() {
            None => {
                let mut known: Vec<_> = self
                    .spec
                    .types
                    .iter()
                    .filter(|t| t.kind == want)
                    .map(|t| format!("`{}`", t.name))
                    .collect();
                known.sort();
                self.issue(
                    at,
                    format!("unknown type `{name}`"),
                    Some(if known.is_empty() {
                        format!(
                            "define an {} type named `{name}` under `types`",
                            kind_name(want)
                        )
                    } else {
                        format!(
                            "{} types in this spec: {}",
                            kind_name(want),
                            known.join(", ")
                        )
                    }),
                );
                None
            }
            Some(found) if found.kind != want => {
                self.issue(
                    at,
                    format!(
                        "`{name}` is not an {} type, as a field of type `{}` needs",
                        kind_name(want),
                        ty.name()
                    ),
                    None,
                );
                None
            }
            Some(found) => Some(found),
        }
    }

    /// A length or character class must hold every value the field can take.
    fn values_fit(&mut self, at: &[Step], field: &Field, allowed: &Option<Vec<Scalar>>) {
        let Some(values) = allowed else { return };
        let encoding = self.spec.vendor.encoding;
        for value in values {
            let text = value.to_string();
            let Some(len) = encoding.encoded_len(&text) else {
                self.issue(
                    at.to_vec(),
                    format!(
                        "the allowed value `{text}` cannot be encoded in {}",
                        encoding.name()
                    ),
                    None,
                );
                continue;
            };
            if let Some(max) = field.max_bytes.filter(|&max| len > max) {
                self.issue(
                    with(at, &[Key("max_bytes")]),
                    format!(
                        "max_bytes {max} cannot hold the allowed value `{text}` ({len} bytes in {})",
                        encoding.name()
                    ),
                    Some(format!(
                        "set `max_bytes: {len}` or more, and record the document's figure in `conflict` with the reason"
                    )),
                );
            }
            if let Some(min) = field.min_bytes.filter(|&min| len < min) {
                self.issue(
                    with(at, &[Key("min_bytes")]),
                    format!("min_bytes {min} rejects the allowed value `{text}` ({len} bytes)"),
                    None,
                );
            }
            if let Some(chars) = field.chars.filter(|chars| !chars.matches(&text)) {
                self.issue(
                    with(at, &[Key("chars")]),
                    format!(
                        "`chars: {}` rejects the allowed value `{text}`",
                        chars.name()
                    ),
                    None,
                );
            }
        }
    }

    /// What is wrong with `text` as a value of `field` by its byte length, if anything.
    fn length_problem(&self, field: &Field, text: &str) -> Option<String> {
        let encoding = self.spec.vendor.encoding;
        let Some(len) = encoding.encoded_len(text) else {
            return Some(format!("example cannot be encoded in {}", encoding.name()));
        };
        if let Some(max) = field.max_bytes.filter(|&max| len > max) {
            return Some(format!("example is {len} bytes, more than max_bytes {max}"));
        }
        field
            .min_bytes
            .filter(|&min| len < min)
            .map(|min| format!("example is {len} bytes, fewer than min_bytes {min}"))
    }

    fn example(&mut self, at: &[Step], field: &Field, allowed: &Option<Vec<Scalar>>) {
        let Some(example) = &field.example else {
            return;
        };
        let at = with(at, &[Key("example")]);
        let problem = match (field.ty, example) {
            (FieldType::Object | FieldType::Array | FieldType::Boolean, _) => Some(format!(
                "`example` is not supported on `{}` fields",
                field.ty.name()
            )),
            (FieldType::Integer, Scalar::Str(_)) => {
                Some("example of an integer field is a string".into())
            }
            (FieldType::String, Scalar::Int(_)) => {
                Some("example of a string field is a number; quote it".into())
            }
            (FieldType::Decimal, Scalar::Str(text)) if !is_decimal_text(text) => Some(format!(
                "example `{text}` of a decimal field is not a decimal number"
            )),
            _ => None,
        }
        .or_else(|| {
            let text = example.to_string();
            if allowed
                .as_ref()
                .is_some_and(|values| !values.contains(example))
            {
                return Some(format!(
                    "example `{text}` is not one of the field's allowed values"
                ));
            }
            if let Some(problem) = self.length_problem(field, &text) {
                return Some(problem);
            }
            if let (Some(min), Scalar::Int(value)) = (field.minimum, example) {
                if *value < min {
                    return Some(format!("example {value} is below minimum {min}"));
                }
            }
            if let (Some(max), Scalar::Int(value)) = (field.maximum, example) {
                if *value > max {
                    return Some(format!("example {value} is above maximum {max}"));
                }
            }
            if let Some(problem) = rule_problem(field, &text) {
                return Some(problem);
            }
            let extra = field.extra_chars.as_deref().unwrap_or("");
            field
                .chars
                .filter(|chars| {
                    text.chars()
                        .any(|c| !chars.contains(c) && !extra.contains(c))
                })
                .map(|chars| format!("example breaks `chars: {}`", chars.name()))
        });
        if let Some(problem) = problem {
            self.issue(at, problem, None);
        }
    }

    fn operations(&mut self) {
        let mut names = HashSet::new();
        let mut criteria: HashMap<&str, &Success> = HashMap::new();
        for (i, op) in self.spec.operations.iter().enumerate() {
            let at = vec![Key("operations"), Index(i)];
            let key = |k| with(&at, &[Key(k)]);
            if !naming::is_snake(&op.name) {
                self.issue(
                    key("name"),
                    format!("operation name `{}` is not snake_case", op.name),
                    None,
                );
            } else if !names.insert(op.name.as_str()) {
                self.issue(
                    key("name"),
                    format!("duplicate operation `{}`", op.name),
                    None,
                );
            }
            self.text(key("summary"), &op.summary);
            self.non_empty(key("source"), &op.source, "source");
            if let Some(auth) = &op.auth {
                if !self.spec.vendor.auth.iter().any(|a| &a.name == auth) {
                    self.issue(key("auth"), format!("unknown auth scheme `{auth}`"), None);
                }
            }
            let request = self.reference(key("request"), Some(&op.request), FieldType::Object);
            let response = self.reference(key("response"), Some(&op.response), FieldType::Object);
            if op.error.is_some() {
                self.reference(key("error"), op.error.as_deref(), FieldType::Object);
            }
            if let Some(request) = request {
                self.path(key("path"), op, request);
                self.idempotency_key(key("idempotency_key"), op, request);
                self.idempotency_header(&key, op);
                self.forms(&key, op, request);
                if let Some(safe) = &op.safe {
                    self.non_empty(with(&key("safe"), &[Key("why")]), &safe.why, "safe.why");
                    if op.method == HttpMethod::Get {
                        self.issue(key("safe"), "a `GET` is safe already; remove `safe`", None);
                    }
                    if op.idempotency_key.is_some() {
                        self.issue(
                            key("safe"),
                            "an operation that changes nothing needs no idempotency key",
                            Some("a write the gateway deduplicates is `idempotency_key`; a query that changes nothing is `safe`: not both".into()),
                        );
                    }
                }
            }
            if let Some(response) = response {
                self.success(&at, op, response);
                if criteria
                    .insert(&op.response, &op.success)
                    .is_some_and(|c| c != &op.success)
                {
                    self.issue(
                        with(&at, &[Key("success")]),
                        format!(
                            "`{}` is the response of operations with different success criteria",
                            op.response
                        ),
                        Some("give each operation its own response type".into()),
                    );
                }
            }
        }
    }

    /// The path's `{name}` segments and the request's `in: path` fields are the same set, and
    /// a bodiless method has no body fields.
    fn path(&mut self, at: Vec<Step>, op: &Operation, request: &TypeDef) {
        let placeholders = match path_placeholders(&op.path) {
            Some(names) if op.path.starts_with('/') && !op.path.contains(['?', '#', ' ']) => names,
            _ => {
                self.issue(
                    at,
                    format!(
                        "path `{}` must start with `/` and hold only `{{field}}` placeholders",
                        op.path
                    ),
                    Some("query parameters are request fields with `in: query`".into()),
                );
                return;
            }
        };
        let fields = request.fields.iter().flatten();
        let path_fields: Vec<&Field> = fields
            .clone()
            .filter(|f| f.location == Location::Path)
            .collect();
        for name in &placeholders {
            if !path_fields.iter().any(|f| &f.wire == name) {
                self.issue(
                    at.clone(),
                    format!(
                        "path placeholder `{{{name}}}` is not an `in: path` field of `{}`",
                        request.name
                    ),
                    None,
                );
            }
        }
        for field in &path_fields {
            if !placeholders.contains(&field.wire) {
                self.issue(
                    at.clone(),
                    format!(
                        "`in: path` field `{}` has no `{{{}}}` in the path",
                        field.wire, field.wire
                    ),
                    None,
                );
            }
        }
        let bodiless = matches!(op.method, HttpMethod::Get | HttpMethod::Delete);
        if bodiless && fields.clone().any(|f| f.location == Location::Body) {
            self.issue(
                at,
                format!(
                    "`{}` requests have no body, but `{}` has body fields",
                    op.method.as_str(),
                    request.name
                ),
                Some("mark each field `in: query` or `in: path`".into()),
            );
        }
    }

    /// A header key is for a write the client would not otherwise retry, named as HTTP allows.
    fn idempotency_header(&mut self, key: &dyn Fn(&'static str) -> Vec<Step>, op: &Operation) {
        let Some(header) = &op.idempotency_header else {
            return;
        };
        let at = key("idempotency_header");
        self.non_empty(
            with(&at, &[Key("source")]),
            &header.source,
            "idempotency_header.source",
        );
        if !is_header_name(&header.name) {
            self.issue(
                with(&at, &[Key("name")]),
                format!("`{}` is not a header name", header.name),
                Some(
                    "letters, digits and `-`, as the document spells it: `Idempotency-Key`".into(),
                ),
            );
        }
        let twice = op.idempotency_key.is_some() || op.safe.is_some();
        if twice || matches!(op.method, HttpMethod::Get) {
            self.issue(
                at,
                "an idempotency header is for a write the gateway deduplicates by it alone",
                Some("not with `idempotency_key` or `safe`, and not on a `GET`, which is retried anyway".into()),
            );
        }
    }

    fn idempotency_key(&mut self, at: Vec<Step>, op: &Operation, request: &TypeDef) {
        let Some(wire) = &op.idempotency_key else {
            return;
        };
        match request.field(wire) {
            Some(field) if field.ty == FieldType::String && field.required == Required::Yes => {}
            Some(_) => self.issue(
                at,
                format!("idempotency key `{wire}` must be a required string field"),
                None,
            ),
            None => self.issue(
                at,
                format!(
                    "idempotency key `{wire}` is not a field of `{}`",
                    request.name
                ),
                None,
            ),
        }
    }

    fn success(&mut self, at: &[Step], op: &Operation, response: &TypeDef) {
        let Success::Code(success) = &op.success else {
            return;
        };
        let at = with(at, &[Key("success")]);
        let type_of = |code: &Scalar| match code {
            Scalar::Str(_) => FieldType::String,
            Scalar::Int(_) => FieldType::Integer,
            Scalar::Bool(_) => FieldType::Boolean,
        };
        let codes = &success.equals.0;
        let Some(first) = codes.first() else {
            self.issue(
                with(&at, &[Key("equals")]),
                "`equals` needs at least one code",
                None,
            );
            return;
        };
        let code_type = type_of(first);
        let mut seen = HashSet::new();
        for code in codes {
            if code == &Scalar::Str(String::new()) {
                self.issue(
                    with(&at, &[Key("equals")]),
                    "the success code cannot be empty",
                    None,
                );
            }
            if type_of(code) != code_type {
                self.issue(
                    with(&at, &[Key("equals")]),
                    format!("the success codes mix types: `{first}` is a {}, `{code}` a {}", code_type.name(), type_of(code).name()),
                    Some("write every code as the field holds it: quote all of them for a string field".into()),
                );
            }
            if !seen.insert(code.to_string()) {
                self.issue(
                    with(&at, &[Key("equals")]),
                    format!("the success code `{code}` is listed twice"),
                    None,
                );
            }
        }
        for (key, name, want) in [
            ("field", Some(&success.field), code_type),
            ("message", Some(&success.message), FieldType::String),
            ("detail", success.detail.as_ref(), FieldType::String),
        ] {
            let Some(name) = name else { continue };
            match response.field(name).map(|f| f.ty) {
                Some(ty) if ty == want => {}
                Some(_) => self.issue(
                    with(&at, &[Key(key)]),
                    format!("`{name}` must be a{} {} field", if want == FieldType::Integer { "n" } else { "" }, want.name()),
                    (key == "field").then(|| "a string `equals` needs a string field, an integer one an integer field".to_owned()),
                ),
                None => self.issue(
                    with(&at, &[Key(key)]),
                    format!("`{name}` is not a field of `{}`", response.name),
                    None,
                ),
            }
        }
    }

    fn credentials_and_auth(&mut self) {
        let vendor = &self.spec.vendor;
        let mut names = HashSet::new();
        for (i, credential) in vendor.credentials.iter().enumerate() {
            let at = |k| vec![Key("vendor"), Key("credentials"), Index(i), Key(k)];
            if !naming::is_snake(&credential.name) || RESERVED.contains(&credential.name.as_str()) {
                self.issue(
                    at("name"),
                    format!(
                        "credential name `{}` must be snake_case and not one of {RESERVED:?}",
                        credential.name
                    ),
                    None,
                );
            } else if !names.insert(credential.name.as_str()) {
                self.issue(
                    at("name"),
                    format!("duplicate credential `{}`", credential.name),
                    None,
                );
            }
            self.text(at("description"), &credential.description);
            self.non_empty(at("source"), &credential.source, "source");
        }
        let mut schemes = HashSet::new();
        for (i, scheme) in vendor.auth.iter().enumerate() {
            let at = |k| vec![Key("vendor"), Key("auth"), Index(i), Key(k)];
            if !naming::is_snake(&scheme.name) {
                self.issue(
                    at("name"),
                    format!("auth scheme name `{}` is not snake_case", scheme.name),
                    None,
                );
            } else if !schemes.insert(scheme.name.as_str()) {
                self.issue(
                    at("name"),
                    format!("duplicate auth scheme `{}`", scheme.name),
                    None,
                );
            }
            self.non_empty(at("source"), &scheme.source, "source");
            if let Some(window) = &scheme.timestamp_window {
                let at = |k| {
                    vec![
                        Key("vendor"),
                        Key("auth"),
                        Index(i),
                        Key("timestamp_window"),
                        Key(k),
                    ]
                };
                self.non_empty(at("source"), &window.source, "timestamp_window.source");
                if window.ms == 0 {
                    self.issue(
                        at("ms"),
                        "a window of 0 ms refuses every request",
                        Some(
                            "write the document's window in milliseconds: 5 minutes is 300000"
                                .into(),
                        ),
                    );
                }
                let signs_time = scheme
                    .headers
                    .values()
                    .any(|t| t.contains("{timestamp_ms}"))
                    || scheme
                        .signature
                        .as_ref()
                        .is_some_and(|s| s.message.contains("{timestamp_ms}"));
                if !signs_time {
                    self.issue(
                        vec![
                            Key("vendor"),
                            Key("auth"),
                            Index(i),
                            Key("timestamp_window"),
                        ],
                        "`timestamp_window` is given but the scheme sends no `{timestamp_ms}`",
                        None,
                    );
                }
            }
            let mut allowed: Vec<&str> = vec!["timestamp_ms"];
            if scheme.signature.is_some() {
                allowed.push("signature");
            }
            if scheme.basic.is_some() {
                allowed.push("basic");
            }
            if scheme.token.is_some() {
                allowed.push("token");
                if !scheme.headers.values().any(|t| t.contains("{token}")) {
                    self.issue(
                        vec![Key("vendor"), Key("auth"), Index(i), Key("token")],
                        "`token` is given but no header uses `{token}`",
                        Some("write the header as the document does: `Authorization: \"Bearer {token}\"`".into()),
                    );
                }
            }
            if let Some(pair) = &scheme.basic {
                let at = |k| vec![Key("vendor"), Key("auth"), Index(i), Key("basic"), Key(k)];
                self.template(at("user"), &pair.user, &[]);
                self.template(at("password"), &pair.password, &[]);
                if pair.user.contains(':') {
                    self.issue(
                        at("user"),
                        "an HTTP Basic user cannot hold `:` (RFC 7617): the password would start there",
                        None,
                    );
                }
                let used = scheme.headers.values().any(|t| t.contains("{basic}"));
                if !used {
                    self.issue(
                        vec![Key("vendor"), Key("auth"), Index(i), Key("basic")],
                        "`basic` is given but no header uses `{basic}`",
                        Some("write the header as the document does: `Authorization: \"Basic {basic}\"`".into()),
                    );
                }
            }
            for (header, template) in &scheme.headers {
                if !is_header_name(header) {
                    self.issue(
                        at("headers"),
                        format!("`{header}` is not a valid header name"),
                        None,
                    );
                }
                self.template(at("headers"), template, &allowed);
            }
            if let Some(signature) = &scheme.signature {
                let sig = |k| {
                    vec![
                        Key("vendor"),
                        Key("auth"),
                        Index(i),
                        Key("signature"),
                        Key(k),
                    ]
                };
                if !names.contains(signature.key.as_str()) {
                    self.issue(
                        sig("key"),
                        format!("unknown credential `{}`", signature.key),
                        None,
                    );
                }
                self.template(
                    sig("message"),
                    &signature.message,
                    &["method", "uri", "body", "timestamp_ms"],
                );
            }
        }
    }

    /// Every `{placeholder}` of `template` is a credential or one of `allowed`.
    fn template(&mut self, at: Vec<Step>, template: &str, allowed: &[&str]) {
        let Some(parts) = template_parts(template) else {
            self.issue(
                at,
                format!("template `{template}` has an unbalanced `{{` or `}}`"),
                None,
            );
            return;
        };
        for part in parts {
            let TemplatePart::Placeholder(name) = part else {
                continue;
            };
            let known = allowed.contains(&name)
                || self.spec.vendor.credentials.iter().any(|c| c.name == name);
            if !known {
                self.issue(
                    at.clone(),
                    format!("unknown placeholder `{{{name}}}` in `{template}`"),
                    Some(format!("use a credential name or one of {allowed:?}")),
                );
            }
        }
    }

    fn callbacks(&mut self) {
        for (i, callback) in self.spec.callbacks.iter().enumerate() {
            let at = |k| vec![Key("callbacks"), Index(i), Key(k)];
            if !naming::is_snake(&callback.name) {
                self.issue(
                    at("name"),
                    format!("callback name `{}` is not snake_case", callback.name),
                    None,
                );
            }
            self.text(at("summary"), &callback.summary);
            self.non_empty(at("source"), &callback.source, "source");
            self.reference(at("type"), Some(&callback.ty), FieldType::Object);
            if let Some(sent_as) = &callback.sent_as {
                let at = |k| vec![Key("callbacks"), Index(i), Key("sent_as"), Key(k)];
                self.non_empty(at("source"), &sent_as.source, "sent_as.source");
                if let Some(conflict) = &sent_as.conflict {
                    self.conflict(at("conflict"), conflict);
                }
            }
            if let Some(answer) = &callback.answer {
                let at = |k| vec![Key("callbacks"), Index(i), Key("answer"), Key(k)];
                self.non_empty(at("source"), &answer.source, "answer.source");
                if !(100..=599).contains(&answer.status) {
                    self.issue(
                        at("status"),
                        format!("{} is not an HTTP status", answer.status),
                        None,
                    );
                }
                let header_safe = |t: &str| t.bytes().all(|b| (0x20..0x7f).contains(&b));
                if answer
                    .content_type
                    .as_deref()
                    .is_some_and(|t| t.is_empty() || !header_safe(t))
                {
                    self.issue(
                        at("content_type"),
                        "the content type must be visible ASCII",
                        None,
                    );
                }
            }
            let is_operation_type = self
                .spec
                .operations
                .iter()
                .any(|op| op.request == callback.ty || op.response == callback.ty);
            if is_operation_type {
                self.issue(
                    at("type"),
                    format!(
                        "`{}` is also an operation's type; give the callback its own",
                        callback.ty
                    ),
                    None,
                );
            }
        }
    }

    /// Each deliberately skipped range cites rows and says why.
    fn untranscribed(&mut self) {
        for (i, skipped) in self.spec.untranscribed.iter().enumerate() {
            let at = |key| vec![Key("untranscribed"), Index(i), Key(key)];
            if crate::cite::citations(&skipped.rows).is_empty() {
                self.issue(
                    at("rows"),
                    format!("`{}` cites no rows", skipped.rows),
                    Some("write the rows as citations, such as `ko:264` or `ko:262-264`".into()),
                );
            }
            self.non_empty(at("why"), &skipped.why, "why");
        }
    }

    /// Each refusal has an HTTP status, a citation, operations that exist, and a code of the
    /// success code's type on each of them.
    fn refusals(&mut self) {
        for (i, refusal) in self.spec.refusals.iter().enumerate() {
            let at = |key| vec![Key("refusals"), Index(i), Key(key)];
            if !(100..=599).contains(&refusal.status) {
                self.issue(
                    at("status"),
                    format!("{} is not an HTTP status", refusal.status),
                    None,
                );
            }
            self.non_empty(at("source"), &refusal.source, "source");
            if let Some(conflict) = &refusal.conflict {
                self.conflict(at("conflict"), conflict);
            }
            for (j, name) in refusal.operations.iter().enumerate() {
                if !self.spec.operations.iter().any(|op| &op.name == name) {
                    self.issue(
                        vec![Key("refusals"), Index(i), Key("operations"), Index(j)],
                        format!("no operation is named `{name}`"),
                        Some(
                            "name an operation of this spec, or leave `operations` out for all"
                                .into(),
                        ),
                    );
                }
            }
            self.refusal_code(i, refusal);
        }
    }

    /// A refusal's code must be of the type of the success code it stands in for, on every
    /// operation with a result code that it answers.
    fn refusal_code(&mut self, i: usize, refusal: &crate::spec::Refusal) {
        let Some(code) = &refusal.code else {
            return;
        };
        let applies = |op: &&Operation| {
            refusal.operations.is_empty() || refusal.operations.contains(&op.name)
        };
        for op in self.spec.operations.iter().filter(applies) {
            // An operation whose success is a 2xx status has no field for a code: its
            // refusal is the status alone.
            let Success::Code(success) = &op.success else {
                continue;
            };
            let Some(success) = success.equals.0.first() else {
                continue;
            };
            if std::mem::discriminant(code) != std::mem::discriminant(success) {
                self.issue(
                    vec![Key("refusals"), Index(i), Key("code")],
                    format!("code `{code}` is not of the type of `{}`'s success code `{success}`", op.name),
                    Some("write the code as the result field carries it: quoted for a string code, bare for a number".into()),
                );
                return;
            }
        }
    }

    fn conflict(&mut self, at: Vec<Step>, conflict: &Conflict) {
        for (key, value) in [
            ("doc", &conflict.doc),
            ("decision", &conflict.decision),
            ("why", &conflict.why),
        ] {
            self.non_empty(with(&at, &[Key(key)]), value, key);
        }
    }

    fn text(&mut self, at: Vec<Step>, text: &Text) {
        if text.paragraphs().iter().all(|p| p.trim().is_empty()) {
            self.issue(at, "give a description in `ko`, `en` or both", None);
        }
    }

    fn non_empty(&mut self, at: Vec<Step>, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.issue(at, format!("`{what}` cannot be empty"), None);
        }
    }

    fn absent(&mut self, at: Vec<Step>, present: bool, key: &str, what: &str) {
        if present {
            self.issue(at, format!("`{key}` does not apply to {what}"), None);
        }
    }
}

/// `12`, `-12.03`: digits, optionally signed, with an optional fraction.
fn is_decimal_text(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// What is wrong with an example by the character, digit and decimal rules, if anything.
fn rule_problem(field: &Field, text: &str) -> Option<String> {
    let count = text.chars().count();
    if let Some(max) = field.max_chars.filter(|&max| count > max) {
        return Some(format!(
            "example is {count} characters, more than max_chars {max}"
        ));
    }
    if let Some(min) = field.min_chars.filter(|&min| count < min) {
        return Some(format!(
            "example is {count} characters, fewer than min_chars {min}"
        ));
    }
    if let Some(forbidden) = &field.forbidden_chars {
        if text.chars().any(|c| forbidden.contains(c)) {
            return Some("example holds a character of `forbidden_chars`".into());
        }
    }
    let (whole, scale) = match text.trim_start_matches('-').split_once('.') {
        Some((whole, fraction)) => (whole.len(), fraction.len()),
        None => (text.trim_start_matches('-').len(), 0),
    };
    if let Some(max) = field.max_digits.filter(|&max| whole > max) {
        return Some(format!(
            "example has {whole} digits, more than max_digits {max}"
        ));
    }
    field
        .max_scale
        .filter(|&max| scale > max as usize)
        .map(|max| format!("example has {scale} digits after the point, more than max_scale {max}"))
}

/// The help for a key given to a field of a type it does not fit.
fn applicability_help(key: &str, ty: FieldType) -> Option<String> {
    Some(match (key, ty) {
        ("max_digits", FieldType::String) => "a string's length is `max_bytes` or `max_chars`; a digit limit is for `integer` and `decimal` fields (make the field an integer if the document calls it a number)".into(),
        ("max_chars" | "min_chars", FieldType::Integer | FieldType::Decimal) => "a number's size is `max_digits`".into(),
        ("max_scale", _) | ("sent_as", _) => format!("`{key}` is for `type: decimal` fields"),
        ("extra_chars" | "forbidden_chars", _) => format!("`{key}` is for `type: string` fields"),
        _ => return None,
    })
}

fn with(at: &[Step], more: &[Step]) -> Vec<Step> {
    at.iter().chain(more).cloned().collect()
}

fn repr_name(repr: Repr) -> &'static str {
    match repr {
        Repr::String => "string",
        Repr::Integer => "integer",
    }
}

fn kind_name(kind: TypeKind) -> &'static str {
    match kind {
        TypeKind::Object => "object",
        TypeKind::Enum => "enum",
    }
}

// Names a credential cannot take, because generated code uses them for other things.
/// Names of the types every generated module defines besides the spec's.
const GENERATED_TYPES: &[&str] = &["Client", "ClientBuilder", "Environment", "Credentials"];

const RESERVED: &[&str] = &["timestamp_ms", "signature", "method", "uri", "body"];

/// The `{name}` placeholders of a path, or `None` if the path's braces are malformed.
fn path_placeholders(path: &str) -> Option<Vec<String>> {
    let parts = template_parts(path)?;
    Some(
        parts
            .into_iter()
            .filter_map(|p| match p {
                TemplatePart::Placeholder(name) => Some(name.to_owned()),
                TemplatePart::Literal(_) => None,
            })
            .collect(),
    )
}

/// Whether `name` is a header name as the documents write them: letters, digits and `-`.
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}
