//! Arbitrary bytes as a media report off the wire.
//!
//! Properties: decoding and verification never panic; the in-memory verifier
//! and the streaming verifier (head, then chunk records one by one) reach the
//! same verdict; a verified report of the fixed attachment shows exactly its
//! plaintext at the stated offset.
#![no_main]

use std::sync::LazyLock;

use franking::media::{RangeVerifier, verify_media_report};
use franking::wire::MediaReportHead;
use franking::{Error, ErrorKind, Keyring};
use franking_fuzz::media::FIXTURE;
use franking_fuzz::{NOW, keyring};
use libfuzzer_sys::fuzz_target;

static RING: LazyLock<Keyring> = LazyLock::new(keyring);

fn streamed(data: &[u8]) -> Result<(), Error> {
    let (head, mut at) = MediaReportHead::decode_prefix(data)?;
    let mut verifier = RangeVerifier::new(&RING, NOW, &head)?;
    while let Some(len) = verifier.next_chunk_len() {
        let record = data.get(at..at + 32 + len).ok_or(Error::Malformed {
            field: "chunk",
            offset: at,
        })?;
        verifier.update_record(record)?;
        at += 32 + len;
    }
    if at != data.len() {
        return Err(Error::Malformed {
            field: "trailing bytes",
            offset: at,
        });
    }
    verifier.finish().map(|_| ())
}

fuzz_target!(|data: &[u8]| {
    let in_memory = verify_media_report(&RING, NOW, data);
    let kinds: Result<(), ErrorKind> = in_memory.map(|_| ()).map_err(|e| e.kind());
    assert_eq!(
        kinds,
        streamed(data).map_err(|e| e.kind()),
        "streaming verdict differs"
    );
    if let Ok(v) = in_memory {
        let f = &*FIXTURE;
        if *v.descriptor() == f.descriptor {
            let mut at = v.byte_offset() as usize;
            for k in 0..v.chunk_count() {
                let chunk = v.chunk(k).expect("verified chunk");
                assert_eq!(chunk, &f.plaintext[at..at + chunk.len()]);
                at += chunk.len();
            }
        }
    }
});
