//! The model the emitter works from: a checked spec with Rust names and types resolved.
//!
//! Building it cannot fail: [`crate::check`] has already rejected everything the model assumes.

use crate::naming::variant_name;
use crate::prose::escape;
use crate::spec::{
    Chars, Conflict, EncodingName, EnvironmentName, Field, FieldType, HttpMethod, Repr, Required,
    Scalar, Spec, Text, TypeDef, TypeKind,
};
use crate::template::{template_parts, TemplatePart};
use std::collections::{BTreeSet, HashMap};

/// One vendor's generated module.
pub(crate) struct Model<'s> {
    pub spec: &'s Spec,
    pub file: &'s str,
    pub objects: Vec<Object<'s>>,
    pub enums: Vec<Enum<'s>>,
    pub operations: Vec<Operation<'s>>,
    /// The auth schemes, their templates resolved.
    pub auth: Vec<Auth<'s>>,
    /// Object name to its index in `objects`, so lookups stay linear in the spec's size.
    object_index: HashMap<&'s str, usize>,
}

pub(crate) struct Object<'s> {
    pub def: &'s TypeDef,
    pub fields: Vec<ObjectField<'s>>,
    /// Reachable from a request: gets `#[derive(Validate)]` and its rules.
    pub validated: bool,
}

pub(crate) struct ObjectField<'s> {
    pub spec: &'s Field,
    pub rust: String,
    pub ty: RustType,
    pub optional: bool,
    pub encoding: EncodingName,
    /// The value checks itself (an object, or an open enum that rejects unknown codes in
    /// requests), so validation must descend into it.
    pub validates_itself: bool,
    /// The digest the client computes into this field before sending, resolved.
    pub computed: Option<Digest<'s>>,
    /// The digest the client checks this field against on receipt, resolved.
    pub verify: Option<Digest<'s>>,
}

/// A digest recipe with its inputs resolved against the object it belongs to.
pub(crate) struct Digest<'s> {
    pub recipe: &'s crate::spec::DigestRecipe,
    pub inputs: Vec<DigestInput<'s>>,
}

/// One input of a digest, in order.
pub(crate) enum DigestInput<'s> {
    /// The field of the same object at this index of its `fields`.
    Field(usize),
    /// The credential of this name.
    Credential(&'s str),
}

/// An auth scheme with its header and signature templates resolved.
pub(crate) struct Auth<'s> {
    pub spec: &'s crate::spec::AuthScheme,
    /// Header name (as the spec writes it) and the pieces of its value, in the spec's order.
    pub headers: Vec<(&'s str, Vec<HeaderPiece<'s>>)>,
    /// The pieces of the signed message, when the scheme signs.
    pub message: Option<Vec<MessagePiece<'s>>>,
}

impl Auth<'_> {
    /// Whether a header or the signed message carries `{timestamp_ms}`.
    pub(crate) fn uses_timestamp(&self) -> bool {
        let in_headers = self
            .headers
            .iter()
            .any(|(_, pieces)| pieces.iter().any(|p| matches!(p, HeaderPiece::Timestamp)));
        let in_message = self
            .message
            .iter()
            .flatten()
            .any(|p| matches!(p, MessagePiece::Timestamp));
        in_headers || in_message
    }
}

/// A piece of a header value template.
pub(crate) enum HeaderPiece<'s> {
    Literal(&'s str),
    /// `{timestamp_ms}`: the client's clock in milliseconds.
    Timestamp,
    /// `{signature}`: the scheme's signature.
    Signature,
    /// `{credential}`.
    Credential(&'s str),
}

/// A piece of a signed message template.
pub(crate) enum MessagePiece<'s> {
    Literal(&'s str),
    /// `{method}`.
    Method,
    /// `{uri}`: path and query as sent.
    Uri,
    /// `{body}`: the exact body bytes sent.
    Body,
    /// `{timestamp_ms}`.
    Timestamp,
    /// `{credential}`.
    Credential(&'s str),
}

/// A piece of an operation's path.
pub(crate) enum PathSegment<'s> {
    /// Text sent as it is.
    Literal(&'s str),
    /// The request field at this index of its object's `fields`, percent-encoded.
    Field(usize),
}

/// The Rust type of a field, before `Option`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RustType {
    String,
    Integer,
    Boolean,
    /// A named object type.
    Object(String),
    /// A named enum type.
    Enum(String),
    Vec(Box<RustType>),
    /// A fixed value written by generated code; not a struct field.
    Const(Scalar),
}

pub(crate) struct Enum<'s> {
    pub def: &'s TypeDef,
    pub repr: Repr,
    /// Received from the gateway: unknown codes are kept in an `Unknown` variant rather than
    /// failing the whole response.
    pub open: bool,
    pub variants: Vec<(String, &'s crate::spec::Variant)>,
}

pub(crate) struct Operation<'s> {
    pub spec: &'s crate::spec::Operation,
    pub request: &'s TypeDef,
    pub response: &'s TypeDef,
    /// The path, its placeholders resolved to request fields.
    pub path: Vec<PathSegment<'s>>,
    /// What the operation's answer says of a payment (`reports`), resolved.
    pub reports: Option<Report<'s>>,
    /// How the operation reverses another's approval (`net_cancel`), resolved.
    pub net_cancel: Option<NetCancelPlan<'s>>,
}

/// A status read's `reports`, with its fields and operations resolved to indices.
pub(crate) struct Report<'s> {
    pub spec: &'s crate::spec::Reports,
    /// The response field holding the state, in the response object's `fields`.
    pub state: usize,
    /// The enum of that field, in the model's `enums`.
    pub state_enum: usize,
    pub resolves: Vec<Resolve<'s>>,
}

/// A write the read resolves, and how the read's request is built from the write's.
pub(crate) struct Resolve<'s> {
    pub spec: &'s crate::spec::Resolves,
    /// The write, in the model's `operations`.
    pub write: usize,
    /// Each read request field (wire name) and the write request field it copies, by index.
    pub inputs: std::collections::BTreeMap<&'s str, usize>,
}

/// A cancel's `net_cancel`, resolved.
pub(crate) struct NetCancelPlan<'s> {
    pub spec: &'s crate::spec::NetCancel,
    /// The approving operation, in the model's `operations`.
    pub approving: usize,
    /// Each cancel request field (wire name) and where its value comes from.
    pub fills: std::collections::BTreeMap<&'s str, Fill>,
}

/// Where a net cancel field comes from: a field of the approving request or of its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    /// The approving request's field at this index.
    Request(usize),
    /// The approval's (the response's) field at this index.
    Response(usize),
}

impl<'s> Model<'s> {
    pub(crate) fn build(spec: &'s Spec, file: &'s str) -> Self {
        let index: HashMap<&str, &TypeDef> =
            spec.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let validated = reachable(spec, spec.operations.iter().map(|op| op.request.as_str()));
        let inbound = inbound_types(spec);
        let mut objects = Vec::new();
        let mut enums = Vec::new();
        for def in &spec.types {
            match def.kind {
                TypeKind::Object => objects.push(Object {
                    def,
                    fields: def
                        .fields
                        .iter()
                        .flatten()
                        .map(|f| object_field(spec, def, f, &inbound))
                        .collect(),
                    validated: validated.contains(def.name.as_str()),
                }),
                TypeKind::Enum => enums.push(Enum {
                    def,
                    repr: def.repr.unwrap_or(Repr::String),
                    open: inbound.contains(def.name.as_str()),
                    variants: def
                        .variants
                        .iter()
                        .flatten()
                        .map(|v| (variant_name(v.rust.as_deref(), &v.value.to_string()), v))
                        .collect(),
                }),
            }
        }
        let operation_index: HashMap<&str, usize> = spec
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| (op.name.as_str(), i))
            .collect();
        let enum_index: HashMap<&str, usize> = enums
            .iter()
            .enumerate()
            .map(|(i, e)| (e.def.name.as_str(), i))
            .collect();
        let resolve = Resolver {
            spec,
            types: &index,
            operations: &operation_index,
            enums: &enum_index,
        };
        let operations = spec
            .operations
            .iter()
            .map(|op| {
                let request = index[op.request.as_str()];
                Operation {
                    spec: op,
                    request,
                    response: index[op.response.as_str()],
                    path: path_segments(&op.path, request),
                    reports: op.reports.as_ref().map(|r| resolve.report(op, r)),
                    net_cancel: op.net_cancel.as_ref().map(|n| resolve.net_cancel(n)),
                }
            })
            .collect();
        let object_index = objects
            .iter()
            .enumerate()
            .map(|(i, o)| (o.def.name.as_str(), i))
            .collect();
        let auth = spec.vendor.auth.iter().map(auth).collect();
        Model {
            spec,
            file,
            objects,
            enums,
            operations,
            auth,
            object_index,
        }
    }

    /// The object type named `name` (checked to exist).
    pub(crate) fn object(&self, name: &str) -> &Object<'s> {
        &self.objects[self.object_index[name]]
    }

    /// The object types that are operation responses, each once.
    pub(crate) fn outcomes(&self) -> Vec<&Operation<'s>> {
        let mut seen = BTreeSet::new();
        self.operations
            .iter()
            .filter(|op| seen.insert(op.response.name.as_str()))
            .collect()
    }

    pub(crate) fn environments(&self) -> impl Iterator<Item = (EnvironmentName, &'s str)> {
        self.spec
            .vendor
            .environments
            .iter()
            .map(|e| (e.name, e.base_url.as_str()))
    }
}

impl<'s> Object<'s> {
    /// The fields the client computes before sending, with their digests.
    pub(crate) fn computed_fields(&self) -> Vec<(&ObjectField<'s>, &Digest<'s>)> {
        self.fields
            .iter()
            .filter_map(|f| f.computed.as_ref().map(|digest| (f, digest)))
            .collect()
    }

    /// The fields the client verifies on receipt, with their digests.
    pub(crate) fn verified_fields(&self) -> Vec<(&ObjectField<'s>, &Digest<'s>)> {
        self.fields
            .iter()
            .filter_map(|f| f.verify.as_ref().map(|digest| (f, digest)))
            .collect()
    }
}

impl ObjectField<'_> {
    pub(crate) fn is_const(&self) -> bool {
        matches!(self.ty, RustType::Const(_))
    }

    /// Whether the caller sets the field: consts and computed fields are filled in by
    /// generated code and are not struct fields.
    pub(crate) fn is_struct_field(&self) -> bool {
        !self.is_const() && self.spec.computed.is_none()
    }
}

impl<'s> Operation<'s> {
    pub(crate) fn method(&self) -> HttpMethod {
        self.spec.method
    }

    /// Whether the response field with this wire name is optional.
    pub(crate) fn response_field(&self, wire: &str) -> (String, bool) {
        let field = self
            .response
            .field(wire)
            .expect("checked: success fields exist");
        (field.rust_name(), field.required != Required::Yes)
    }
}

/// A scheme's templates in pieces; the checker has proved their braces balanced and their
/// placeholders known, so any other name is a credential.
fn auth(scheme: &crate::spec::AuthScheme) -> Auth<'_> {
    let parts = |template| template_parts(template).expect("checked: templates are balanced");
    let headers = scheme
        .headers
        .iter()
        .map(|(name, template)| {
            let pieces = parts(template)
                .into_iter()
                .map(|part| match part {
                    TemplatePart::Literal(text) => HeaderPiece::Literal(text),
                    TemplatePart::Placeholder("timestamp_ms") => HeaderPiece::Timestamp,
                    TemplatePart::Placeholder("signature") => HeaderPiece::Signature,
                    TemplatePart::Placeholder(credential) => HeaderPiece::Credential(credential),
                })
                .collect();
            (name.as_str(), pieces)
        })
        .collect();
    let message = scheme.signature.as_ref().map(|signature| {
        parts(&signature.message)
            .into_iter()
            .map(|part| match part {
                TemplatePart::Literal(text) => MessagePiece::Literal(text),
                TemplatePart::Placeholder("method") => MessagePiece::Method,
                TemplatePart::Placeholder("uri") => MessagePiece::Uri,
                TemplatePart::Placeholder("body") => MessagePiece::Body,
                TemplatePart::Placeholder("timestamp_ms") => MessagePiece::Timestamp,
                TemplatePart::Placeholder(credential) => MessagePiece::Credential(credential),
            })
            .collect()
    });
    Auth {
        spec: scheme,
        headers,
        message,
    }
}

/// Name lookups for resolving recovery keys; the checker has proved every name exists.
struct Resolver<'i, 's> {
    spec: &'s Spec,
    types: &'i HashMap<&'s str, &'s TypeDef>,
    operations: &'i HashMap<&'s str, usize>,
    enums: &'i HashMap<&'s str, usize>,
}

impl<'s> Resolver<'_, 's> {
    /// The index of the field `wire` of the object type `ty`.
    fn field(&self, ty: &str, wire: &str) -> usize {
        field_index(self.types[ty], wire).expect("checked: recovery fields exist")
    }

    fn operation(&self, name: &str) -> (usize, &'s crate::spec::Operation) {
        let index = self.operations[name];
        (index, &self.spec.operations[index])
    }

    fn report(&self, read: &crate::spec::Operation, spec: &'s crate::spec::Reports) -> Report<'s> {
        let state = self.field(&read.response, &spec.state);
        let state_field = &self.types[read.response.as_str()]
            .fields
            .as_deref()
            .unwrap_or_default()[state];
        let state_type = state_field
            .reference
            .as_deref()
            .expect("checked: the state is an enum field");
        let resolves = spec
            .resolves
            .iter()
            .map(|r| {
                let (write, write_op) = self.operation(&r.operation);
                let inputs = r
                    .inputs
                    .iter()
                    .map(|(target, source)| {
                        (target.as_str(), self.field(&write_op.request, source))
                    })
                    .collect();
                Resolve {
                    spec: r,
                    write,
                    inputs,
                }
            })
            .collect();
        Report {
            spec,
            state,
            state_enum: self.enums[state_type],
            resolves,
        }
    }

    fn net_cancel(&self, spec: &'s crate::spec::NetCancel) -> NetCancelPlan<'s> {
        let (approving, approving_op) = self.operation(&spec.of);
        let fills = spec
            .fill
            .iter()
            .map(|(target, source)| {
                let fill = match source.split_once('.') {
                    Some(("request", wire)) => {
                        Fill::Request(self.field(&approving_op.request, wire))
                    }
                    Some((_, wire)) => Fill::Response(self.field(&approving_op.response, wire)),
                    None => unreachable!("checked: sources are request. or response."),
                };
                (target.as_str(), fill)
            })
            .collect();
        NetCancelPlan {
            spec,
            approving,
            fills,
        }
    }
}

/// The pieces of `path`, each placeholder resolved to the field of `request` it names.
fn path_segments<'s>(path: &'s str, request: &TypeDef) -> Vec<PathSegment<'s>> {
    let parts = template_parts(path).expect("checked: paths are balanced");
    parts
        .into_iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => PathSegment::Literal(text),
            TemplatePart::Placeholder(wire) => PathSegment::Field(
                field_index(request, wire).expect("checked: placeholders are fields"),
            ),
        })
        .collect()
}

/// The index of the field with wire name `wire` in the object `def`.
fn field_index(def: &TypeDef, wire: &str) -> Option<usize> {
    def.fields.as_ref()?.iter().position(|f| f.wire == wire)
}

/// A digest recipe of a field of `def`, its inputs resolved.
fn digest<'s>(recipe: &'s crate::spec::DigestRecipe, def: &TypeDef) -> Digest<'s> {
    let inputs = recipe
        .inputs
        .iter()
        .map(
            |input| match input.strip_prefix('{').and_then(|i| i.strip_suffix('}')) {
                Some(credential) => DigestInput::Credential(credential),
                None => {
                    DigestInput::Field(field_index(def, input).expect("checked: inputs are fields"))
                }
            },
        )
        .collect();
    Digest { recipe, inputs }
}

fn object_field<'s>(
    spec: &'s Spec,
    def: &'s TypeDef,
    field: &'s Field,
    inbound: &BTreeSet<&str>,
) -> ObjectField<'s> {
    let ty = match field.ty {
        FieldType::Array => {
            let items = field.items.as_ref().expect("checked: arrays have items");
            RustType::Vec(Box::new(scalar_type(items.ty, items.reference.as_deref())))
        }
        FieldType::Const => {
            RustType::Const(field.value.clone().expect("checked: consts have a value"))
        }
        other => scalar_type(other, field.reference.as_deref()),
    };
    let validates_itself = validates_itself(&ty, inbound);
    ObjectField {
        spec: field,
        rust: field.rust_name(),
        validates_itself,
        ty,
        optional: field.required != Required::Yes,
        encoding: spec.vendor.encoding,
        computed: field.computed.as_ref().map(|recipe| digest(recipe, def)),
        verify: field.verify.as_ref().map(|recipe| digest(recipe, def)),
    }
}

fn scalar_type(ty: FieldType, reference: Option<&str>) -> RustType {
    match ty {
        FieldType::String => RustType::String,
        FieldType::Integer => RustType::Integer,
        FieldType::Boolean => RustType::Boolean,
        FieldType::Object => {
            RustType::Object(reference.expect("checked: refs are present").to_owned())
        }
        FieldType::Enum => RustType::Enum(reference.expect("checked: refs are present").to_owned()),
        FieldType::Array | FieldType::Const => unreachable!("checked: not an item type"),
    }
}

fn validates_itself(ty: &RustType, inbound: &BTreeSet<&str>) -> bool {
    match ty {
        RustType::Object(_) => true,
        RustType::Enum(name) => inbound.contains(name.as_str()),
        RustType::Vec(item) => validates_itself(item, inbound),
        _ => false,
    }
}

/// The types the merchant receives: reachable from responses and callbacks.
fn inbound_types(spec: &Spec) -> BTreeSet<&str> {
    let responses = spec.operations.iter().map(|op| op.response.as_str());
    let callbacks = spec.callbacks.iter().map(|c| c.ty.as_str());
    reachable(spec, responses.chain(callbacks))
}

/// The names of the types (objects and enums) reachable from `roots` through fields.
fn reachable<'s>(spec: &'s Spec, roots: impl Iterator<Item = &'s str>) -> BTreeSet<&'s str> {
    let index: std::collections::HashMap<&str, &TypeDef> =
        spec.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = roots.collect();
    while let Some(name) = todo.pop() {
        if !seen.insert(name) {
            continue;
        }
        let def = index[name];
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

/// Doc-comment lines for a description and the facts a maintainer checks against the document.
pub(crate) fn doc_lines(
    text: &Text,
    facts: &[String],
    source: Option<&str>,
    conflict: Option<&Conflict>,
) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.paragraphs() {
        push_paragraph(&mut lines, &escape(paragraph));
    }
    if !facts.is_empty() {
        push_paragraph(&mut lines, &facts.join(" · "));
    }
    if let Some(source) = source {
        push_paragraph(&mut lines, &format!("Source: {}.", escape(source)));
    }
    if let Some(c) = conflict {
        push_paragraph(
            &mut lines,
            &format!(
                "Document conflict: {} Decision: {} Why: {}",
                escape(&c.doc),
                escape(&c.decision),
                escape(&c.why)
            ),
        );
    }
    lines
}

fn push_paragraph(lines: &mut Vec<String>, paragraph: &str) {
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(paragraph.trim().lines().map(|l| l.trim_end().to_owned()));
}

/// The facts line of a field: wire name, type, size, requirement, character class.
pub(crate) fn field_facts(field: &ObjectField<'_>) -> Vec<String> {
    let spec = field.spec;
    let mut facts = vec![
        format!("Wire name `{}`", spec.wire),
        spec.ty.name().to_owned(),
    ];
    match (spec.min_bytes, spec.max_bytes) {
        (Some(min), Some(max)) if min == max => {
            facts.push(format!("exactly {max} bytes ({})", field.encoding.name()));
        }
        (min, max) => {
            if let Some(min) = min {
                facts.push(format!("at least {min} bytes ({})", field.encoding.name()));
            }
            if let Some(max) = max {
                facts.push(format!("at most {max} bytes ({})", field.encoding.name()));
            }
        }
    }
    if let Some(min) = spec.minimum {
        facts.push(format!("at least {min}"));
    }
    if let Some(max) = spec.maximum {
        facts.push(format!("at most {max}"));
    }
    for minimum in &spec.minimum_if {
        let values: Vec<String> = minimum.values.iter().map(|v| format!("`{v}`")).collect();
        facts.push(format!(
            "at least {} when `{}` is {} ({})",
            minimum.minimum,
            minimum.field,
            values.join(" or "),
            escape(&minimum.source)
        ));
    }
    facts.push(match &spec.required {
        Required::Yes => "required".to_owned(),
        Required::No => "optional".to_owned(),
        Required::When(condition) => format!("required when: {}", escape(&condition.when)),
    });
    match spec.chars {
        Some(Chars::Ascii) => facts.push("ASCII only".to_owned()),
        Some(Chars::Digits) => facts.push("digits only".to_owned()),
        None => {}
    }
    if let Some(format) = spec.format {
        facts.push(format!("format `{}`", format.name()));
    }
    if let RustType::Const(value) = &field.ty {
        facts.push(format!("always `{value}`"));
    }
    if let Some(recipe) = &spec.computed {
        facts.push(format!("computed by the client: {}", recipe_text(recipe)));
    }
    if let Some(recipe) = &spec.verify {
        facts.push(format!("verified by the client: {}", recipe_text(recipe)));
    }
    if spec.personal {
        facts.push("personal data (masked in Debug)".to_owned());
    }
    if let Some(example) = &spec.example {
        facts.push(format!("example `{example}`"));
    }
    facts
}

fn recipe_text(recipe: &crate::spec::DigestRecipe) -> String {
    format!("sha256({})", recipe.inputs.join(" + "))
}
