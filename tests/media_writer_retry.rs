//! `AttachmentWriter` stays consistent when a sink fails: a write retried
//! after `WouldBlock` or `TimedOut` (as the `Write` contract allows) seals
//! every byte exactly once, so the attachment opens to the bytes written;
//! and a sink that fails during `finish` makes `finish` fail rather than
//! return a descriptor for other bytes.
#![cfg(feature = "std")]

mod media_common;

use std::cell::Cell;
use std::io::{self, Write};
use std::rc::Rc;

use franking::media::{AttachmentKey, AttachmentWriter, CHUNK_SIZE, open_in_place_parallel};
use media_common::*;

/// A sink that, while `flaky` is set, fails calls 1, 4, 7, ... (alternating
/// `WouldBlock` and `TimedOut`) and otherwise takes at most `max` bytes.
struct FlakySink {
    bytes: Vec<u8>,
    calls: usize,
    max: usize,
    flaky: Rc<Cell<bool>>,
    failures: Rc<Cell<usize>>,
}

impl FlakySink {
    fn new(max: usize, flaky: &Rc<Cell<bool>>, failures: &Rc<Cell<usize>>) -> Self {
        Self {
            bytes: Vec::new(),
            calls: 0,
            max,
            flaky: flaky.clone(),
            failures: failures.clone(),
        }
    }
}

impl Write for FlakySink {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.calls += 1;
        if self.flaky.get() && self.calls % 3 == 1 {
            self.failures.set(self.failures.get() + 1);
            let kind = if self.calls.is_multiple_of(2) {
                io::ErrorKind::WouldBlock
            } else {
                io::ErrorKind::TimedOut
            };
            return Err(kind.into());
        }
        let n = data.len().min(self.max);
        self.bytes.extend_from_slice(&data[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.flaky.get() {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        Ok(())
    }
}

fn retryable(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Writes `data` in pieces of `piece` bytes, retrying each `write` that
/// failed with the same bytes.
fn write_retrying<W: Write>(w: &mut W, data: &[u8], piece: usize) {
    for mut rest in data.chunks(piece) {
        while !rest.is_empty() {
            match w.write(rest) {
                Ok(n) => rest = &rest[n..],
                Err(e) if retryable(&e) => {}
                Err(e) => panic!("unexpected error {e}"),
            }
        }
    }
}

#[test]
fn retried_writes_after_sink_errors_seal_every_byte_once() {
    let mut rng = TestRng(61);
    for len in [
        1,
        CHUNK_SIZE,
        CHUNK_SIZE + 10,
        2 * CHUNK_SIZE + 10,
        3 * CHUNK_SIZE,
    ] {
        for (piece, max) in [
            (CHUNK_SIZE + 7, usize::MAX),
            (5000, 777),
            (CHUNK_SIZE, 1 << 15),
        ] {
            let key = rng.array_bytes();
            let plaintext = bytes(&mut rng, len);
            let reference = seal(key, &plaintext);
            let flaky = Rc::new(Cell::new(true));
            let failures = Rc::new(Cell::new(0));
            let mut writer = AttachmentWriter::new(
                AttachmentKey::from_bytes(key),
                &mut nonce_rng(key),
                FlakySink::new(max, &flaky, &failures),
                FlakySink::new(max, &flaky, &failures),
            );
            write_retrying(&mut writer, &plaintext, piece);
            // Pending output is handed over by a retried flush too.
            loop {
                match writer.flush() {
                    Ok(()) => break,
                    Err(e) if retryable(&e) => flaky.set(false),
                    Err(e) => panic!("unexpected error {e}"),
                }
            }
            let (descriptor, ciphertext, tree) = writer.finish().unwrap();
            if len > CHUNK_SIZE {
                assert!(failures.get() > 0, "the sinks failed at least once");
            }
            assert_eq!(descriptor, reference.descriptor, "len {len}, piece {piece}");
            assert!(ciphertext.bytes == reference.ciphertext, "len {len}");
            assert_eq!(tree.bytes, reference.tree, "len {len}");
            let mut opened = ciphertext.bytes.clone();
            open_in_place_parallel(
                &AttachmentKey::from_bytes(key),
                &descriptor,
                &mut opened,
                &tree.bytes,
                1,
            )
            .unwrap();
            assert!(opened == plaintext, "len {len}");
        }
    }
}

#[test]
fn a_sink_failing_in_finish_fails_finish() {
    let mut rng = TestRng(62);
    let plaintext = bytes(&mut rng, 2 * CHUNK_SIZE + 10);
    let flaky = Rc::new(Cell::new(false));
    let failures = Rc::new(Cell::new(0));
    let key = rng.array_bytes();
    let mut writer = AttachmentWriter::new(
        AttachmentKey::from_bytes(key),
        &mut nonce_rng(key),
        FlakySink::new(usize::MAX, &flaky, &failures),
        FlakySink::new(usize::MAX, &flaky, &failures),
    );
    writer.write_all(&plaintext).unwrap();
    flaky.set(true);
    match writer.finish() {
        Ok(_) => panic!("finish returned a descriptor though a sink failed"),
        Err(e) => assert!(retryable(&e), "{e}"),
    }
}
