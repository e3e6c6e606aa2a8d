//! Media reports read from a stream (feature `std`): the head, then the
//! chunk records in constant memory, with the verified bytes handed over
//! only once the whole report verified.

use std::io::{self, Read, Write};
use std::vec;
use std::vec::Vec;

use zeroize::Zeroizing;

use super::{fill_from, has_more, truncated};
use crate::Error;
use crate::media::{CHUNK_SIZE, RangeVerifier, VerifiedRange};
use crate::platform::Keyring;
use crate::wire::{MEDIA_REPORT_LABEL, MediaReportHead};

/// Reads the head of a media report (everything before the chunks) from a
/// stream, for [`MediaReportHead::decode_prefix`](crate::wire::MediaReportHead::decode_prefix).
///
/// Memory grows only with bytes that actually arrive, whatever length the
/// head claims. Errors: a wrong label is `InvalidData`; a stream that ends
/// inside the head is `UnexpectedEof` with the [`Error`] that
/// `decode_prefix` gives for the bytes that did arrive (the field and offset
/// where they end).
pub fn read_media_report_head<R: Read>(input: &mut R) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(20);
    read_head_part(input, &mut head, 20)?;
    if head.get(..16) != Some(&MEDIA_REPORT_LABEL[..]) {
        return Err(Error::Malformed {
            field: "media report label",
            offset: 0,
        }
        .into());
    }
    let mut len = [0u8; 4];
    len.copy_from_slice(head.get(16..20).unwrap_or_default());
    let mr_len = u64::from(u32::from_be_bytes(len));
    // The message report, then index, first chunk, chunk count and proof count.
    read_head_part(input, &mut head, mr_len.saturating_add(2 + 8 + 8 + 1))?;
    let p = u64::from(head.last().copied().unwrap_or(0));
    read_head_part(input, &mut head, 32 * p)?;
    Ok(head)
}

/// Appends exactly `n` bytes of the head from `input` to `head`; if the
/// stream ends first, the decoder's error for the truncated head.
fn read_head_part<R: Read>(input: &mut R, head: &mut Vec<u8>, n: u64) -> io::Result<()> {
    let before = head.len() as u64;
    input.take(n).read_to_end(head)?;
    if head.len() as u64 - before == n {
        return Ok(());
    }
    let error = match MediaReportHead::decode_prefix(head) {
        Err(error) => error,
        // Not reached: a head cut short does not decode.
        Ok(_) => Error::Malformed {
            field: "media report head",
            offset: head.len(),
        },
    };
    Err(truncated(error))
}

/// Feeds the reported chunks from `input` to `verifier`, offsets in errors
/// counted from `base`; hands each chunk's plaintext to `sink`. An error of
/// `input` or `sink` ends the verification (the record being read is lost).
fn stream_chunks<R: Read + ?Sized, S: Write + ?Sized>(
    verifier: &mut RangeVerifier<'_>,
    input: &mut R,
    sink: &mut S,
    base: usize,
) -> io::Result<()> {
    let mut record = Zeroizing::new(vec![0u8; 32 + CHUNK_SIZE]);
    let mut offset = base;
    while let Some(len) = verifier.next_chunk_len() {
        let bytes = record.get_mut(..32 + len).unwrap_or_default();
        if !fill_from(input, bytes, &mut 0)? {
            return Err(truncated(Error::Malformed {
                field: "chunk",
                offset,
            }));
        }
        verifier.update_record(bytes)?;
        sink.write_all(bytes.get(32..).unwrap_or_default())?;
        offset = offset.saturating_add(bytes.len());
    }
    if has_more(input)? {
        return Err(Error::Malformed {
            field: "trailing bytes",
            offset,
        }
        .into());
    }
    Ok(())
}

/// Feeds every reported chunk from `input` to `verifier` in constant memory
/// and checks that the stream ends after the last; then call
/// [`RangeVerifier::finish`]. The chunks' bytes are discarded: to keep them,
/// use [`verify_media_report_stream`].
///
/// Errors: a stream that ends inside a chunk record is `UnexpectedEof` with
/// [`Error::Malformed`] `"chunk"`, a byte after the last record
/// `InvalidData` with `"trailing bytes"`, both at offsets counted from the
/// first chunk record (the end of the head).
pub fn feed_media_report_chunks<R: Read>(
    verifier: &mut RangeVerifier<'_>,
    input: &mut R,
) -> io::Result<()> {
    stream_chunks(verifier, input, &mut io::sink(), 0)
}

/// Reads and verifies a whole media report from a stream in constant
/// memory, and hands the verified bytes over: the plaintext of the reported
/// chunks, in order (the attachment's bytes from
/// [`VerifiedRange::byte_offset`], [`VerifiedRange::byte_len`] of them), is
/// written to `sink`, which is returned only once the report verified.
///
/// Give the sink by value and for this report only (a `Vec<u8>`, a new
/// temporary file): on error it is dropped, and whatever it received is
/// unverified and must be discarded. `head` receives the report's head, which
/// the verdict borrows.
///
/// Same checks and, for the same bytes, the same [`Error`] (variant, field
/// and offset from the start of the report) as
/// [`verify_media_report`](crate::media::verify_media_report), inside the
/// `io::Error` as the module docs say: `UnexpectedEof` where the report is
/// cut short, `InvalidData` for any other failure.
pub fn verify_media_report_stream<'a, const N: usize, R: Read, W: Write>(
    keyring: &Keyring<N>,
    now: u64,
    input: &mut R,
    head: &'a mut Vec<u8>,
    mut sink: W,
) -> io::Result<(VerifiedRange<'a>, W)> {
    *head = read_media_report_head(input)?;
    let head: &'a Vec<u8> = head;
    let (decoded, head_len) = MediaReportHead::decode_prefix(head)?;
    let mut verifier = RangeVerifier::new(keyring, now, &decoded)?;
    stream_chunks(&mut verifier, input, &mut sink, head_len)?;
    let verified = verifier.finish()?;
    sink.flush()?;
    Ok((verified, sink))
}
