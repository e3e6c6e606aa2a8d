//! serde errors name the field and the problem, never the value (features
//! `serde` and `alloc`): an opening one digit short, a message with one bad
//! character, a string where a number or a struct belongs, or an unknown field
//! name never reaches the error message, and a bad 2 MB string costs a few
//! hundred bytes of memory, not megabytes.
#![cfg(all(feature = "serde", feature = "alloc"))]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use common::Scenario;
use franking::{FrankingTag, OwnedContext, OwnedReport, Stamp};
use serde_json::{Value, json};

struct ByteCountingAllocator;

thread_local! {
    /// Bytes this thread asked for since counting started; `None` when not counting.
    static BYTES: Cell<Option<usize>> = const { Cell::new(None) };
}

fn note(bytes: usize) {
    let _ = BYTES.try_with(|n| {
        if let Some(sum) = n.get() {
            n.set(Some(sum + bytes));
        }
    });
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting
// only touches a const-initialised thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for ByteCountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: ByteCountingAllocator = ByteCountingAllocator;

/// Runs `f` and returns its result with the bytes this thread allocated
/// meanwhile (every allocation and reallocation, nothing subtracted).
fn bytes_allocated<R>(f: impl FnOnce() -> R) -> (R, usize) {
    BYTES.with(|n| n.set(Some(0)));
    let result = f();
    let sum = BYTES.with(|n| n.replace(None)).unwrap_or(usize::MAX);
    (result, sum)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A stored report as JSON, with `message` as its message.
fn report_json(message: &[u8]) -> (OwnedReport, Value) {
    let s = Scenario::new(1200, b"chat:secret-header", message);
    let report = OwnedReport::decode(&s.report_bytes()).unwrap();
    let value = serde_json::to_value(&report).unwrap();
    (report, value)
}

/// The error of reading `value` back as an `OwnedReport`.
fn report_error(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap();
    serde_json::from_str::<OwnedReport>(&text)
        .map(|_| ())
        .unwrap_err()
        .to_string()
}

/// Asserts that `error` contains no 12-character piece of `secret`.
fn assert_not_echoed(error: &str, secret: &str) {
    let chars: Vec<char> = secret.chars().collect();
    for piece in chars.windows(12.min(chars.len())) {
        let piece: String = piece.iter().collect();
        assert!(!error.contains(&piece), "{error:?} echoes {piece:?}");
    }
}

#[test]
fn an_opening_one_digit_short_is_named_not_printed() {
    let (report, mut value) = report_json(b"an abusive message");
    let digits = hex(report.opening().as_bytes());
    value["opening"] = json!(digits[..63]);
    let error = report_error(&value);
    assert!(error.starts_with("opening: "), "{error}");
    assert!(error.contains("63"), "says how many digits: {error}");
    assert_not_echoed(&error, &digits[..63]);
    // 62 digits: the right parity, the wrong length; named, not printed.
    value["opening"] = json!(digits[..62]);
    let error = report_error(&value);
    assert!(
        error.starts_with("opening: 62 hex digits, expected 64"),
        "{error}"
    );
    assert_not_echoed(&error, &digits[..62]);
}

#[test]
fn a_message_with_one_bad_character_is_named_not_printed() {
    let message = b"SECRET content of a reported message, long enough to show".repeat(20);
    let (_, mut value) = report_json(&message);
    let mut digits = hex(&message);
    digits.replace_range(40..41, "z");
    value["message"] = json!(digits);
    let error = report_error(&value);
    assert!(
        error.starts_with("message: not a hex digit at offset 40"),
        "{error}"
    );
    assert_not_echoed(&error, &digits);
    assert!(error.len() < 120, "{} bytes: {error}", error.len());
    // The same in the header, and in a context id.
    let (_, mut value) = report_json(b"m");
    value["header"] = json!("abz0");
    assert!(report_error(&value).starts_with("header: not a hex digit at offset 2"));
    value["header"] = json!("ab");
    value["context"]["sender"] = json!("5345435245547");
    let error = report_error(&value);
    assert!(
        error.starts_with("sender: an odd number of hex digits (13)"),
        "{error}"
    );
    assert!(!error.contains("5345435245547"), "{error}");
}

/// Puts a string somewhere in a report's JSON.
type Change = fn(&mut Value, &str);

#[test]
fn a_string_where_a_number_or_a_struct_belongs_is_not_printed() {
    let secret = "SECRET-7f3a9c-the-reported-message-text";
    let (_, original) = report_json(b"m");
    let cases: [(&str, Change); 5] = [
        ("timestamp", |v, s| v["context"]["timestamp"] = json!(s)),
        ("seq", |v, s| v["context"]["seq"] = json!(s)),
        ("key_id", |v, s| v["stamp"]["key_id"] = json!(s)),
        ("context", |v, s| v["context"] = json!(s)),
        ("stamp", |v, s| v["stamp"] = json!(s)),
    ];
    for (field, change) in cases {
        let mut value = original.clone();
        change(&mut value, secret);
        let error = report_error(&value);
        assert!(error.starts_with(&format!("{field}: expected ")), "{error}");
        assert!(error.contains("found a string"), "{error}");
        assert_not_echoed(&error, secret);
    }
    // A number where bytes belong: the field is named. (serde_json prints
    // the number itself, before any visitor sees it; byte strings are read
    // as strings so that YAML's unquoted hex stays a string. A number is never
    // one of this crate's values, which are all hex strings in JSON.)
    let mut value = original.clone();
    value["franking_tag"] = json!(12345u64);
    let error = report_error(&value);
    assert!(error.contains("expected franking_tag: "), "{error}");
    // A negative or oversized integer: named, not printed.
    let mut value = original.clone();
    value["stamp"]["key_id"] = json!(98765432109u64);
    let error = report_error(&value);
    assert!(
        error.starts_with("key_id: an integer out of range"),
        "{error}"
    );
    assert!(!error.contains("98765432109"), "{error}");
    let mut value = original;
    value["context"]["seq"] = json!(-98765432109i64);
    let error = report_error(&value);
    assert!(error.starts_with("seq: a negative integer"), "{error}");
    assert!(!error.contains("98765432109"), "{error}");
}

#[test]
fn an_unknown_field_name_is_not_printed() {
    let (_, mut value) = report_json(b"m");
    let name = "SECRET-field-name-".repeat(4);
    value[&name] = json!(1);
    let error = report_error(&value);
    assert!(
        error.starts_with("Report: an unknown field, expected one of `stamp`"),
        "{error}"
    );
    assert_not_echoed(&error, &name);
    let text = format!(r#"{{"key_id":1,"{name}":"00"}}"#);
    let error = serde_json::from_str::<Stamp>(&text)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("Stamp: an unknown field"), "{error}");
    assert_not_echoed(&error, &name);
}

#[test]
fn a_bad_two_megabyte_string_costs_no_megabytes() {
    let message = vec![0x5a_u8; 1 << 20]; // 2 MiB of hex
    let (_, mut value) = report_json(b"m");
    let good = hex(&message);
    let mut bad = good.clone();
    bad.replace_range(bad.len() - 1.., "z"); // the last digit
    for digits in [&bad, &bad[1..]] {
        value["message"] = json!(digits);
        let text = serde_json::to_string(&value).unwrap();
        let (result, allocated) = bytes_allocated(|| serde_json::from_str::<OwnedReport>(&text));
        let error = result.map(|_| ()).unwrap_err().to_string();
        assert!(error.starts_with("message: "), "{error}");
        assert!(error.len() < 120, "{} bytes of error", error.len());
        assert!(
            allocated < 16 * 1024,
            "{allocated} bytes allocated for an error"
        );
    }
    // A good one: its decoded length once, not a growing vector's copies.
    value["message"] = json!(good);
    let text = serde_json::to_string(&value).unwrap();
    let (result, allocated) = bytes_allocated(|| serde_json::from_str::<OwnedReport>(&text));
    assert_eq!(result.unwrap().message(), &message[..]);
    assert!(
        allocated < message.len() + 16 * 1024,
        "{allocated} bytes allocated for a {}-byte message",
        message.len()
    );
}

#[test]
fn byte_sequences_name_the_field_and_the_count() {
    use serde::Deserialize;
    use serde::de::value::{Error, SeqDeserializer};
    let tag = |bytes: Vec<u64>| {
        FrankingTag::deserialize(SeqDeserializer::<_, Error>::new(bytes.into_iter()))
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(tag((0..40).collect()), "franking_tag: more than 32 bytes");
    assert_eq!(
        tag((0..31).collect()),
        "franking_tag: 31 bytes, expected 32"
    );
    let error = tag(vec![1, 2, 300_733]);
    assert!(
        error.starts_with("franking_tag: an element out of range"),
        "{error}"
    );
    assert!(!error.contains("300733"), "{error}");
}

#[test]
fn errors_in_binary_formats_are_still_errors() {
    // postcard: a 31-byte opening, a context id cut short.
    let (report, _) = report_json(b"m");
    let binary = postcard::to_allocvec(&report).unwrap();
    for cut in [40, 80, binary.len() - 1] {
        assert!(postcard::from_bytes::<OwnedReport>(&binary[..cut]).is_err());
    }
    let context = OwnedContext::new(b"a".to_vec(), b"b".to_vec(), 1, b"c".to_vec()).unwrap();
    let mut binary = postcard::to_allocvec(&context).unwrap();
    binary[0] = 200; // a sender length past the end
    assert!(postcard::from_bytes::<OwnedContext>(&binary).is_err());
}
