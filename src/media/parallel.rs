//! Parallel sealing and opening of attachments held in memory (feature
//! `std`): chunks are independent (each has its own keystream and leaf), so
//! contiguous runs of chunks go to scoped threads; the tree over the leaves
//! is then built in one pass. The bytes are exactly those of the
//! single-threaded path.

use std::thread;
use std::vec;
use std::vec::Vec;

use super::range::Records;
use super::seal::{TreeBuilder, check_chunk};
use super::{
    AttachmentDescriptor, AttachmentKey, AttachmentNonce, AttachmentRoot, CHUNK_SIZE,
    RangeVerifier, VerifiedRange, crypt_and_commit, leaf, open_chunk_at, recrypt,
};
use crate::Error;
use crate::platform::Keyring;
use crate::wire::MediaReportHead;

/// Below this many chunks (2 MiB) starting threads costs more than it saves
/// (and under load their start can be delayed by milliseconds): the calling
/// thread does the work.
const MIN_PARALLEL_CHUNKS: usize = 32;

fn thread_count(requested: usize, chunks: usize) -> usize {
    if chunks < MIN_PARALLEL_CHUNKS && requested == 0 {
        return 1;
    }
    if requested > 0 {
        requested
    } else {
        thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// Seals `data` in place on `threads` threads (0: one per available core),
/// with a fresh attachment nonce drawn from `rng`; returns the descriptor
/// and the outboard tree.
pub fn seal_in_place_parallel<R: rand_core::CryptoRng + ?Sized>(
    key: &AttachmentKey,
    rng: &mut R,
    data: &mut [u8],
    threads: usize,
) -> Result<(AttachmentDescriptor, Vec<u8>), Error> {
    let n = data.len().div_ceil(CHUNK_SIZE).max(1);
    let last_len = data.len() - (n - 1) * CHUNK_SIZE;
    check_chunk(false, n as u64 - 1, last_len, true)?;
    let mut nonce = [0u8; 16];
    rng.fill_bytes(&mut nonce);
    let nonce = AttachmentNonce::from_bytes(nonce);
    let chunk_key = key.chunk_key(&nonce);
    let key = &chunk_key;
    let mut leaves = vec![[0u8; 32]; n];
    let workers = thread_count(threads, n);
    let per_thread = n.div_ceil(workers);
    let seal_run = move |group: usize, bytes: &mut [u8], leaves: &mut [[u8; 32]]| {
        let first = group * per_thread;
        for (k, (chunk, leaf)) in bytes
            .chunks_mut(CHUNK_SIZE)
            .zip(leaves.iter_mut())
            .enumerate()
        {
            let index = (first + k) as u64;
            *leaf = crypt_and_commit(key, index, first + k + 1 == n, chunk, true);
        }
    };
    if workers == 1 {
        seal_run(0, data, &mut leaves);
    } else {
        thread::scope(|scope| {
            for (group, (bytes, leaves)) in data
                .chunks_mut(per_thread * CHUNK_SIZE)
                .zip(leaves.chunks_mut(per_thread))
                .enumerate()
            {
                scope.spawn(move || seal_run(group, bytes, leaves));
            }
        });
    }
    // The empty attachment has no chunk in `data`: its one leaf is sealed here.
    if data.is_empty()
        && let Some(leaf) = leaves.first_mut()
    {
        *leaf = crypt_and_commit(key, 0, true, &mut [], true);
    }
    let mut tree = Vec::with_capacity((n - 1) * 64);
    let mut builder = TreeBuilder::new();
    let mut root = [0u8; 32];
    for (i, leaf) in leaves.iter().enumerate() {
        let (records, done) = builder.push_leaf(*leaf, i + 1 == n);
        tree.extend_from_slice(records);
        if let Some(done) = done {
            root = done;
        }
    }
    let descriptor =
        AttachmentDescriptor::new(data.len() as u64, AttachmentRoot::from_bytes(root), nonce)?;
    Ok((descriptor, tree))
}

/// Opens a whole attachment in place on `threads` threads (0: one per
/// available core), each chunk checked along its path from the root.
///
/// The failure state is that of the single-threaded paths: on any error
/// `data` holds the ciphertext it was given and no plaintext. For
/// [`Error::Malformed`] (`data` is not the attachment's length) `data` is
/// untouched; when any chunk fails ([`Error::Invalid`], or an error of the
/// tree) the chunks other threads already opened are encrypted again before
/// this returns.
pub fn open_in_place_parallel(
    key: &AttachmentKey,
    descriptor: &AttachmentDescriptor,
    data: &mut [u8],
    tree: &[u8],
    threads: usize,
) -> Result<(), Error> {
    if data.len() as u64 != descriptor.len() {
        return Err(Error::Malformed {
            field: "attachment length",
            offset: 0,
        });
    }
    let n = descriptor.chunk_count() as usize;
    let per_thread = n.div_ceil(thread_count(threads, n));
    if data.is_empty() {
        return open_chunk_at(key, descriptor, 0, data, &mut &tree[..]);
    }
    // Which chunks hold plaintext, to encrypt them again if another fails.
    let mut opened = vec![false; n];
    let results: Vec<Result<(), Error>> = thread::scope(|scope| {
        let handles: Vec<_> = data
            .chunks_mut(per_thread * CHUNK_SIZE)
            .zip(opened.chunks_mut(per_thread))
            .enumerate()
            .map(|(group, (bytes, opened))| {
                scope.spawn(move || {
                    let mut result = Ok(());
                    for (k, (chunk, opened)) in bytes.chunks_mut(CHUNK_SIZE).zip(opened).enumerate()
                    {
                        let index = (group * per_thread + k) as u64;
                        let r = open_chunk_at(key, descriptor, index, chunk, &mut &tree[..]);
                        *opened = r.is_ok();
                        if result.is_ok() {
                            result = r;
                        }
                    }
                    result
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Err(Error::Invalid)))
            .collect()
    });
    let Some(error) = results.into_iter().find_map(Result::err) else {
        return Ok(());
    };
    let last = n - 1;
    let chunk_key = key.chunk_key(descriptor.nonce());
    for (index, (chunk, opened)) in data.chunks_mut(CHUNK_SIZE).zip(opened).enumerate() {
        if opened {
            recrypt(&chunk_key, index as u64, index == last, chunk);
        }
    }
    Err(error)
}

/// [`verify_media_report`](super::verify_media_report) with the chunk
/// commitments computed on `threads` threads (0: one per available core):
/// same checks, same errors (variant, field and offset), same verdict, and
/// the same [`VerifiedRange::chunk`] access to the verified bytes.
pub fn verify_media_report_parallel<'a, const N: usize>(
    keyring: &Keyring<N>,
    now: u64,
    bytes: &'a [u8],
    threads: usize,
) -> Result<VerifiedRange<'a>, Error> {
    let (head, head_len) = MediaReportHead::decode_prefix(bytes)?;
    let mut verifier = RangeVerifier::new(keyring, now, &head)?;
    // Split the records as the in-memory verifier does (same errors); the
    // list grows only with records that are actually there.
    let mut records = Records::new(&verifier, bytes, head_len);
    let mut spans: Vec<(u64, bool, &'a [u8])> = Vec::new();
    while let Some(record) = records.next_record() {
        let (index, record) = record?;
        spans.push((index, verifier.is_last(index), record));
    }
    records.finish()?;
    let count = spans.len();
    let mut leaves = vec![[0u8; 32]; count];
    let workers = thread_count(threads, count).max(1);
    let per_thread = count.div_ceil(workers).max(1);
    let commit_run = |spans: &[(u64, bool, &[u8])], leaves: &mut [[u8; 32]]| {
        for ((index, last, record), out) in spans.iter().zip(leaves.iter_mut()) {
            if let Some((opening, plaintext)) = record.split_first_chunk::<32>() {
                *out = leaf(opening, *index, *last, plaintext);
            }
        }
    };
    if workers == 1 {
        commit_run(&spans, &mut leaves);
    } else {
        thread::scope(|scope| {
            for (spans, leaves) in spans.chunks(per_thread).zip(leaves.chunks_mut(per_thread)) {
                scope.spawn(move || commit_run(spans, leaves));
            }
        });
    }
    for ((_, _, record), leaf) in spans.iter().zip(leaves) {
        verifier.update_with(record.len().saturating_sub(32), |_, _| leaf)?;
    }
    verifier.finish_with(bytes.get(head_len..).unwrap_or_default())
}
