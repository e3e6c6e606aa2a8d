//! Generates the MIMI profile's test vectors `tests/vectors/mimi-v1.txt`
//! (format: SPEC.md section 10, kinds of section 17.12) through the crate's
//! public API.
//!
//! Run with `cargo run --features mimi --example gen_mimi_vectors >
//! tests/vectors/mimi-v1.txt`. Every key, salt and message is a fixed byte
//! pattern (`tests/mimi_common`) and every signature deterministic (Ed25519;
//! ECDSA with RFC 6979 nonces), so the output is too; each case states its
//! expected verdict, and the generator checks that the crate agrees before
//! printing it.

#[path = "../tests/mimi_common/mod.rs"]
mod common;

use common::*;
use franking::Error;
use franking::mimi::{
    AbuseReport, AbusiveMessage, CipherSuite, Extension, Frank, FrankingTag, HubKey, HubSigningKey,
    HubVerifyingKey, NewAbuseReport, ReceivedMessage, ReceiverView, Salt, SaltBaseSecret,
    ServerFrankingContext, SignedFrank, franking_integrity_tbs, verify_abuse_report,
    verify_received,
};

struct Case(Vec<(&'static str, String)>);

impl Case {
    fn new(kind: &str, name: &str, expect: &str) -> Self {
        Case(vec![
            ("kind", kind.into()),
            ("name", name.into()),
            ("expect", expect.into()),
        ])
    }
    fn f(mut self, name: &'static str, value: String) -> Self {
        self.0.push((name, value));
        self
    }
    fn print(&self) {
        println!();
        for (k, v) in &self.0 {
            println!("{k}: {v}");
        }
    }
}

fn verdict<T>(r: &Result<T, Error>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.kind().name(),
    }
}

fn vk_hex(key: &HubVerifyingKey) -> String {
    let (bytes, len) = key.to_bytes();
    hex(&bytes[..len])
}

fn salts() {
    for (name, nonce) in [
        ("empty nonce", Vec::new()),
        ("16-byte nonce", pattern(3, 16)),
        ("100-byte nonce", pattern(4, 100)),
    ] {
        let secret = array32(0x40);
        let salt = SaltBaseSecret::from_bytes(secret).derive_salt(&nonce);
        Case::new("mimi-salt", name, "ok")
            .f("salt_base_secret", hex(&secret))
            .f("nonce", hex(&nonce))
            .f("salt", hex(salt.as_bytes()))
            .print();
    }
}

fn tags() {
    for (name, len, id) in [
        ("empty application data", 0usize, 0u16),
        ("one byte", 1, 7),
        (
            "55 bytes, the last length in HMAC's first inner block",
            55,
            0x1234,
        ),
        ("200 bytes", 200, 0xffff),
    ] {
        let salt = salt(len as u8);
        let data = pattern(0x21, len);
        let tag = FrankingTag::compute(&salt, &data);
        Case::new("mimi-tag", name, "ok")
            .f("salt", hex(salt.as_bytes()))
            .f("application_data", hex(&data))
            .f("component_id", id.to_string())
            .f("franking_tag", hex(tag.as_bytes()))
            .f("frank_aad_item", hex(&tag.frank_aad_item(id)))
            .print();
    }
}

/// MLS `varint` (SPEC.md 17.2), written independently of the crate's.
fn varint(n: usize) -> Vec<u8> {
    match n {
        0..64 => vec![n as u8],
        64..16384 => ((n as u16) | 0x4000).to_be_bytes().to_vec(),
        _ => ((n as u32) | 0x8000_0000).to_be_bytes().to_vec(),
    }
}

fn context_bytes(c: &ServerFrankingContext<'_>) -> Vec<u8> {
    let mut out = vec![0u8; c.encoded_len().unwrap()];
    c.encode_into(&mut out).unwrap();
    out
}

fn contexts() {
    let long63 = pattern(1, 63);
    let long64 = pattern(2, 64);
    let long16384 = pattern(3, 16384);
    for (name, sender, room, ts) in [
        ("the draft's example URIs", SENDER, ROOM, TIMESTAMP),
        ("empty URIs, timestamp 0", &b""[..], &b""[..], 0),
        (
            "63 and 64 bytes: one- and two-byte varints",
            &long63[..],
            &long64[..],
            u64::MAX,
        ),
        ("16384 bytes: a four-byte varint", &long16384[..], ROOM, 1),
    ] {
        let c = ServerFrankingContext::new(sender, room, ts);
        Case::new("mimi-context", name, "ok")
            .f("sender_uri", hex(sender))
            .f("room_uri", hex(room))
            .f("timestamp", ts.to_string())
            .f("context", hex(&context_bytes(&c)))
            .print();
    }
}

fn franks() {
    for suite in SUITES {
        for (name, sender, room, ts) in [
            ("the draft's example URIs", SENDER, ROOM, TIMESTAMP),
            ("empty URIs", &b""[..], &b""[..], 0),
        ] {
            let hub = hub_key(0x10);
            let signing_bytes = signing_key_bytes(suite, 0x20);
            let signer = HubSigningKey::from_bytes(suite, &signing_bytes).unwrap();
            let tag = FrankingTag::from_bytes(array32(0x30));
            let context = ServerFrankingContext::new(sender, room, ts);
            let frank = SignedFrank::new(&hub, &signer, &tag, &context).unwrap();
            let mut tbs = vec![0u8; 34 + context.encoded_len().unwrap()];
            franking_integrity_tbs(&frank.server_frank, suite.to_u16(), &context, &mut tbs)
                .unwrap();
            let mut sign_content = vec![0x1c];
            sign_content.extend_from_slice(b"MLS 1.0 FrankingIntegrityTBS");
            sign_content.extend(varint(tbs.len()));
            sign_content.extend_from_slice(&tbs);
            let vk = signer.verifying_key();
            vk.verify_with_label(b"FrankingIntegrityTBS", &tbs, frank.signature.as_bytes())
                .unwrap();
            Case::new(
                "mimi-frank",
                &format!("suite {}, {name}", suite.to_u16()),
                "ok",
            )
            .f("hub_key", hex(hub.as_bytes()))
            .f("suite", suite.to_u16().to_string())
            .f("signing_key", hex(&signing_bytes))
            .f("franking_tag", hex(tag.as_bytes()))
            .f("sender_uri", hex(sender))
            .f("room_uri", hex(room))
            .f("timestamp", ts.to_string())
            .f("server_frank", hex(frank.server_frank.as_bytes()))
            .f("tbs", hex(&tbs))
            .f("sign_content", hex(&sign_content))
            .f("signature", hex(frank.signature.as_bytes()))
            .f("verifying_key", vk_hex(&vk))
            .f("frank", hex(&encode_frank(&frank.as_frank())))
            .print();
        }
    }
}

/// The inputs of a `mimi-receive` case, as bytes.
#[derive(Clone)]
struct Receive {
    suite: CipherSuite,
    verifying_key: HubVerifyingKey,
    salt: Vec<u8>,
    application_data: Vec<u8>,
    franking_tag: Vec<u8>,
    sender_uri: Vec<u8>,
    room_uri: Vec<u8>,
    timestamp: u64,
    frank: Vec<u8>,
    credential_uri: Vec<u8>,
    room: Vec<u8>,
}

impl Receive {
    fn of(suite: CipherSuite, m: &Franked, vk: HubVerifyingKey) -> Self {
        Receive {
            suite,
            verifying_key: vk,
            salt: m.salt.as_bytes().to_vec(),
            application_data: m.content.clone(),
            franking_tag: m.tag.as_bytes().to_vec(),
            sender_uri: m.sender.clone(),
            room_uri: m.room.clone(),
            timestamp: m.timestamp,
            frank: m.frank_bytes(),
            credential_uri: SENDER.to_vec(),
            room: ROOM.to_vec(),
        }
    }

    fn run(&self) -> Result<(), Error> {
        let frank = Frank::decode(&self.frank)?;
        let salt = Salt::try_from(&self.salt[..]).unwrap();
        let tag = FrankingTag::try_from(&self.franking_tag[..]).unwrap();
        let message = ReceivedMessage {
            franking_tag: &tag,
            application_data: &self.application_data,
            salt: &salt,
            sender_uri: &self.sender_uri,
            room_uri: &self.room_uri,
            accepted_timestamp: self.timestamp,
            frank,
        };
        let view = ReceiverView {
            franking_agent_key: &self.verifying_key,
            credential_user_uri: &self.credential_uri,
            room_uri: &self.room,
        };
        verify_received(&message, &view).map(|_| ())
    }

    fn emit(&self, name: &str, expect: &str) {
        assert_eq!(verdict(&self.run()), expect, "mimi-receive: {name}");
        Case::new("mimi-receive", name, expect)
            .f("suite", self.suite.to_u16().to_string())
            .f("verifying_key", vk_hex(&self.verifying_key))
            .f("salt", hex(&self.salt))
            .f("application_data", hex(&self.application_data))
            .f("franking_tag", hex(&self.franking_tag))
            .f("sender_uri", hex(&self.sender_uri))
            .f("room_uri", hex(&self.room_uri))
            .f("timestamp", self.timestamp.to_string())
            .f("frank", hex(&self.frank))
            .f("credential_uri", hex(&self.credential_uri))
            .f("room", hex(&self.room))
            .print();
    }
}

/// P-256's group order.
const P256_N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// `n - s` for a 32-byte big-endian `s < n`.
fn negate(s: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(P256_N[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = d as u8;
    }
    out
}

fn der_integer(v: &[u8]) -> Vec<u8> {
    let mut digits: Vec<u8> = v.iter().copied().skip_while(|b| *b == 0).collect();
    if digits.first().is_some_and(|b| b & 0x80 != 0) {
        digits.insert(0, 0);
    }
    let mut out = vec![0x02, digits.len() as u8];
    out.extend(digits);
    out
}

/// `(r, s)` of a strict DER ECDSA signature, each as 32 bytes.
fn der_parts(sig: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let body = &sig[2..];
    let rl = usize::from(body[1]);
    let r = &body[2..2 + rl];
    let s = &body[2 + rl + 2..];
    let pad = |x: &[u8]| {
        let x: Vec<u8> = x.iter().copied().skip_while(|b| *b == 0).collect();
        let mut out = vec![0u8; 32 - x.len()];
        out.extend(x);
        out
    };
    (pad(r), pad(s))
}

fn der(r: &[u8], s: &[u8]) -> Vec<u8> {
    let mut body = der_integer(r);
    body.extend(der_integer(s));
    let mut out = vec![0x30, body.len() as u8];
    out.extend(body);
    out
}

/// A frank's encoding with another signature.
fn with_signature(frank: &[u8], signature: &[u8]) -> Vec<u8> {
    let f = Frank::decode(frank).unwrap();
    encode_frank(&Frank { signature, ..f })
}

fn receives() {
    let hub = hub_key(0x10);
    for suite in SUITES {
        let signer = signing_key(suite, 0x20);
        let vk = signer.verifying_key();
        let m = Franked::new(&hub, &signer, 1, SENDER, ROOM, TIMESTAMP);
        let ok = Receive::of(suite, &m, vk);
        let n = suite.to_u16();
        ok.emit(&format!("suite {n}: a frank as the hub made it"), "ok");

        let mut c = ok.clone();
        c.frank[5] ^= 0x01;
        c.emit(&format!("suite {n}: server frank mauled"), "Invalid");

        let mut c = ok.clone();
        c.frank[33] ^= 0x02; // 1 <-> 3, 2 -> 0
        c.emit(&format!("suite {n}: frank names another suite"), "Invalid");

        let mut c = ok.clone();
        let last = c.frank.len() - 1;
        c.frank[last] ^= 0x01;
        c.emit(&format!("suite {n}: signature mauled"), "Invalid");

        let mut c = ok.clone();
        c.timestamp += 1;
        c.emit(
            &format!("suite {n}: timestamp changed by a follower"),
            "Invalid",
        );

        let mut c = ok.clone();
        c.application_data[20] ^= 0x01;
        c.emit(
            &format!("suite {n}: application data differs from the tag"),
            "Invalid",
        );

        let mut c = ok.clone();
        c.salt[0] ^= 0x01;
        c.emit(&format!("suite {n}: wrong salt"), "Invalid");

        let mut c = ok.clone();
        c.franking_tag[31] ^= 0x80;
        c.emit(&format!("suite {n}: frank_aad tag differs"), "Invalid");

        let mut c = ok.clone();
        c.verifying_key = signing_key(suite, 0x21).verifying_key();
        c.emit(&format!("suite {n}: another franking agent key"), "Invalid");

        let mut c = ok.clone();
        c.frank.truncate(c.frank.len() - 1);
        c.emit(
            &format!("suite {n}: frank truncated by one byte"),
            "Malformed",
        );

        let mut c = ok.clone();
        c.frank.push(0);
        c.emit(&format!("suite {n}: a byte after the frank"), "Malformed");

        let mut c = ok.clone();
        c.frank.truncate(34);
        c.emit(
            &format!("suite {n}: frank without its signature vector"),
            "Malformed",
        );

        // The content and the hub agree on another sender than the credential.
        let other = Franked::new(
            &hub,
            &signer,
            1,
            b"mimi://b.example/u/mallory",
            ROOM,
            TIMESTAMP,
        );
        Receive::of(suite, &other, vk).emit(
            &format!("suite {n}: content and hub name another sender than the credential"),
            "ReceiptMismatch",
        );
        let other = Franked::new(
            &hub,
            &signer,
            1,
            SENDER,
            b"mimi://hub.example/r/other",
            TIMESTAMP,
        );
        Receive::of(suite, &other, vk).emit(
            &format!("suite {n}: content and hub name another room"),
            "ReceiptMismatch",
        );
        // The hub signed one sender, the content says another.
        let mut c = ok.clone();
        let hub_signed = Franked::new(
            &hub,
            &signer,
            1,
            b"mimi://b.example/u/alicf",
            ROOM,
            TIMESTAMP,
        );
        c.frank = hub_signed.frank_bytes();
        c.emit(
            &format!("suite {n}: hub franked another sender URI"),
            "Invalid",
        );
    }
    // The two suites of one scheme: a suite-1 frank relabelled as suite 3
    // (the suite is signed).
    let signer1 = signing_key(CipherSuite::X25519Aes128GcmEd25519, 0x20);
    let m = Franked::new(&hub, &signer1, 2, SENDER, ROOM, TIMESTAMP);
    let seed = signing_key_bytes(CipherSuite::X25519Aes128GcmEd25519, 0x20);
    let vk3 = HubSigningKey::from_bytes(CipherSuite::X25519ChaCha20Poly1305Ed25519, &seed)
        .unwrap()
        .verifying_key();
    let mut c = Receive::of(CipherSuite::X25519ChaCha20Poly1305Ed25519, &m, vk3);
    c.frank[33] = 3;
    c.emit("a suite-1 frank relabelled as suite 3, same key", "Invalid");

    // ECDSA: the other valid s verifies; non-strict DER does not.
    let suite = CipherSuite::P256Aes128GcmP256;
    let signer = signing_key(suite, 0x20);
    let m = Franked::new(&hub, &signer, 3, SENDER, ROOM, TIMESTAMP);
    let ok = Receive::of(suite, &m, signer.verifying_key());
    let (r, s) = der_parts(m.frank.signature.as_bytes());
    let mut c = ok.clone();
    c.frank = with_signature(&ok.frank, &der(&r, &negate(&s)));
    c.emit("suite 2: the same signature with s replaced by n - s", "ok");
    let mut c = ok.clone();
    // A redundant leading zero before an integer whose top bit is clear (so
    // the zero is not needed): 33 bytes that strip to a valid 32.
    let padded = |x: &[u8]| {
        let mut out = vec![0x02, 33, 0];
        out.extend_from_slice(x);
        out
    };
    let mut body = if r[0] & 0x80 == 0 {
        [padded(&r), der_integer(&s)].concat()
    } else {
        assert_eq!(s[0] & 0x80, 0, "r or s has its top bit clear");
        [der_integer(&r), padded(&s)].concat()
    };
    body.splice(0..0, [0x30, body.len() as u8]);
    c.frank = with_signature(&ok.frank, &body);
    c.emit(
        "suite 2: DER integer with a redundant leading zero",
        "Invalid",
    );
    let mut c = ok.clone();
    c.frank = with_signature(&ok.frank, &der(&r, &P256_N));
    c.emit("suite 2: s equal to the group order", "Invalid");
    let mut c = ok.clone();
    let mut trailing = m.frank.signature.as_bytes().to_vec();
    trailing.push(0);
    c.frank = with_signature(&ok.frank, &trailing);
    c.emit("suite 2: a byte after the DER signature", "Invalid");
}

/// What the content parser returns for one message: salt, sender, room.
type Fields = (Vec<u8>, Vec<u8>, Vec<u8>);

/// A change to one reported message: its fields, its content, its signature.
type Maul = dyn Fn(&mut AbusiveMessage<'_>, &mut Vec<u8>, &mut Vec<u8>);

struct ReportSetting {
    hub_keys: Vec<HubKey>,
    verifying_keys: Vec<HubVerifyingKey>,
    /// Per message: salt, sender, room (what the content parser returns).
    fields: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)>,
}

fn report_case(s: &ReportSetting, name: &str, bytes: &[u8], expect: &str) {
    let result = AbuseReport::decode(bytes).and_then(|report| {
        let mut slots = vec![None; report.message_count()];
        verify_abuse_report(&s.hub_keys, &s.verifying_keys, &report, parse, &mut slots)
            .map_err(|(_, e)| e)?;
        Ok(report)
    });
    assert_eq!(verdict(&result), expect, "mimi-report: {name}");
    // What the content parser returns for each message, as decoded (the
    // setting's fields when the report does not decode).
    let fields: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = match AbuseReport::decode(bytes) {
        Ok(report) => report
            .messages()
            .map(|m| {
                let f = parse(m.message_content).unwrap();
                (
                    f.salt.as_bytes().to_vec(),
                    f.sender_uri.to_vec(),
                    f.room_uri.to_vec(),
                )
            })
            .collect(),
        Err(_) => s.fields.clone(),
    };
    let join = |f: &dyn Fn(&Fields) -> &Vec<u8>| {
        fields
            .iter()
            .map(|x| hex(f(x)))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut c = Case::new("mimi-report", name, expect)
        .f(
            "hub_keys",
            s.hub_keys
                .iter()
                .map(|k| hex(k.as_bytes()))
                .collect::<Vec<_>>()
                .join(","),
        )
        .f(
            "verifying_keys",
            s.verifying_keys
                .iter()
                .map(|k| format!("{}/{}", k.suite().to_u16(), vk_hex(k)))
                .collect::<Vec<_>>()
                .join(","),
        )
        .f("salts", join(&|x| &x.0))
        .f("senders", join(&|x| &x.1))
        .f("rooms", join(&|x| &x.2))
        .f("report", hex(bytes));
    if let Ok(report) = result {
        c = c
            .f("reporting_user", hex(report.reporting_user))
            .f("alleged_abuser_uri", hex(report.alleged_abuser_uri))
            .f("reason", report.reason_code.to_string())
            .f("note", hex(report.note.as_bytes()))
            .f("count", report.message_count().to_string());
        // Canonical: it re-encodes to itself.
        let messages: Vec<AbusiveMessage<'_>> = report.messages().collect();
        let extensions: Vec<Extension<'_>> = report.extensions().collect();
        let again = encode_report(&NewAbuseReport {
            reporting_user: report.reporting_user,
            alleged_abuser_uri: report.alleged_abuser_uri,
            reason_code: report.reason_code,
            note: report.note,
            messages: &messages,
            extensions: &extensions,
        });
        assert_eq!(again, bytes, "mimi-report: {name} re-encodes");
    }
    c.print();
}

fn encode_report(r: &NewAbuseReport<'_>) -> Vec<u8> {
    let mut out = vec![0u8; r.encoded_len().unwrap()];
    assert_eq!(r.encode_into(&mut out).unwrap(), out.len());
    out
}

fn reports() {
    let k1 = hub_key(0x10);
    let k2 = hub_key(0x11);
    let s1 = signing_key(CipherSuite::X25519Aes128GcmEd25519, 0x20);
    let s2 = signing_key(CipherSuite::P256Aes128GcmP256, 0x20);
    // Three messages: the first franked before a key rotation, the second
    // after, the third after a ReInit to suite 2.
    let m = [
        Franked::new(&k1, &s1, 1, SENDER, ROOM, TIMESTAMP),
        Franked::new(&k2, &s1, 2, SENDER, ROOM, TIMESTAMP + 1000),
        Franked::new(&k2, &s2, 3, SENDER, ROOM, TIMESTAMP + 2000),
    ];
    let fields: Vec<_> = m
        .iter()
        .map(|x| (x.salt.as_bytes().to_vec(), x.sender.clone(), x.room.clone()))
        .collect();
    let abusive: Vec<AbusiveMessage<'_>> = m.iter().map(Franked::abusive).collect();
    let ext = [Extension {
        extension_type: 0xff01,
        extension_data: b"client: example 1.0",
    }];
    let report = NewAbuseReport {
        reporting_user: b"mimi://c.example/u/cathy",
        alleged_abuser_uri: SENDER,
        reason_code: 0,
        note: "threats, see the three messages",
        messages: &abusive,
        extensions: &ext,
    };
    let bytes = encode_report(&report);
    let all = ReportSetting {
        hub_keys: vec![hub_key(0x11), hub_key(0x10)],
        verifying_keys: vec![s1.verifying_key(), s2.verifying_key()],
        fields: fields.clone(),
    };
    report_case(
        &all,
        "three messages, two hub keys, two suites",
        &bytes,
        "ok",
    );

    let first_key_only = ReportSetting {
        hub_keys: vec![hub_key(0x12), hub_key(0x10), hub_key(0x13)],
        verifying_keys: vec![s1.verifying_key()],
        fields: fields[..1].to_vec(),
    };
    let one = encode_report(&NewAbuseReport {
        messages: &abusive[..1],
        extensions: &[],
        reporting_user: b"",
        note: "",
        reason_code: 200,
        ..report
    });
    report_case(
        &first_key_only,
        "one message, its key second of three; no reporter, empty note, unknown reason",
        &one,
        "ok",
    );
    let none = encode_report(&NewAbuseReport {
        messages: &[],
        extensions: &[],
        ..report
    });
    report_case(
        &ReportSetting {
            fields: vec![],
            ..ReportSetting {
                hub_keys: vec![hub_key(0x10)],
                verifying_keys: vec![],
                fields: vec![],
            }
        },
        "no messages",
        &none,
        "ok",
    );
    // Genuine franks, another user named: 17.10 refuses the report.
    for (what, abuser) in [
        (
            "alleged abuser is not the messages' sender",
            &b"mimi://b.example/u/bob"[..],
        ),
        (
            "alleged abuser is the sender's URI and one byte more",
            &b"mimi://b.example/u/alice/"[..],
        ),
    ] {
        let named = encode_report(&NewAbuseReport {
            messages: &abusive[..1],
            extensions: &[],
            alleged_abuser_uri: abuser,
            ..report
        });
        report_case(&first_key_only, what, &named, "ReceiptMismatch");
    }

    let wrong = ReportSetting {
        hub_keys: vec![hub_key(0x12), hub_key(0x13)],
        verifying_keys: vec![s1.verifying_key()],
        fields: fields[..1].to_vec(),
    };
    report_case(&wrong, "wrong hub keys", &one, "Invalid");
    let no_sig_key = ReportSetting {
        hub_keys: vec![hub_key(0x10)],
        verifying_keys: vec![s2.verifying_key()],
        fields: fields[..1].to_vec(),
    };
    report_case(
        &no_sig_key,
        "no verifying key of the frank's suite",
        &one,
        "Invalid",
    );

    // Each field of the one-message report mauled.
    let one_report = AbuseReport::decode(&one).unwrap();
    let msg = one_report.messages().next().unwrap();
    let maul = |what: &str, f: &Maul| {
        let mut content = msg.message_content.to_vec();
        let mut sig = msg.frank.signature.to_vec();
        let mut m2 = msg;
        f(&mut m2, &mut content, &mut sig);
        let m3 = AbusiveMessage {
            message_content: &content,
            frank: Frank {
                signature: &sig,
                ..m2.frank
            },
            ..m2
        };
        let bytes = encode_report(&NewAbuseReport {
            messages: &[m3],
            ..NewAbuseReport {
                reporting_user: b"",
                alleged_abuser_uri: SENDER,
                reason_code: 200,
                note: "",
                messages: &[],
                extensions: &[],
            }
        });
        report_case(&first_key_only, what, &bytes, "Invalid");
    };
    maul("message text mauled", &|_, c, _| c[110] ^= 1);
    maul("salt in the content mauled", &|_, c, _| c[0] ^= 1);
    maul("sender URI in the content mauled", &|_, c, _| c[30] ^= 1);
    maul("server frank mauled", &|m, _, _| {
        let mut b = m.frank.server_frank.to_bytes();
        b[0] ^= 1;
        m.frank.server_frank = franking::mimi::ServerFrank::from_bytes(b);
    });
    maul("suite changed to 3", &|m, _, _| m.frank.cipher_suite = 3);
    maul("suite changed to 7 (unsupported)", &|m, _, _| {
        m.frank.cipher_suite = 7
    });
    maul("signature mauled", &|_, _, s| s[10] ^= 1);
    maul("timestamp changed", &|m, _, _| m.accepted_timestamp += 1);

    // Decoding: truncations, trailing bytes, non-minimal varints, bad note.
    for cut in [0, 1, one.len() / 2, one.len() - 8, one.len() - 1] {
        report_case(
            &first_key_only,
            &format!("truncated to {cut} bytes"),
            &one[..cut],
            "Malformed",
        );
    }
    let mut trailing = one.clone();
    trailing.push(0);
    report_case(
        &first_key_only,
        "a byte after the extensions",
        &trailing,
        "Malformed",
    );
    let mut nonminimal = vec![0x40, 0x00];
    nonminimal.extend_from_slice(&one[1..]);
    report_case(
        &first_key_only,
        "empty reporter with a two-byte varint",
        &nonminimal,
        "Malformed",
    );
    let bad_note = encode_report(&NewAbuseReport {
        note: "x",
        messages: &abusive[..1],
        extensions: &[],
        reporting_user: b"",
        reason_code: 200,
        ..report
    });
    let mut bad_note = bad_note;
    let at = 1 + 1 + SENDER.len() + 1 + 1;
    assert_eq!(bad_note[at], b'x');
    bad_note[at] = 0xff;
    report_case(&first_key_only, "note not UTF-8", &bad_note, "Malformed");
    // The message list one byte shorter: its last message ends past it.
    let mut short = one.clone();
    let list_at = 1 + 1 + SENDER.len() + 1 + 1;
    let (len, varint) = (
        ((usize::from(short[list_at]) & 0x3f) << 8) | usize::from(short[list_at + 1]),
        2,
    );
    assert_eq!(short[list_at] >> 6, 1);
    let new = (len - 1) as u16 | 0x4000;
    short[list_at..list_at + varint].copy_from_slice(&new.to_be_bytes());
    report_case(
        &first_key_only,
        "message list one byte short",
        &short,
        "Malformed",
    );
    // A whole message, then one byte of another, counted in the list.
    let mut partial = one.clone();
    partial.insert(list_at + 2 + len, 0x05);
    let longer = (len + 1) as u16 | 0x4000;
    partial[list_at..list_at + 2].copy_from_slice(&longer.to_be_bytes());
    report_case(
        &first_key_only,
        "a partial message after a whole one in the list",
        &partial,
        "Malformed",
    );
}

fn sign_with_label_cases() {
    for suite in SUITES {
        let signer = signing_key(suite, 0x50);
        let vk = signer.verifying_key();
        let content = pattern(0x60, 70);
        let sig = signer
            .sign_with_label(b"FrankingIntegrityTBS", &content)
            .unwrap();
        let n = suite.to_u16();
        for (name, label, expect) in [
            ("the frank's label", "FrankingIntegrityTBS", "ok"),
            ("another label", "SignWithLabel", "Invalid"),
            (
                "the label without MLS's prefix added twice",
                "MLS 1.0 FrankingIntegrityTBS",
                "Invalid",
            ),
        ] {
            let r = vk.verify_with_label(label.as_bytes(), &content, sig.as_bytes());
            assert_eq!(verdict(&r), expect);
            Case::new(
                "mimi-sign-with-label",
                &format!("suite {n}: {name}"),
                expect,
            )
            .f("suite", n.to_string())
            .f("verifying_key", vk_hex(&vk))
            .f("label", label.to_string())
            .f("content", hex(&content))
            .f("signature", hex(sig.as_bytes()))
            .print();
        }
    }
    // Ed25519 keys that must not load (17.6): the point A + (0, -1), which
    // has a torsion component (y' = p - y, the sign bit flipped), and the
    // non-canonical encoding y + p of the curve point with y = 3.
    let signer = signing_key(SUITES[0], 0x50);
    let content = pattern(0x60, 70);
    let sig = signer
        .sign_with_label(b"FrankingIntegrityTBS", &content)
        .unwrap();
    let (a, _) = signer.verifying_key().to_bytes();
    let mut y = a;
    y[31] &= 0x7f;
    let mut torsion = [0u8; 32];
    let mut borrow = 0i16;
    for i in 0..32 {
        let p = match i {
            0 => 0xed,
            31 => 0x7f,
            _ => 0xff,
        };
        let d = p - i16::from(y[i]) - borrow;
        borrow = i16::from(d < 0);
        torsion[i] = (d + 256 * borrow) as u8;
    }
    torsion[31] |= (a[31] & 0x80) ^ 0x80;
    let mut plus_p = [0xffu8; 32];
    plus_p[0] = 0xed + 3;
    plus_p[31] = 0x7f;
    for (name, key) in [
        ("a key with a torsion component (A + (0, -1))", torsion),
        ("a non-canonical key (y = 3 encoded as y + p)", plus_p),
    ] {
        let r = HubVerifyingKey::from_bytes(SUITES[0], &key);
        assert_eq!(verdict(&r), "Malformed");
        Case::new(
            "mimi-sign-with-label",
            &format!("suite 1: {name}"),
            "Malformed",
        )
        .f("suite", SUITES[0].to_u16().to_string())
        .f("verifying_key", hex(&key))
        .f("label", "FrankingIntegrityTBS".to_string())
        .f("content", hex(&content))
        .f("signature", hex(sig.as_bytes()))
        .print();
    }
}

fn main() {
    println!(
        "# franking MIMI profile test vectors (draft-ietf-mimi-protocol-06); format: SPEC.md sections 10 and 17.12."
    );
    println!(
        "# Generated by `cargo run --features mimi --example gen_mimi_vectors`; do not edit by hand."
    );
    salts();
    tags();
    contexts();
    franks();
    receives();
    reports();
    sign_with_label_cases();
}
