//! Builds the [`Model`] from a spec the checker has accepted: names become indices, templates
//! become pieces, Rust names and types are decided.
//!
//! Every lookup that could fail is reported as an [`Issue`] at the node that names it rather
//! than trusted, so a gap between what the checker proves and what the model needs is a spec
//! error with a line and column, not a panic.

use super::{
    Auth, Callback, CancelEffect, ClockPlan, ConditionalMinimum, Credential, Digest, DigestInput,
    Docs, Enum, Environment, FieldCondition, Fill, Group, HeaderPiece, Limits, MessagePiece, Model,
    NetCancelPlan, Object, ObjectField, Operation, PathSegment, Refusal, Report, Requirement,
    Resolve, Rules, RustType, Signature, Success, TokenPlan, Variant, Vendor,
};
use crate::error::Issue;
use crate::naming::variant_name;
use crate::spec::{self, FieldType, HttpMethod, Repr, Required, Spec, TypeDef, TypeKind};
use crate::template::{template_parts, TemplatePart};
use crate::yaml::Step::{self, Index, Key};
use std::collections::{BTreeSet, HashMap};

/// The model of `spec`, read from `file`; or what could not be resolved.
pub(crate) fn resolve(spec: &Spec, file: &str) -> Result<Model, Vec<Issue>> {
    let mut r = Resolver::new(spec);
    let credentials = spec
        .vendor
        .credentials
        .iter()
        .map(|c| Credential {
            name: c.name.clone(),
            secret: c.secret,
            docs: docs(&c.description, Some(&c.source), None),
        })
        .collect();
    let auth = (spec.vendor.auth.iter().enumerate())
        .filter_map(|(i, scheme)| r.auth(i, scheme))
        .collect();
    let mut objects = Vec::new();
    let mut enums = Vec::new();
    for (ti, def) in spec.types.iter().enumerate() {
        match def.kind {
            TypeKind::Object => objects.extend(r.object(ti, def)),
            TypeKind::Enum => enums.push(r.enumeration(def)),
        }
    }
    let operations = (spec.operations.iter().enumerate())
        .filter_map(|(i, op)| r.operation(i, op))
        .collect();
    let callbacks = (spec.callbacks.iter().enumerate())
        .filter_map(|(i, c)| {
            Some(Callback {
                name: c.name.clone(),
                ty: r.object_index(vec![Key("callbacks"), Index(i), Key("type")], &c.ty)?,
                summary: c.summary.clone(),
                source: c.source.clone(),
                answer: c.answer.as_ref().map(|a| {
                    let content_type = a.content_type.clone();
                    (
                        a.status,
                        a.body.clone(),
                        content_type.unwrap_or_else(|| "text/plain; charset=utf-8".to_owned()),
                        a.source.clone(),
                    )
                }),
                format: c.sent_as.as_ref().map(|f| f.format),
            })
        })
        .collect();
    let refusals = (spec.refusals.iter().enumerate())
        .map(|(i, refusal)| Refusal {
            kind: refusal.kind,
            status: refusal.status,
            code: refusal.code.clone(),
            message: refusal.message.clone(),
            detail: refusal.detail.clone(),
            operations: (refusal.operations.iter().enumerate())
                .filter_map(|(j, name)| {
                    r.operation_index(
                        vec![Key("refusals"), Index(i), Key("operations"), Index(j)],
                        name,
                    )
                })
                .collect(),
            source: refusal.source.clone(),
        })
        .collect();
    if !r.issues.is_empty() {
        return Err(r.issues);
    }
    Ok(Model {
        file: file.to_owned(),
        vendor: vendor(spec),
        credentials,
        auth,
        objects,
        enums,
        operations,
        callbacks,
        refusals,
        reads_credentials: reads_credentials(spec),
    })
}

fn vendor(spec: &Spec) -> Vendor {
    let vendor = &spec.vendor;
    Vendor {
        module: vendor.module.clone(),
        name: vendor.name.clone(),
        sources: (vendor.sources.iter())
            .map(|doc| (doc.key.clone(), doc.file.clone()))
            .collect(),
        conflicts: spec.conflicts.clone(),
        environments: (vendor.environments.iter())
            .map(|e| Environment {
                name: e.name,
                base_url: e.base_url.clone(),
            })
            .collect(),
        limits: vendor.limits.as_ref().map(|l| Limits {
            connect_timeout_ms: l.connect_timeout_ms,
            read_timeout_ms: l.read_timeout_ms,
            timeout_ms: l.timeout_ms,
            max_response_bytes: l.max_response_bytes,
            why: l.why.clone(),
        }),
        encoding: vendor.encoding,
        charset: vendor.charset.unwrap_or(crate::spec::EncodingName::Utf8),
    }
}

fn docs(text: &spec::Text, source: Option<&str>, conflict: Option<&spec::Conflict>) -> Docs {
    Docs {
        text: text.clone(),
        source: source.map(str::to_owned),
        conflict: conflict.cloned(),
    }
}

/// Whether generated code reads the credentials: through an auth scheme an operation uses, a
/// digest over a `{credential}`, or a field the client fills with one (Toss Pay's `apiKey`,
/// a gateway with no auth scheme at all).
fn reads_credentials(spec: &Spec) -> bool {
    if spec.vendor.credentials.is_empty() {
        return false;
    }
    let auth = spec.operations.iter().any(|op| op.auth.is_some());
    let reads = |recipe: &spec::DigestRecipe| {
        recipe.key.is_some() || recipe.inputs.iter().any(|input| input.starts_with('{'))
    };
    let fields = (spec.types.iter())
        .flat_map(|ty| ty.fields.iter().flatten())
        .any(|f| {
            f.credential.is_some() || [&f.computed, &f.verify].into_iter().flatten().any(reads)
        });
    auth || fields
}

/// Name lookups over one spec, and the issues of those that fail.
struct Resolver<'s> {
    spec: &'s Spec,
    types: HashMap<&'s str, &'s TypeDef>,
    /// Object type name to its index in the model's `objects`.
    objects: HashMap<&'s str, usize>,
    /// Enum type name to its index in the model's `enums`.
    enums: HashMap<&'s str, usize>,
    operations: HashMap<&'s str, usize>,
    credentials: HashMap<&'s str, usize>,
    /// Types reachable from requests: they validate.
    validated: BTreeSet<&'s str>,
    /// Types reachable from responses and callbacks: enums among them are open.
    inbound: BTreeSet<&'s str>,
    issues: Vec<Issue>,
}

impl<'s> Resolver<'s> {
    fn new(spec: &'s Spec) -> Self {
        let types: HashMap<&str, &TypeDef> =
            spec.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let index_of = |kind: TypeKind| -> HashMap<&'s str, usize> {
            (spec.types.iter())
                .filter(|t| t.kind == kind)
                .enumerate()
                .map(|(i, t)| (t.name.as_str(), i))
                .collect()
        };
        let requests = spec.operations.iter().map(|op| op.request.as_str());
        // Error types are read like responses.
        let responses = (spec.operations.iter())
            .flat_map(|op| std::iter::once(op.response.as_str()).chain(op.error.as_deref()));
        let callbacks = spec.callbacks.iter().map(|c| c.ty.as_str());
        Resolver {
            spec,
            objects: index_of(TypeKind::Object),
            enums: index_of(TypeKind::Enum),
            operations: (spec.operations.iter().enumerate())
                .map(|(i, op)| (op.name.as_str(), i))
                .collect(),
            credentials: (spec.vendor.credentials.iter().enumerate())
                .map(|(i, c)| (c.name.as_str(), i))
                .collect(),
            validated: reachable(&types, requests),
            inbound: reachable(&types, responses.chain(callbacks)),
            types,
            issues: Vec::new(),
        }
    }

    fn unresolved<T>(&mut self, path: Vec<Step>, message: String) -> Option<T> {
        self.issues.push(Issue {
            path,
            message,
            help: Some("the checker should have reported this; please report it as a paygen bug, with the spec".into()),
        });
        None
    }

    fn object_index(&mut self, at: Vec<Step>, name: &str) -> Option<usize> {
        match self.objects.get(name) {
            Some(&index) => Some(index),
            None => self.unresolved(at, format!("`{name}` is not an object type")),
        }
    }

    fn object_def(&mut self, at: Vec<Step>, name: &str) -> Option<&'s TypeDef> {
        match self.types.get(name) {
            Some(&def) if def.kind == TypeKind::Object => Some(def),
            _ => self.unresolved(at, format!("`{name}` is not an object type")),
        }
    }

    fn operation_index(&mut self, at: Vec<Step>, name: &str) -> Option<usize> {
        match self.operations.get(name) {
            Some(&index) => Some(index),
            None => self.unresolved(at, format!("`{name}` is not an operation")),
        }
    }

    fn credential(&mut self, at: Vec<Step>, name: &str) -> Option<usize> {
        match self.credentials.get(name) {
            Some(&index) => Some(index),
            None => self.unresolved(at, format!("`{name}` is not a credential")),
        }
    }

    /// The index of the field `wire` of the object `def`.
    fn field(&mut self, at: Vec<Step>, def: &TypeDef, wire: &str) -> Option<usize> {
        match def.fields.iter().flatten().position(|f| f.wire == wire) {
            Some(index) => Some(index),
            None => self.unresolved(at, format!("`{}` has no field `{wire}`", def.name)),
        }
    }

    fn pieces<'t>(&mut self, at: &[Step], template: &'t str) -> Option<Vec<TemplatePart<'t>>> {
        match template_parts(template) {
            Some(parts) => Some(parts),
            None => self.unresolved(at.to_vec(), format!("unbalanced braces in `{template}`")),
        }
    }

    fn auth(&mut self, index: usize, scheme: &'s spec::AuthScheme) -> Option<Auth> {
        let at = vec![Key("vendor"), Key("auth"), Index(index)];
        let mut headers = Vec::new();
        for (name, template) in &scheme.headers {
            let at = with(&at, &[Key("headers"), Step::Name(name.clone())]);
            let mut pieces = Vec::new();
            for part in self.pieces(&at, template)? {
                pieces.push(match part {
                    TemplatePart::Literal(text) => HeaderPiece::Literal(text.to_owned()),
                    TemplatePart::Placeholder("timestamp_ms") => HeaderPiece::Timestamp,
                    TemplatePart::Placeholder("signature") => HeaderPiece::Signature,
                    TemplatePart::Placeholder("basic") => HeaderPiece::Basic,
                    TemplatePart::Placeholder("token") if scheme.token.is_some() => {
                        HeaderPiece::Token
                    }
                    TemplatePart::Placeholder(name) => {
                        HeaderPiece::Credential(self.credential(at.clone(), name)?)
                    }
                });
            }
            headers.push((name.clone(), pieces));
        }
        let mut basic = None;
        if let Some(pair) = &scheme.basic {
            let mut parts = Vec::new();
            for (key, template) in [("user", &pair.user), ("password", &pair.password)] {
                let at = with(&at, &[Key("basic"), Key(key)]);
                let mut pieces = Vec::new();
                for part in self.pieces(&at, template)? {
                    pieces.push(match part {
                        TemplatePart::Literal(text) => HeaderPiece::Literal(text.to_owned()),
                        TemplatePart::Placeholder(name) => {
                            HeaderPiece::Credential(self.credential(at.clone(), name)?)
                        }
                    });
                }
                parts.push(pieces);
            }
            let password = parts.pop().unwrap_or_default();
            basic = Some((parts.pop().unwrap_or_default(), password));
        }
        let signature = match &scheme.signature {
            None => None,
            Some(signature) => Some(self.signature(&with(&at, &[Key("signature")]), signature)?),
        };
        let token = match &scheme.token {
            None => None,
            Some(token) => Some(self.token(&with(&at, &[Key("token")]), token)?),
        };
        Some(Auth {
            name: scheme.name.clone(),
            source: scheme.source.clone(),
            used: (self.spec.operations.iter()).any(|op| op.auth.as_deref() == Some(&scheme.name)),
            headers,
            signature,
            basic,
            token,
            timestamp_window_ms: scheme.timestamp_window.as_ref().map(|w| w.ms),
        })
    }

    /// The token recipe with its operation and fields as indices (each checked to exist).
    fn token(&mut self, at: &[Step], token: &spec::TokenSource) -> Option<TokenPlan> {
        let Some(operation) =
            (self.spec.operations.iter()).position(|op| op.name == token.operation)
        else {
            return self.unresolved(
                at.to_vec(),
                format!("unknown operation `{}`", token.operation),
            );
        };
        let response = &self.spec.operations[operation].response;
        let fields = (self.spec.types.iter())
            .find(|t| &t.name == response)
            .and_then(|t| t.fields.as_ref());
        let Some(fields) = fields else {
            return self.unresolved(at.to_vec(), format!("unknown response `{response}`"));
        };
        let index = |wire: &str| fields.iter().position(|f| f.wire == wire);
        let field = match index(&token.field) {
            Some(field) => field,
            None => {
                return self.unresolved(at.to_vec(), format!("unknown field `{}`", token.field))
            }
        };
        Some(TokenPlan {
            operation,
            field,
            expires_at: token.expires_at.as_deref().and_then(index),
            issued_at: token.issued_at.as_deref().and_then(index),
            lifetime_ms: token.lifetime_ms,
            refresh_before_ms: token.refresh_before_ms,
            refresh_on_status: token.refresh_on_status.clone(),
            source: token.source.clone(),
        })
    }

    fn signature(&mut self, at: &[Step], signature: &spec::Signature) -> Option<Signature> {
        let key = self.credential(with(at, &[Key("key")]), &signature.key)?;
        let at = with(at, &[Key("message")]);
        let mut message = Vec::new();
        for part in self.pieces(&at, &signature.message)? {
            message.push(match part {
                TemplatePart::Literal(text) => MessagePiece::Literal(text.to_owned()),
                TemplatePart::Placeholder("method") => MessagePiece::Method,
                TemplatePart::Placeholder("uri") => MessagePiece::Uri,
                TemplatePart::Placeholder("body") => MessagePiece::Body,
                TemplatePart::Placeholder("timestamp_ms") => MessagePiece::Timestamp,
                TemplatePart::Placeholder(name) => {
                    MessagePiece::Credential(self.credential(at.clone(), name)?)
                }
            });
        }
        Some(Signature {
            algorithm: signature.algorithm,
            key,
            output: signature.output,
            message,
        })
    }

    fn object(&mut self, ti: usize, def: &'s TypeDef) -> Option<Object> {
        let mut fields = Vec::new();
        for (fi, field) in def.fields.iter().flatten().enumerate() {
            let at = vec![Key("types"), Index(ti), Key("fields"), Index(fi)];
            fields.push(self.object_field(&at, def, field)?);
        }
        let mut groups = Vec::new();
        for (gi, group) in def.groups.iter().enumerate() {
            let mut members = Vec::new();
            for (i, wire) in group.fields.iter().enumerate() {
                let at = vec![
                    Key("types"),
                    Index(ti),
                    Key("groups"),
                    Index(gi),
                    Key("fields"),
                    Index(i),
                ];
                members.push(self.field(at, def, wire)?);
            }
            groups.push(Group {
                kind: group.kind,
                fields: members,
                source: group.source.clone(),
            });
        }
        Some(Object {
            name: def.name.clone(),
            docs: docs(&def.description, Some(&def.source), None),
            fields,
            validated: self.validated.contains(def.name.as_str()),
            received: self.inbound.contains(def.name.as_str()),
            groups,
        })
    }

    fn object_field(
        &mut self,
        at: &[Step],
        def: &TypeDef,
        field: &spec::Field,
    ) -> Option<ObjectField> {
        let ty = match field.ty {
            FieldType::Array => match &field.items {
                Some(items) => RustType::Vec(Box::new(self.item_type(
                    at,
                    items.ty,
                    items.reference.as_deref(),
                )?)),
                None => return self.unresolved(at.to_vec(), "an array without `items`".into()),
            },
            FieldType::Const => match &field.value {
                Some(value) => RustType::Const(value.clone()),
                None => return self.unresolved(at.to_vec(), "a const without `value`".into()),
            },
            FieldType::Decimal => match field.sent_as {
                Some(form) => RustType::Decimal(form),
                None => return self.unresolved(at.to_vec(), "a decimal without `sent_as`".into()),
            },
            other => self.item_type(at, other, field.reference.as_deref())?,
        };
        let requirement = match &field.required {
            Required::Yes => Requirement::Always,
            Required::No => Requirement::Optional,
            Required::When(condition) => Requirement::When {
                text: condition.when.clone(),
                check: match condition.field.as_deref() {
                    Some(other) => Some(FieldCondition {
                        field: self.field(
                            with(at, &[Key("required"), Key("field")]),
                            def,
                            other,
                        )?,
                        values: condition.values.clone(),
                    }),
                    None => None,
                },
            },
        };
        let mut minimum_if = Vec::new();
        for (i, minimum) in field.minimum_if.iter().enumerate() {
            let other = with(at, &[Key("minimum_if"), Index(i), Key("field")]);
            minimum_if.push(ConditionalMinimum {
                when: FieldCondition {
                    field: self.field(other, def, &minimum.field)?,
                    values: minimum.values.clone(),
                },
                minimum: minimum.minimum,
                source: minimum.source.clone(),
            });
        }
        let computed = match &field.computed {
            Some(recipe) => Some(self.digest(&with(at, &[Key("computed")]), def, recipe)?),
            None => None,
        };
        let verify = match &field.verify {
            Some(recipe) => Some(self.digest(&with(at, &[Key("verify")]), def, recipe)?),
            None => None,
        };
        let credential = match &field.credential {
            Some(name) => Some(self.credential(with(at, &[Key("credential")]), name)?),
            None => None,
        };
        let clock = match &field.clock {
            Some(clock) => match paygen_vocab::utc_offset_minutes(clock.offset.as_bytes()) {
                Some(offset_minutes) => Some(ClockPlan {
                    format: clock.format,
                    offset_minutes,
                }),
                None => {
                    let at = with(at, &[Key("clock"), Key("offset")]);
                    return self.unresolved(at, format!("offset `{}`", clock.offset));
                }
            },
            None => None,
        };
        Some(ObjectField {
            credential,
            clock,
            answer_charset: field.answer_charset,
            wire: field.wire.clone(),
            rust: field.rust_name(),
            validates_itself: validates_itself(&ty, &self.inbound),
            ty,
            optional: field.required != Required::Yes,
            location: field.location,
            requirement,
            rules: Rules {
                min_bytes: field.min_bytes,
                max_bytes: field.max_bytes,
                minimum: field.minimum,
                maximum: field.maximum,
                max_chars: field.max_chars,
                min_chars: field.min_chars,
                max_digits: field.max_digits,
                max_scale: field.max_scale,
                chars: field.chars,
                extra_chars: field.extra_chars.clone(),
                forbidden_chars: field.forbidden_chars.clone(),
                format: field.format,
            },
            minimum_if,
            computed,
            verify,
            personal: field.personal,
            aliases: field.aliases.clone(),
            sentinel: (field.sentinel.as_ref()).map(|s| (s.value.clone(), s.means.clone())),
            example: field.example.clone(),
            docs: docs(
                &field.description,
                Some(&field.source),
                field.conflict.as_ref(),
            ),
        })
    }

    /// The Rust type of a scalar, object or enum (a field's, or an array's items').
    fn item_type(
        &mut self,
        at: &[Step],
        ty: FieldType,
        reference: Option<&str>,
    ) -> Option<RustType> {
        let named = |r: &mut Self, kind: TypeKind| match reference {
            Some(name) if r.types.get(name).is_some_and(|t| t.kind == kind) => {
                Some(name.to_owned())
            }
            _ => r.unresolved(
                with(at, &[Key("ref")]),
                format!(
                    "a `{}` field without a `ref` to a type of that kind",
                    ty.name()
                ),
            ),
        };
        Some(match ty {
            FieldType::String => RustType::String,
            FieldType::Integer => RustType::Integer,
            FieldType::Boolean => RustType::Boolean,
            FieldType::Object => RustType::Object(named(self, TypeKind::Object)?),
            FieldType::Enum => RustType::Enum(named(self, TypeKind::Enum)?),
            FieldType::Array | FieldType::Const | FieldType::Decimal => {
                return self.unresolved(
                    at.to_vec(),
                    format!("`{}` is not a type of array items", ty.name()),
                )
            }
        })
    }

    fn digest(
        &mut self,
        at: &[Step],
        def: &TypeDef,
        recipe: &spec::DigestRecipe,
    ) -> Option<Digest> {
        let mut inputs = Vec::new();
        for (i, input) in recipe.inputs.iter().enumerate() {
            let at = with(at, &[Key("inputs"), Index(i)]);
            inputs.push(
                match input.strip_prefix('{').and_then(|i| i.strip_suffix('}')) {
                    Some(credential) => DigestInput::Credential(self.credential(at, credential)?),
                    None => DigestInput::Field(self.field(at, def, input)?),
                },
            );
        }
        let key = match &recipe.key {
            Some(key) => Some(self.credential(with(at, &[Key("key")]), key)?),
            None => None,
        };
        Some(Digest {
            algorithm: recipe.algorithm,
            key,
            output: recipe.output,
            inputs,
        })
    }

    fn enumeration(&self, def: &TypeDef) -> Enum {
        Enum {
            name: def.name.clone(),
            docs: docs(&def.description, Some(&def.source), None),
            repr: def.repr.unwrap_or(Repr::String),
            open: self.inbound.contains(def.name.as_str()),
            variants: (def.variants.iter().flatten())
                .map(|v| Variant {
                    rust: variant_name(v.rust.as_deref(), &v.value.to_string()),
                    value: v.value.clone(),
                    description: v.description.clone(),
                })
                .collect(),
        }
    }

    fn operation(&mut self, index: usize, op: &'s spec::Operation) -> Option<Operation> {
        let at = vec![Key("operations"), Index(index)];
        let request_def = self.object_def(with(&at, &[Key("request")]), &op.request)?;
        let response_def = self.object_def(with(&at, &[Key("response")]), &op.response)?;
        let mut path = Vec::new();
        for part in self.pieces(&with(&at, &[Key("path")]), &op.path)? {
            path.push(match part {
                TemplatePart::Literal(text) => PathSegment::Literal(text.to_owned()),
                TemplatePart::Placeholder(wire) => {
                    PathSegment::Field(self.field(with(&at, &[Key("path")]), request_def, wire)?)
                }
            });
        }
        let auth = match op.auth.as_deref() {
            None => None,
            Some(name) => match self.spec.vendor.auth.iter().position(|a| a.name == name) {
                Some(index) => Some(index),
                None => {
                    return self.unresolved(
                        with(&at, &[Key("auth")]),
                        format!("`{name}` is not an auth scheme"),
                    )
                }
            },
        };
        let success = match &op.success {
            spec::Success::Http2xx => Success::Http2xx,
            spec::Success::Code(code) => {
                let at = with(&at, &[Key("success")]);
                Success::Code {
                    field: self.field(with(&at, &[Key("field")]), response_def, &code.field)?,
                    equals: code.equals.0.clone(),
                    message: self.field(
                        with(&at, &[Key("message")]),
                        response_def,
                        &code.message,
                    )?,
                    detail: match code.detail.as_deref() {
                        Some(wire) => {
                            Some(self.field(with(&at, &[Key("detail")]), response_def, wire)?)
                        }
                        None => None,
                    },
                }
            }
        };
        let reports = match &op.reports {
            Some(reports) => {
                Some(self.report(&with(&at, &[Key("reports")]), response_def, reports)?)
            }
            None => None,
        };
        let net_cancel = match &op.net_cancel {
            Some(plan) => Some(self.net_cancel(&with(&at, &[Key("net_cancel")]), plan)?),
            None => None,
        };
        let cancels = match &op.cancels {
            Some(spec) => {
                let at = with(&at, &[Key("cancels")]);
                let approving = self.operation_index(with(&at, &[Key("of")]), &spec.of)?;
                Some(CancelEffect {
                    approving,
                    matches: self.fills(&with(&at, &[Key("match")]), approving, &spec.matches)?,
                    leaves: spec.leaves.clone(),
                    partial: spec
                        .partial
                        .as_ref()
                        .map(|p| (p.when.clone(), p.leaves.clone())),
                })
            }
            None => None,
        };
        let error = match &op.error {
            Some(name) => Some(self.object_index(with(&at, &[Key("error")]), name)?),
            None => None,
        };
        Some(Operation {
            error,
            name: op.name.clone(),
            summary: op.summary.clone(),
            source: op.source.clone(),
            method: op.method,
            path_template: op.path.clone(),
            path,
            request: self.object_index(with(&at, &[Key("request")]), &op.request)?,
            response: self.object_index(with(&at, &[Key("response")]), &op.response)?,
            auth,
            idempotency_key: op.idempotency_key.clone(),
            idempotency_header: op.idempotency_header.as_ref().map(|h| h.name.clone()),
            retryable: op.method == HttpMethod::Get
                || op.safe.is_some()
                || op.idempotency_key.is_some()
                || op.idempotency_header.is_some(),
            request_format: op.request_format,
            response_format: op.response_format,
            safe: match (&op.safe, op.method) {
                (Some(safe), _) => Some(safe.why.clone()),
                (None, HttpMethod::Get) => Some("a `GET`".to_owned()),
                (None, _) => None,
            },
            success,
            reports,
            net_cancel,
            cancels,
        })
    }

    fn report(&mut self, at: &[Step], response: &TypeDef, spec: &spec::Reports) -> Option<Report> {
        let state = self.field(with(at, &[Key("state")]), response, &spec.state)?;
        let state_type = (response.fields.iter().flatten().nth(state))
            .and_then(|f| f.reference.as_deref())
            .and_then(|name| self.enums.get(name).copied());
        let Some(state_enum) = state_type else {
            return self.unresolved(
                with(at, &[Key("state")]),
                format!("`{}` is not an enum field", spec.state),
            );
        };
        let mut resolves = Vec::new();
        for (i, r) in spec.resolves.iter().enumerate() {
            let at = with(at, &[Key("resolves"), Index(i)]);
            let write = self.operation_index(with(&at, &[Key("operation")]), &r.operation)?;
            let write_request = &self.spec.operations[write].request;
            let write_def = self.object_def(with(&at, &[Key("operation")]), write_request)?;
            let mut inputs = std::collections::BTreeMap::new();
            for (target, source) in &r.inputs {
                let at = with(&at, &[Key("inputs"), Step::Name(target.clone())]);
                inputs.insert(target.clone(), self.field(at, write_def, source)?);
            }
            resolves.push(Resolve { write, inputs });
        }
        Some(Report {
            state,
            state_enum,
            approved: spec.approved.clone(),
            not_approved: spec.not_approved.clone(),
            source: spec.source.clone(),
            why: spec.why.clone(),
            resolves,
        })
    }

    fn net_cancel(&mut self, at: &[Step], spec: &spec::NetCancel) -> Option<NetCancelPlan> {
        let approving = self.operation_index(with(at, &[Key("of")]), &spec.of)?;
        let fills = self.fills(&with(at, &[Key("fill")]), approving, &spec.fill)?;
        Some(NetCancelPlan {
            approving,
            fills,
            source: spec.source.clone(),
        })
    }

    /// Each field (wire name) and the approving operation's request or response field its
    /// `request.<wire>` or `response.<wire>` names.
    fn fills(
        &mut self,
        at: &[Step],
        approving: usize,
        spec: &std::collections::BTreeMap<String, String>,
    ) -> Option<std::collections::BTreeMap<String, Fill>> {
        let approving_op = &self.spec.operations[approving];
        let mut fills = std::collections::BTreeMap::new();
        for (target, source) in spec {
            let at = with(at, &[Step::Name(target.clone())]);
            let fill = match source.split_once('.') {
                Some(("request", wire)) => {
                    let def = self.object_def(at.clone(), &approving_op.request)?;
                    Fill::Request(self.field(at, def, wire)?)
                }
                Some(("response", wire)) => {
                    let def = self.object_def(at.clone(), &approving_op.response)?;
                    Fill::Response(self.field(at, def, wire)?)
                }
                _ => {
                    return self.unresolved(
                        at,
                        format!("`{source}` is neither `request.<field>` nor `response.<field>`"),
                    )
                }
            };
            fills.insert(target.clone(), fill);
        }
        Some(fills)
    }
}

fn with(at: &[Step], more: &[Step]) -> Vec<Step> {
    at.iter().chain(more).cloned().collect()
}

fn validates_itself(ty: &RustType, inbound: &BTreeSet<&str>) -> bool {
    match ty {
        RustType::Object(_) => true,
        RustType::Enum(name) => inbound.contains(name.as_str()),
        RustType::Vec(item) => validates_itself(item, inbound),
        _ => false,
    }
}

/// The names of the types (objects and enums) reachable from `roots` through fields; names
/// that are not types are skipped (the checker reports them).
pub(crate) fn reachable<'s>(
    types: &HashMap<&'s str, &'s TypeDef>,
    roots: impl Iterator<Item = &'s str>,
) -> BTreeSet<&'s str> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = roots.collect();
    while let Some(name) = todo.pop() {
        let Some(&def) = types.get(name) else {
            continue;
        };
        if !seen.insert(def.name.as_str()) {
            continue;
        }
        for field in def.fields.iter().flatten() {
            let reference = match (&field.items, field.ty) {
                (Some(items), FieldType::Array) => items.reference.as_deref(),
                _ => field.reference.as_deref(),
            };
            todo.extend(reference);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use crate::emit::fixture::{with_model, SPEC};
    use crate::model::{DigestInput, Fill, HeaderPiece, MessagePiece, PathSegment, Success};
    use crate::yaml::Step;

    #[test]
    fn names_become_indices_into_the_model() {
        with_model(|model| {
            let status = &model.operations[2];
            let request = model.request(status);
            let PathSegment::Field(tid) = status.path[1] else {
                panic!("{:?}", status.path);
            };
            assert_eq!(request.fields[tid].wire, "tid");
            assert!(status.retryable && !model.operations[0].retryable);
            let Success::Code { field, message, .. } = &status.success else {
                panic!("{:?}", status.success);
            };
            let response = model.response(status);
            assert_eq!(
                (
                    response.fields[*field].wire.as_str(),
                    response.fields[*message].wire.as_str()
                ),
                ("code", "message")
            );
            let plan = model.operations[1]
                .net_cancel
                .as_ref()
                .expect("cancel plans");
            assert_eq!(plan.approving, 0);
            assert_eq!(plan.fills["tid"], Fill::Response(2));
            let auth = &model.auth[0];
            let signature = auth.signature.as_ref().expect("signed");
            assert_eq!(model.credentials[signature.key].name, "api_key");
            assert!(signature.signs(&MessagePiece::Body) && auth.used);
            assert!(auth
                .headers
                .iter()
                .any(|(_, p)| p.contains(&HeaderPiece::Signature)));
            let pay = model.request(&model.operations[0]);
            let (_, digest) = pay.computed_fields()[0];
            assert_eq!(
                digest.inputs,
                [
                    DigestInput::Field(0),
                    DigestInput::Field(1),
                    DigestInput::Credential(0)
                ]
            );
        });
    }

    #[test]
    fn a_name_that_does_not_resolve_is_an_issue_at_its_node_not_a_panic() {
        // Straight to the resolver, past the checker that would have caught these.
        let text = SPEC
            .replace("request: StatusRequest", "request: NoSuchRequest")
            .replace("fill: {tid: response.tid}", "fill: {tid: response.nothing}");
        let spec = crate::yaml::parse(&text).expect("the YAML still parses");
        let issues = resolve(&spec, "fixture.yaml").expect_err("two names do not resolve");
        let paths: Vec<&[Step]> = issues.iter().map(|i| i.path.as_slice()).collect();
        assert!(
            paths.iter().any(|p| p.ends_with(&[Step::Key("request")])),
            "{issues:?}"
        );
        assert!(
            issues
                .iter()
                .any(|i| i.message.contains("no field `nothing`")),
            "{issues:?}"
        );
        assert!(issues.iter().all(|i| i.help.is_some()));
    }
}
