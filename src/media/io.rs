//! `std` adapters (feature `std`): seal and open attachments between
//! `Read`/`Write` streams in constant memory (two chunk buffers), store the
//! outboard tree in any `Read + Seek`, and verify a media report read from a
//! stream. Errors of the crate are wrapped as `io::ErrorKind::InvalidData`
//! with the [`Error`] inside.

use std::io::{self, Read, Seek, SeekFrom, Write};
use std::vec;
use std::vec::Vec;

use super::{
    AttachmentDescriptor, AttachmentKey, AttachmentOpener, AttachmentSealer, CHUNK_SIZE,
    RangeVerifier, TREE_RECORD_LEN, TreeSource,
};
use crate::Error;
use crate::wire::MEDIA_REPORT_LABEL;

fn invalid_data(error: Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, error)
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn read_full<R: Read + ?Sized>(input: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(buf.get_mut(filled..).unwrap_or_default()) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Seals everything `input` yields, writing the ciphertext blob and the
/// outboard tree as it goes, with a fresh attachment nonce drawn from `rng`;
/// returns the descriptor for the message.
pub fn seal_stream<G: rand_core::CryptoRng + ?Sized, R: Read, W: Write, T: Write>(
    key: AttachmentKey,
    rng: &mut G,
    mut input: R,
    mut ciphertext: W,
    mut tree: T,
) -> io::Result<AttachmentDescriptor> {
    let mut writer = AttachmentWriter::new(key, rng, &mut ciphertext, &mut tree);
    io::copy(&mut input, &mut writer)?;
    let (descriptor, _, _) = writer.finish()?;
    Ok(descriptor)
}

/// A `Write` that seals what is written to it: full chunks are sealed and
/// written out as soon as the next byte shows they are not the last;
/// [`finish`](Self::finish) seals the last chunk.
pub struct AttachmentWriter<W: Write, T: Write> {
    sealer: AttachmentSealer,
    buf: Vec<u8>,
    filled: usize,
    ciphertext: W,
    tree: T,
}

impl<W: Write, T: Write> AttachmentWriter<W, T> {
    /// Seals under `key`, with a fresh attachment nonce drawn from `rng`,
    /// into `ciphertext` and `tree`.
    pub fn new<G: rand_core::CryptoRng + ?Sized>(
        key: AttachmentKey,
        rng: &mut G,
        ciphertext: W,
        tree: T,
    ) -> Self {
        Self {
            sealer: AttachmentSealer::new(key, rng),
            buf: vec![0u8; CHUNK_SIZE],
            filled: 0,
            ciphertext,
            tree,
        }
    }

    fn seal_buffered(&mut self, last: bool) -> io::Result<()> {
        let chunk = self.buf.get_mut(..self.filled).unwrap_or_default();
        let records = self.sealer.seal_chunk(chunk, last).map_err(invalid_data)?;
        self.tree.write_all(records)?;
        self.ciphertext.write_all(chunk)?;
        self.filled = 0;
        Ok(())
    }

    /// Seals the last chunk, flushes both outputs and returns the descriptor
    /// with the writers.
    pub fn finish(mut self) -> io::Result<(AttachmentDescriptor, W, T)> {
        self.seal_buffered(true)?;
        self.ciphertext.flush()?;
        self.tree.flush()?;
        let descriptor = self.sealer.descriptor().map_err(invalid_data)?;
        Ok((descriptor, self.ciphertext, self.tree))
    }
}

impl<W: Write, T: Write> Write for AttachmentWriter<W, T> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        if self.filled == CHUNK_SIZE {
            self.seal_buffered(false)?;
        }
        let room = self.buf.get_mut(self.filled..).unwrap_or_default();
        let n = room.len().min(data.len());
        room.get_mut(..n)
            .unwrap_or_default()
            .copy_from_slice(data.get(..n).unwrap_or_default());
        self.filled += n;
        Ok(n)
    }

    /// Flushes the outputs; the buffered chunk stays until it is known
    /// whether it is the last.
    fn flush(&mut self) -> io::Result<()> {
        self.ciphertext.flush()?;
        self.tree.flush()
    }
}

impl<W: Write, T: Write> core::fmt::Debug for AttachmentWriter<W, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AttachmentWriter")
            .field("sealer", &self.sealer)
            .finish_non_exhaustive()
    }
}

/// An outboard tree in a seekable store (a file): record `i` is read from
/// byte `64 i`.
#[derive(Debug)]
pub struct SeekTree<T: Read + Seek>(pub T);

impl<T: Read + Seek> TreeSource for SeekTree<T> {
    fn read_record(&mut self, index: u64, record: &mut [u8; TREE_RECORD_LEN]) -> Result<(), Error> {
        let offset = index.saturating_mul(TREE_RECORD_LEN as u64);
        let malformed = Error::Malformed {
            field: "outboard tree",
            offset: usize::try_from(offset).unwrap_or(usize::MAX),
        };
        self.0
            .seek(SeekFrom::Start(offset))
            .map_err(|_| malformed)?;
        self.0.read_exact(record).map_err(|_| malformed)
    }
}

/// A `Read` that opens an attachment from its ciphertext stream: each chunk
/// is read, verified and only then served. A truncated or extended
/// ciphertext, or any failed chunk, is an `InvalidData` error.
pub struct AttachmentReader<'k, R: Read, T: TreeSource> {
    opener: AttachmentOpener<'k>,
    ciphertext: R,
    tree: T,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    done: bool,
}

impl<'k, R: Read, T: TreeSource> AttachmentReader<'k, R, T> {
    /// Opens the attachment `descriptor` describes under `key`.
    pub fn new(
        key: &'k AttachmentKey,
        descriptor: AttachmentDescriptor,
        ciphertext: R,
        tree: T,
    ) -> Self {
        Self {
            opener: AttachmentOpener::new(key, descriptor),
            ciphertext,
            tree,
            buf: vec![0u8; CHUNK_SIZE],
            pos: 0,
            len: 0,
            done: false,
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        let Some(len) = self.opener.next_chunk_len() else {
            // Every chunk is open: the ciphertext must end here.
            let mut extra = [0u8; 1];
            if read_full(&mut self.ciphertext, &mut extra)? != 0 {
                return Err(invalid_data(Error::Malformed {
                    field: "bytes after the last chunk",
                    offset: 0,
                }));
            }
            self.done = true;
            return Ok(());
        };
        let chunk = self.buf.get_mut(..len).unwrap_or_default();
        if read_full(&mut self.ciphertext, chunk)? != len {
            return Err(invalid_data(Error::Malformed {
                field: "missing chunks",
                offset: 0,
            }));
        }
        self.opener
            .open_next(chunk, &mut self.tree)
            .map_err(invalid_data)?;
        self.pos = 0;
        self.len = len;
        Ok(())
    }
}

impl<R: Read, T: TreeSource> Read for AttachmentReader<'_, R, T> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.len && !self.done && !out.is_empty() {
            self.fill()?;
        }
        let available = self.buf.get(self.pos..self.len).unwrap_or_default();
        let n = available.len().min(out.len());
        out.get_mut(..n)
            .unwrap_or_default()
            .copy_from_slice(available.get(..n).unwrap_or_default());
        self.pos += n;
        Ok(n)
    }
}

impl<R: Read, T: TreeSource> core::fmt::Debug for AttachmentReader<'_, R, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AttachmentReader")
            .field("opener", &self.opener)
            .finish_non_exhaustive()
    }
}

/// Reads the head of a media report (everything before the chunks) from a
/// stream, for [`MediaReportHead::decode_prefix`](crate::wire::MediaReportHead::decode_prefix).
pub fn read_media_report_head<R: Read>(input: &mut R) -> io::Result<Vec<u8>> {
    let mut head = vec![0u8; 20];
    input.read_exact(&mut head)?;
    if head.get(..16) != Some(&MEDIA_REPORT_LABEL[..]) {
        return Err(invalid_data(Error::Malformed {
            field: "media report label",
            offset: 0,
        }));
    }
    let mut len = [0u8; 4];
    len.copy_from_slice(head.get(16..20).unwrap_or_default());
    let mr_len = u32::from_be_bytes(len) as usize;
    // The message report, then index, first chunk, chunk count and proof
    // count. Read through `take`, so that memory grows only with bytes that
    // actually arrive, whatever length the prefix claims.
    let fixed = mr_len + 2 + 8 + 8 + 1;
    read_exactly(input, &mut head, fixed)?;
    let p = usize::from(head.last().copied().unwrap_or(0));
    read_exactly(input, &mut head, 32 * p)?;
    Ok(head)
}

/// Appends exactly `n` bytes from `input` to `out`, or fails with `UnexpectedEof`.
fn read_exactly<R: Read>(input: &mut R, out: &mut Vec<u8>, n: usize) -> io::Result<()> {
    let before = out.len();
    input.take(n as u64).read_to_end(out)?;
    if out.len() - before != n {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

/// Feeds every reported chunk from `input` to `verifier` in constant memory
/// and checks that the stream ends after the last; then call
/// [`RangeVerifier::finish`].
pub fn feed_media_report_chunks<R: Read>(
    verifier: &mut RangeVerifier<'_>,
    input: &mut R,
) -> io::Result<()> {
    let mut record = vec![0u8; 32 + CHUNK_SIZE];
    while let Some(len) = verifier.next_chunk_len() {
        let bytes = record.get_mut(..32 + len).unwrap_or_default();
        input.read_exact(bytes)?;
        verifier.update_record(bytes).map_err(invalid_data)?;
    }
    let mut extra = [0u8; 1];
    if read_full(input, &mut extra)? != 0 {
        return Err(invalid_data(Error::Malformed {
            field: "trailing bytes",
            offset: 0,
        }));
    }
    Ok(())
}
