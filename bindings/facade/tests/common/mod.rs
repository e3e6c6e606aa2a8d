//! Dynamic values for the shared scenario runner (`bindings/scenarios`):
//! facade results and arguments as one `Val`, compared structurally.

#![allow(dead_code)] // each test file uses part of it

use std::collections::BTreeMap;
use std::sync::Arc;

use franking_facade::*;

/// An object of the facade: never compared.
#[derive(Clone, Debug)]
pub enum Obj {
    Keyring(Arc<Keyring>),
    Sealer(Arc<MediaSealer>),
    Opener(Arc<MediaOpener>),
    Builder(Arc<MediaReportBuilder>),
    Conversation(Arc<VerifiedConversation>),
}

/// A value of the scenario format (bindings/scenarios/README.md).
#[derive(Clone)]
pub enum Val {
    Bytes(Vec<u8>),
    Int(i128),
    Bool(bool),
    Str(String),
    Null,
    List(Vec<Val>),
    /// A record: type name, fields.
    Record(String, BTreeMap<String, Val>),
    /// An enum without data: `Type.Variant`.
    Enum(String),
    /// An enum variant with data: `Type.Variant`, fields.
    Variant(String, BTreeMap<String, Val>),
    Object(Obj),
}

impl std::fmt::Debug for Val {
    /// Bytes as hex, cut after 48 bytes: a failing 20 MB comparison stays readable.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Bytes(b) if b.len() > 48 => {
                write!(f, "hex:{}...({} bytes)", hex(&b[..48]), b.len())
            }
            Val::Bytes(b) => write!(f, "hex:{}", hex(b)),
            Val::Int(i) => write!(f, "{i}"),
            Val::Bool(b) => write!(f, "{b}"),
            Val::Str(s) => write!(f, "{s:?}"),
            Val::Null => f.write_str("null"),
            Val::List(items) => f.debug_list().entries(items).finish(),
            Val::Record(n, m) | Val::Variant(n, m) => {
                f.write_str(n)?;
                f.debug_map().entries(m).finish()
            }
            Val::Enum(n) => f.write_str(n),
            Val::Object(o) => write!(f, "{o:?}"),
        }
    }
}

impl PartialEq for Val {
    fn eq(&self, other: &Self) -> bool {
        use Val::*;
        match (self, other) {
            (Bytes(a), Bytes(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Bool(a), Bool(b)) => a == b,
            (Str(a), Str(b)) => a == b,
            (Null, Null) => true,
            (List(a), List(b)) => a == b,
            (Record(n, a), Record(m, b)) | (Variant(n, a), Variant(m, b)) => n == m && a == b,
            (Enum(a), Enum(b)) => a == b,
            _ => false,
        }
    }
}

impl Val {
    /// The field, element or `Some` content at `path` (dot-separated).
    pub fn at(&self, path: &str) -> Val {
        let mut v = self.clone();
        for seg in path.split('.').filter(|s| !s.is_empty()) {
            v = match &v {
                Val::Record(_, m) | Val::Variant(_, m) => m
                    .get(seg)
                    .unwrap_or_else(|| panic!("no field {seg} in {v:?}"))
                    .clone(),
                Val::List(items) => {
                    let i: usize = seg.parse().unwrap_or_else(|_| panic!("bad index {seg}"));
                    items
                        .get(i)
                        .unwrap_or_else(|| panic!("no element {i}"))
                        .clone()
                }
                other => panic!("cannot take {seg} of {other:?}"),
            };
        }
        v
    }

    fn fields(&self, ty: &str) -> &BTreeMap<String, Val> {
        match self {
            Val::Record(name, m) if name == ty => m,
            other => panic!("expected a {ty} record, got {other:?}"),
        }
    }
}

pub trait IntoVal {
    fn into_val(self) -> Val;
    /// A `Vec` of this type: a list, except bytes for `u8`.
    fn vec_into_val(v: Vec<Self>) -> Val
    where
        Self: Sized,
    {
        Val::List(v.into_iter().map(IntoVal::into_val).collect())
    }
}

pub trait FromVal: Sized {
    fn from_val(v: &Val) -> Self;
    fn vec_from_val(v: &Val) -> Vec<Self> {
        match v {
            Val::List(items) => items.iter().map(Self::from_val).collect(),
            other => panic!("expected a list, got {other:?}"),
        }
    }
}

impl IntoVal for u8 {
    fn into_val(self) -> Val {
        Val::Int(self.into())
    }
    fn vec_into_val(v: Vec<Self>) -> Val {
        Val::Bytes(v)
    }
}

impl FromVal for u8 {
    fn from_val(v: &Val) -> Self {
        int(v).try_into().expect("u8")
    }
    fn vec_from_val(v: &Val) -> Vec<Self> {
        match v {
            Val::Bytes(b) => b.clone(),
            other => panic!("expected bytes, got {other:?}"),
        }
    }
}

fn int(v: &Val) -> i128 {
    match v {
        Val::Int(i) => *i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

macro_rules! ints {
    ($($t:ty),*) => {$(
        impl IntoVal for $t {
            fn into_val(self) -> Val {
                Val::Int(self.into())
            }
        }
        impl FromVal for $t {
            fn from_val(v: &Val) -> Self {
                int(v).try_into().expect(stringify!($t))
            }
        }
    )*};
}
ints!(u16, u32, u64, i64);

impl IntoVal for bool {
    fn into_val(self) -> Val {
        Val::Bool(self)
    }
}
impl FromVal for bool {
    fn from_val(v: &Val) -> Self {
        match v {
            Val::Bool(b) => *b,
            other => panic!("expected a bool, got {other:?}"),
        }
    }
}
impl IntoVal for String {
    fn into_val(self) -> Val {
        Val::Str(self)
    }
}
impl FromVal for String {
    fn from_val(v: &Val) -> Self {
        match v {
            Val::Str(s) => s.clone(),
            other => panic!("expected a string, got {other:?}"),
        }
    }
}
impl IntoVal for () {
    fn into_val(self) -> Val {
        Val::Null
    }
}
impl<T: IntoVal> IntoVal for Vec<T> {
    fn into_val(self) -> Val {
        T::vec_into_val(self)
    }
}
impl<T: FromVal> FromVal for Vec<T> {
    fn from_val(v: &Val) -> Self {
        T::vec_from_val(v)
    }
}
impl<T: IntoVal> IntoVal for Option<T> {
    fn into_val(self) -> Val {
        self.map_or(Val::Null, IntoVal::into_val)
    }
}
impl<T: FromVal> FromVal for Option<T> {
    fn from_val(v: &Val) -> Self {
        match v {
            Val::Null => None,
            other => Some(T::from_val(other)),
        }
    }
}

macro_rules! objects {
    ($($t:ident => $v:ident),*) => {$(
        impl IntoVal for Arc<$t> {
            fn into_val(self) -> Val {
                Val::Object(Obj::$v(self))
            }
        }
        impl FromVal for Arc<$t> {
            fn from_val(v: &Val) -> Self {
                match v {
                    Val::Object(Obj::$v(o)) => o.clone(),
                    other => panic!("expected a {}, got {other:?}", stringify!($t)),
                }
            }
        }
    )*};
}
objects!(Keyring => Keyring, MediaSealer => Sealer, MediaOpener => Opener, MediaReportBuilder => Builder, VerifiedConversation => Conversation);

macro_rules! records {
    ($($t:ident { $($f:ident),* })*) => {$(
        impl IntoVal for $t {
            fn into_val(self) -> Val {
                let mut m = BTreeMap::new();
                $(m.insert(stringify!($f).to_string(), self.$f.into_val());)*
                Val::Record(stringify!($t).to_string(), m)
            }
        }
        impl FromVal for $t {
            fn from_val(v: &Val) -> Self {
                let m = v.fields(stringify!($t));
                assert_eq!(m.len(), [$(stringify!($f)),*].len(), "every field of {}", stringify!($t));
                $t { $($f: FromVal::from_val(m.get(stringify!($f)).unwrap_or_else(|| {
                    panic!("{} needs field {}", stringify!($t), stringify!($f))
                })),)* }
            }
        }
    )*};
}
records! {
    DeliveryContext { sender, recipient, timestamp, message_id, conversation, seq }
    ExpectedDelivery { sender, recipient, conversation }
    SealedMessage { envelope, franking_tag, ciphertext }
    Commitment { opening, franking_tag }
    OpenedMessage { header, message, opening, franking_tag }
    ReceiptInfo { stamp, franking_tag, context }
    EnvelopeInfo { nonce, franking_tag, integrity_tag }
    StampInfo { key_id, mac }
    VerifiedReport { context, header, message, key_id, stamp, franking_tag }
    VerifiedEntry { stamp_only, context, key_id, stamp, header, message }
    Gap { after, before, missing }
    ConversationVerdict { conversation, entries, gaps, missing, is_contiguous, is_complete }
    VerifiedRange { report, attachment, descriptor, attachment_len, first_chunk, chunk_count, byte_offset, is_whole, plaintext }
    KeyInfo { key_id, not_before, not_after, is_open }
    SyncReport { added, closed, retired }
    SealedChunk { ciphertext, tree_records }
    MediaMessage { body, descriptors }
    SubmissionEntry { kind, report }
    RoomMembership { room, account, first_seq, last_seq }
    VerifiedSubmissionEntry { kind, message, conversation, attachment }
    SubmissionMessage { entry, addressee, report }
    SubmissionVerdict { reporter, entries, messages, reason, reason_name, note, claimed_reporter }
}

macro_rules! unit_enums {
    ($($t:ident { $($v:ident),* })*) => {$(
        impl IntoVal for $t {
            fn into_val(self) -> Val {
                match self { $($t::$v => Val::Enum(concat!(stringify!($t), ".", stringify!($v)).to_string()),)* }
            }
        }
        impl FromVal for $t {
            fn from_val(v: &Val) -> Self {
                match v {
                    $(Val::Enum(name) if name == concat!(stringify!($t), ".", stringify!($v)) => $t::$v,)*
                    other => panic!("expected a {}, got {other:?}", stringify!($t)),
                }
            }
        }
    )*};
}
unit_enums! {
    Suite { XChaCha20, Aes256 }
    SubmissionEntryKind { Message, Conversation, Attachment }
    Addressee { Direct, Sent, Room }
}

impl IntoVal for ConversationEntry {
    fn into_val(self) -> Val {
        let (name, field, bytes) = match self {
            ConversationEntry::Message { report } => {
                ("ConversationEntry.Message", "report", report)
            }
            ConversationEntry::StampOnly { receipt } => {
                ("ConversationEntry.StampOnly", "receipt", receipt)
            }
        };
        Val::Variant(
            name.into(),
            BTreeMap::from([(field.into(), Val::Bytes(bytes))]),
        )
    }
}

impl FromVal for ConversationEntry {
    fn from_val(v: &Val) -> Self {
        match v {
            Val::Variant(name, m) if name == "ConversationEntry.Message" => {
                ConversationEntry::Message {
                    report: FromVal::from_val(&m["report"]),
                }
            }
            Val::Variant(name, m) if name == "ConversationEntry.StampOnly" => {
                ConversationEntry::StampOnly {
                    receipt: FromVal::from_val(&m["receipt"]),
                }
            }
            other => panic!("expected a ConversationEntry, got {other:?}"),
        }
    }
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hex.
pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd-length hex {s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}
