//! Runs every scenario of `bindings/scenarios/*.json` through the facade, as
//! the Python, Kotlin and JS runners run them through their bindings
//! (format: bindings/scenarios/README.md).

mod common;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use common::{FromVal, IntoVal, Val};
use franking_facade::*;
use serde_json::Value as Json;

fn scenario_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scenarios")
}

/// A JSON value of the format, `$` references resolved against `env`.
fn value(j: &Json, env: &BTreeMap<String, Val>) -> Val {
    match j {
        Json::Null => Val::Null,
        Json::Bool(b) => Val::Bool(*b),
        Json::Number(n) => Val::Int(
            n.as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from))
                .unwrap_or_else(|| panic!("not an integer: {n}")),
        ),
        Json::String(s) => {
            if let Some(h) = s.strip_prefix("hex:") {
                Val::Bytes(common::unhex(h))
            } else if let Some(t) = s.strip_prefix("utf8:") {
                Val::Bytes(t.as_bytes().to_vec())
            } else if let Some(r) = s.strip_prefix('$') {
                let (name, path) = r.split_once('.').unwrap_or((r, ""));
                env.get(name)
                    .unwrap_or_else(|| panic!("no saved value {name}"))
                    .at(path)
            } else {
                panic!("unknown string value form {s:?}")
            }
        }
        Json::Array(items) => Val::List(items.iter().map(|i| value(i, env)).collect()),
        Json::Object(m) => {
            let fields = |f: &Json| -> BTreeMap<String, Val> {
                f.as_object()
                    .expect("fields object")
                    .iter()
                    .map(|(k, v)| (k.clone(), value(v, env)))
                    .collect()
            };
            if let Some(s) = m.get("str") {
                Val::Str(s.as_str().expect("str").to_string())
            } else if let Some(e) = m.get("enum") {
                Val::Enum(e.as_str().expect("enum name").to_string())
            } else if let Some(r) = m.get("record") {
                Val::Record(
                    r.as_str().expect("record name").into(),
                    fields(&m["fields"]),
                )
            } else if let Some(v) = m.get("variant") {
                Val::Variant(
                    v.as_str().expect("variant name").into(),
                    fields(&m["fields"]),
                )
            } else {
                panic!("unknown object value form {m:?}")
            }
        }
    }
}

/// Arguments by name; every one must be read.
struct Args {
    map: BTreeMap<String, Val>,
    read: RefCell<BTreeSet<String>>,
}

impl Args {
    fn get<T: FromVal>(&self, name: &str) -> T {
        self.read.borrow_mut().insert(name.to_string());
        let v = self
            .map
            .get(name)
            .unwrap_or_else(|| panic!("missing argument {name}"));
        T::from_val(v)
    }
}

type Out = Result<Val, FrankingError>;

fn ok<T: IntoVal>(r: Result<T, FrankingError>) -> Out {
    r.map(IntoVal::into_val)
}

fn val<T: IntoVal>(t: T) -> Out {
    Ok(t.into_val())
}

/// The helpers of the format.
fn helper(call: &str, a: &Args) -> Option<Out> {
    Some(match call {
        "flip_bit" => {
            let mut bytes: Vec<u8> = a.get("bytes");
            let index: i64 = a.get("index");
            let at = if index < 0 {
                bytes.len() as i64 + index
            } else {
                index
            } as usize;
            bytes[at] ^= 1;
            val(bytes)
        }
        "concat" => val(a.get::<Vec<Vec<u8>>>("parts").concat()),
        "slice" => {
            let bytes: Vec<u8> = a.get("bytes");
            let start: u64 = a.get("start");
            let end: Option<u64> = a.get("end");
            let end = end.map_or(bytes.len(), |e| e as usize);
            val(bytes[start as usize..end].to_vec())
        }
        "pattern" => {
            let len: u64 = a.get("len");
            let seed: u64 = a.get("seed");
            val((0..len)
                .map(|i| ((seed + 7 * i) % 251) as u8)
                .collect::<Vec<u8>>())
        }
        "chunks" => {
            let bytes: Vec<u8> = a.get("bytes");
            let size: u64 = a.get("size");
            let pieces: Vec<Vec<u8>> = if bytes.is_empty() {
                vec![Vec::new()]
            } else {
                bytes.chunks(size as usize).map(<[u8]>::to_vec).collect()
            };
            val(pieces)
        }
        "with_field" => {
            let Val::Record(name, mut fields) = a.get_raw("value") else {
                panic!("with_field needs a record")
            };
            let field: String = a.get("field");
            assert!(fields.contains_key(&field), "no field {field}");
            fields.insert(field, a.get_raw("to"));
            Ok(Val::Record(name, fields))
        }
        _ => return None,
    })
}

impl Args {
    fn get_raw(&self, name: &str) -> Val {
        self.read.borrow_mut().insert(name.to_string());
        self.map
            .get(name)
            .unwrap_or_else(|| panic!("missing argument {name}"))
            .clone()
    }
}

/// One facade call by name.
fn call(name: &str, this: Option<&Val>, a: &Args) -> Out {
    if let Some(out) = helper(name, a) {
        return out;
    }
    let ring = || Arc::<Keyring>::from_val(this.expect("a keyring"));
    let sealer = || Arc::<MediaSealer>::from_val(this.expect("a sealer"));
    let opener = || Arc::<MediaOpener>::from_val(this.expect("an opener"));
    let builder = || Arc::<MediaReportBuilder>::from_val(this.expect("a builder"));
    let verdict = || Arc::<VerifiedConversation>::from_val(this.expect("a verified conversation"));
    match name {
        "franking_version" => val(franking_version()),
        "generate_message_key" => val(generate_message_key()),
        "generate_nonce" => val(generate_nonce()),
        "seal" => ok(seal(
            a.get("suite"),
            a.get("key"),
            a.get("header"),
            a.get("message"),
        )),
        "seal_with_nonce" => ok(seal_with_nonce(
            a.get("suite"),
            a.get("key"),
            a.get("nonce"),
            a.get("header"),
            a.get("message"),
        )),
        "commit" => ok(commit(a.get("header"), a.get("message"))),
        "open" => ok(open(
            a.get("suite"),
            a.get("key"),
            a.get("envelope"),
            a.get("header"),
            a.get("ciphertext"),
        )),
        "verify_commitment" => ok(verify_commitment(
            a.get("header"),
            a.get("message"),
            a.get("opening"),
            a.get("franking_tag"),
        )),
        "build_report" => ok(build_report(
            a.get("opened"),
            a.get("context"),
            a.get("stamp"),
        )),
        "check_receipt" => ok(check_receipt(
            a.get("receipt"),
            a.get("franking_tag"),
            a.get("expected"),
        )),
        "build_report_from_receipt" => ok(build_report_from_receipt(
            a.get("opened"),
            a.get("receipt"),
            a.get("expected"),
        )),
        "decode_receipt" => ok(decode_receipt(a.get("receipt"))),
        "decode_envelope" => ok(decode_envelope(a.get("envelope"))),
        "decode_stamp" => ok(decode_stamp(a.get("stamp"))),
        "build_conversation_report" => ok(build_conversation_report(a.get("entries"))),
        "report_id_for_message" => ok(report_id_for_message(a.get("stamp"), a.get("reporter"))),
        "report_id_for_range" => ok(report_id_for_range(
            a.get("stamp"),
            a.get("attachment"),
            a.get("first_chunk"),
            a.get("chunk_count"),
            a.get("reporter"),
        )),
        "report_id_for_conversation" => ok(report_id_for_conversation(
            a.get("stamps"),
            a.get("stamp_only"),
            a.get("reporter"),
        )),
        "key_record_info" => ok(key_record_info(a.get("record"))),
        "encode_key_record" => ok(encode_key_record(
            a.get("key_id"),
            a.get("not_before"),
            a.get("not_after"),
            a.get("secret"),
        )),
        "build_submission" => ok(build_submission(
            a.get("reason"),
            a.get("reporter"),
            a.get("note"),
            a.get("entries"),
        )),
        "reason_name" => val(reason_name(a.get("code"))),
        "media_chunk_size" => val(media_chunk_size()),
        "encode_media_message" => ok(encode_media_message(a.get("descriptors"), a.get("body"))),
        "decode_media_message" => ok(decode_media_message(a.get("message"))),
        "attachment_evidence" => ok(attachment_evidence(
            a.get("suite"),
            a.get("message_key"),
            a.get("nonce"),
            a.get("message"),
            a.get("attachment"),
        )),
        "attachment_evidence_descriptor" => {
            ok(attachment_evidence_descriptor(a.get("evidence_bytes")))
        }
        "attachment_key" => ok(attachment_key(
            a.get("suite"),
            a.get("message_key"),
            a.get("nonce"),
            a.get("attachment"),
            a.get("wrapped"),
        )),
        "attachment_descriptor" => ok(attachment_descriptor(
            a.get("length"),
            a.get("root"),
            a.get("attachment_nonce"),
        )),
        "open_attachment_chunk" => ok(open_attachment_chunk(
            a.get("suite"),
            a.get("attachment_key"),
            a.get("descriptor_bytes"),
            a.get("index"),
            a.get("ciphertext"),
            a.get("tree"),
        )),
        "Keyring.generate" => ok(Keyring::generate(
            a.get("key_id"),
            a.get("not_before"),
            a.get("max_age_secs"),
        )),
        "Keyring.load" => ok(Keyring::load(
            a.get("records"),
            a.get("max_age_secs"),
            a.get("max_skew_secs"),
        )),
        "Keyring.verify_only" => val(Keyring::verify_only(
            a.get("max_age_secs"),
            a.get("max_skew_secs"),
        )),
        "Keyring.current" => val(ring().current()),
        "Keyring.is_verify_only" => val(ring().is_verify_only()),
        "Keyring.keys" => val(ring().keys()),
        "Keyring.stamp" => ok(ring().stamp(a.get("franking_tag"), a.get("context"))),
        "Keyring.stamp_envelope" => ok(ring().stamp_envelope(a.get("envelope"), a.get("context"))),
        "Keyring.stamp_receipt" => {
            ok(ring().stamp_receipt(a.get("franking_tag"), a.get("context")))
        }
        "Keyring.stamp_batch" => {
            ok(ring().stamp_batch(a.get("franking_tag"), a.get("context"), a.get("recipients")))
        }
        "Keyring.rotate_generate" => ok(ring().rotate_generate(a.get("key_id"), a.get("at"))),
        "Keyring.rotate_to_record" => ok(ring().rotate_to_record(a.get("record"))),
        "Keyring.insert_record" => ok(ring().insert_record(a.get("record"))),
        "Keyring.close_interval" => ok(ring().close_interval(a.get("key_id"), a.get("not_after"))),
        "Keyring.retire" => ok(ring().retire(a.get("key_id"))),
        "Keyring.retire_expired" => val(ring().retire_expired(a.get("now"))),
        "Keyring.retire_older_than" => val(ring().retire_older_than(a.get("before"))),
        "Keyring.export_records" => val(ring().export_records()),
        "Keyring.sync" => ok(ring().sync(a.get("records"))),
        "Keyring.verify" => ok(ring().verify(a.get("now"), a.get("report"))),
        "Keyring.verify_conversation" => {
            ok(ring().verify_conversation(a.get("now"), a.get("report")))
        }
        "Keyring.verify_conversation_object" => {
            ok(ring().verify_conversation_object(a.get("now"), a.get("report")))
        }
        "VerifiedConversation.verdict" => val(verdict().verdict()),
        "VerifiedConversation.conversation" => val(verdict().conversation()),
        "VerifiedConversation.entry_count" => val(verdict().entry_count()),
        "VerifiedConversation.entry" => val(verdict().entry(a.get("index"))),
        "VerifiedConversation.gaps" => val(verdict().gaps()),
        "VerifiedConversation.missing" => val(verdict().missing()),
        "VerifiedConversation.is_contiguous" => val(verdict().is_contiguous()),
        "VerifiedConversation.is_complete" => val(verdict().is_complete()),
        "Keyring.verify_media_report" => {
            ok(ring().verify_media_report(a.get("now"), a.get("report")))
        }
        "Keyring.verify_submission" => ok(ring().verify_submission(
            a.get("now"),
            a.get("submission"),
            a.get("reporter"),
            a.get("memberships"),
        )),
        "MediaSealer.new" => ok(MediaSealer::new(
            a.get("suite"),
            a.get("message_key"),
            a.get("nonce"),
            a.get("attachment"),
        )),
        "MediaSealer.push_chunk" => ok(sealer().push_chunk(a.get("chunk"), a.get("last"))),
        "MediaSealer.chunks_sealed" => val(sealer().chunks_sealed()),
        "MediaSealer.descriptor" => ok(sealer().descriptor()),
        "MediaOpener.new" => ok(MediaOpener::new(a.get("evidence_bytes"), a.get("tree"))),
        "MediaOpener.next_chunk_len" => val(opener().next_chunk_len()),
        "MediaOpener.next_index" => val(opener().next_index()),
        "MediaOpener.open_chunk" => ok(opener().open_chunk(a.get("ciphertext"))),
        "MediaOpener.is_complete" => val(opener().is_complete()),
        "MediaOpener.finish" => ok(opener().finish()),
        "MediaReportBuilder.whole" => ok(MediaReportBuilder::whole(
            a.get("evidence_bytes"),
            a.get("message_report"),
        )),
        "MediaReportBuilder.range" => ok(MediaReportBuilder::range(
            a.get("evidence_bytes"),
            a.get("message_report"),
            a.get("first_chunk"),
            a.get("chunk_count"),
            a.get("tree"),
        )),
        "MediaReportBuilder.covering" => ok(MediaReportBuilder::covering(
            a.get("evidence_bytes"),
            a.get("message_report"),
            a.get("offset"),
            a.get("len"),
            a.get("tree"),
        )),
        "MediaReportBuilder.head" => val(builder().head()),
        "MediaReportBuilder.first_chunk" => val(builder().first_chunk()),
        "MediaReportBuilder.chunk_count" => val(builder().chunk_count()),
        "MediaReportBuilder.next_chunk_index" => val(builder().next_chunk_index()),
        "MediaReportBuilder.push_chunk" => ok(builder().push_chunk(a.get("plaintext"))),
        other => panic!("unknown call {other}"),
    }
}

/// Runs one scenario file; returns the calls it made and the error kinds it saw.
fn run(path: &PathBuf, calls: &mut BTreeSet<String>, kinds: &mut BTreeSet<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let scenario: Json =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = scenario["name"].as_str().expect("name");
    let mut env: BTreeMap<String, Val> = BTreeMap::new();
    for (i, step) in scenario["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .enumerate()
    {
        let at = format!("{} ({name}), step {i}", path.display());
        let call_name = step["call"].as_str().expect("call");
        calls.insert(call_name.to_string());
        let this = step.get("self").map(|s| {
            env.get(s.as_str().expect("self name"))
                .unwrap_or_else(|| panic!("{at}: no object {s}"))
                .clone()
        });
        let map = step
            .get("args")
            .and_then(Json::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), value(v, &env))).collect())
            .unwrap_or_default();
        let args = Args {
            map,
            read: RefCell::new(BTreeSet::new()),
        };
        let result = call(call_name, this.as_ref(), &args);
        let unread: Vec<_> = args
            .map
            .keys()
            .filter(|k| !args.read.borrow().contains(*k))
            .collect();
        assert!(
            unread.is_empty(),
            "{at}: {call_name} takes no argument {unread:?}"
        );
        match (step.get("error"), result) {
            (Some(kind), Err(e)) => {
                assert_eq!(e.kind().name(), kind.as_str().unwrap(), "{at}: {e}");
                kinds.insert(e.kind().name().to_string());
            }
            (Some(kind), Ok(v)) => panic!("{at}: expected {kind}, got {v:?}"),
            (None, Err(e)) => panic!("{at}: {call_name} failed: {} {e}", e.kind()),
            (None, Ok(v)) => {
                if let Some(expect) = step.get("expect") {
                    assert_eq!(v, value(expect, &env), "{at}: result");
                }
                if let Some(fields) = step.get("expect_fields").and_then(Json::as_object) {
                    for (path, expect) in fields {
                        assert_eq!(v.at(path), value(expect, &env), "{at}: {path}");
                    }
                }
                if let Some(out) = step.get("out") {
                    env.insert(out.as_str().expect("out name").to_string(), v);
                }
            }
        }
    }
}

#[test]
fn every_shared_scenario_passes_through_the_facade() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenario_dir())
        .expect("bindings/scenarios")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "scenario files: {files:?}");
    let mut calls = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for f in &files {
        run(f, &mut calls, &mut kinds);
    }
    println!(
        "{} scenarios, {} distinct calls, error kinds seen: {kinds:?}",
        files.len(),
        calls.len()
    );
    // Every kind a caller can meet through the facade. Unreachable: a
    // buffer too small (the facade sizes every buffer) and too many
    // entries (it verifies a submission into a verdict of any length).
    let unreachable = ["BufferTooSmall", "TooManyEntries"];
    let every: BTreeSet<String> = franking_facade::ErrorKind::ALL
        .iter()
        .map(|k| k.name().to_string())
        .collect();
    assert!(
        unreachable.iter().all(|u| every.contains(*u)),
        "{unreachable:?}"
    );
    let missing: Vec<_> = every
        .iter()
        .filter(|k| !kinds.contains(*k) && !unreachable.contains(&k.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "error kinds no scenario reaches: {missing:?}"
    );
}
