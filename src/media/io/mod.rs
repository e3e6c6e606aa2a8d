//! `std` adapters (feature `std`): seal and open attachments between
//! `Read`/`Write` streams in constant memory (two chunk buffers), store the
//! outboard tree in any `Read + Seek`, and verify a media report read from a
//! stream.
//!
//! The attachment adapters are here, the media report ones in `report`.
//!
//! Errors of the crate travel inside the `io::Error` (`From<Error>`), with an
//! `io::ErrorKind` that says what happened: `UnexpectedEof` for an input that
//! ends too early (the inner error is the [`Error::Malformed`] the in-memory
//! decoder gives for the same bytes), `InvalidData` for a failed check or a
//! malformed input, `FileTooLarge` beyond the attachment size limit and
//! `InvalidInput` for a caller mistake. [`Error::from_io`] gets the crate's
//! error back (and with it [`Error::kind`]). Errors of the streams themselves
//! pass through unchanged.

use std::io::{self, Read, Seek, SeekFrom, Write};
use std::vec;
use std::vec::Vec;

use zeroize::Zeroizing;

use super::{
    AttachmentDescriptor, AttachmentKey, AttachmentOpener, AttachmentSealer, CHUNK_SIZE,
    TREE_RECORD_LEN, TreeSource,
};
use crate::{Error, ErrorKind};

mod report;

pub use report::{feed_media_report_chunks, read_media_report_head, verify_media_report_stream};

/// The `io::ErrorKind` a crate error travels under (see the module docs).
fn io_kind(error: Error) -> io::ErrorKind {
    match error.kind() {
        ErrorKind::TooLong => io::ErrorKind::FileTooLarge,
        ErrorKind::BufferTooSmall
        | ErrorKind::KeyringFull
        | ErrorKind::DuplicateKeyId
        | ErrorKind::RetiringCurrentKey
        | ErrorKind::VerifyOnly
        | ErrorKind::InvalidInterval => io::ErrorKind::InvalidInput,
        ErrorKind::Invalid
        | ErrorKind::Malformed
        | ErrorKind::UnsupportedVersion
        | ErrorKind::UnknownKey
        | ErrorKind::Expired
        | ErrorKind::FromFuture
        | ErrorKind::OutsideKeyInterval
        | ErrorKind::WeakKey
        | ErrorKind::ReceiptMismatch
        | ErrorKind::WrongEncoding => io::ErrorKind::InvalidData,
    }
}

/// A crate error as an `io::Error`: `FileTooLarge` for [`Error::TooLong`],
/// `InvalidInput` for the caller's mistakes (a small buffer, a keyring
/// misused), `InvalidData` for everything else. [`Error::from_io`] reverses it.
impl From<Error> for io::Error {
    fn from(error: Error) -> Self {
        io::Error::new(io_kind(error), error)
    }
}

/// An input that ended inside `error`'s field: `UnexpectedEof`.
pub(super) fn truncated(error: Error) -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, error)
}

impl Error {
    /// The crate's error inside an `io::Error` returned by the media stream
    /// adapters (feature `std`), or `None` for an error of the stream itself.
    ///
    /// ```
    /// use franking::{Error, ErrorKind};
    /// let e = std::io::Error::from(Error::Invalid);
    /// assert_eq!(Error::from_io(&e).map(|e| e.kind()), Some(ErrorKind::Invalid));
    /// assert_eq!(Error::from_io(&std::io::ErrorKind::TimedOut.into()), None);
    /// ```
    pub fn from_io(error: &io::Error) -> Option<Error> {
        error.get_ref()?.downcast_ref::<Error>().copied()
    }
}

/// Reads until `buf[*filled..]` is full or the input ends, advancing
/// `filled` as bytes arrive (so that a call after an error resumes where it
/// stopped); `Ok(false)` if the input ended first.
pub(super) fn fill_from<R: Read + ?Sized>(
    input: &mut R,
    buf: &mut [u8],
    filled: &mut usize,
) -> io::Result<bool> {
    while let Some(room) = buf.get_mut(*filled..).filter(|room| !room.is_empty()) {
        match input.read(room) {
            Ok(0) => return Ok(false),
            Ok(n) => *filled += n.min(room.len()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// Whether `input` has at least one more byte.
pub(super) fn has_more<R: Read + ?Sized>(input: &mut R) -> io::Result<bool> {
    let mut extra = [0u8; 1];
    let mut got = 0;
    fill_from(input, &mut extra, &mut got)
}

/// Writes `bytes[*written..]` to `sink`, advancing `written` as the sink
/// takes bytes (so that a call after an error resumes where it stopped).
fn drain_to<S: Write + ?Sized>(sink: &mut S, bytes: &[u8], written: &mut usize) -> io::Result<()> {
    while let Some(rest) = bytes.get(*written..).filter(|rest| !rest.is_empty()) {
        match sink.write(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => *written += n.min(rest.len()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
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
///
/// A sealed chunk and its tree records stay pending until both sinks have
/// taken every byte. If a sink fails (`WouldBlock`, `TimedOut`, ...),
/// `write` returns its error having accepted none of the new bytes, and the
/// next `write`, `flush` or `finish` first hands the sinks the rest of what
/// is pending: a retry, as the `Write` contract allows, seals every byte
/// once, in order.
pub struct AttachmentWriter<W: Write, T: Write> {
    sealer: AttachmentSealer,
    /// Plaintext being gathered, or once `sealed`, the chunk's ciphertext.
    buf: Zeroizing<Vec<u8>>,
    filled: usize,
    /// Whether `buf[..filled]` is a sealed chunk the sinks have not all taken.
    sealed: bool,
    ciphertext_written: usize,
    /// Tree records the sealed chunk completed, and how much of them the
    /// tree sink has taken.
    records: Vec<u8>,
    records_written: usize,
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
            buf: Zeroizing::new(vec![0u8; CHUNK_SIZE]),
            filled: 0,
            sealed: false,
            ciphertext_written: 0,
            records: Vec::new(),
            records_written: 0,
            ciphertext,
            tree,
        }
    }

    /// Hands the sinks what is pending of the sealed chunk; then the buffer
    /// is free for the next chunk.
    fn drain(&mut self) -> io::Result<()> {
        if !self.sealed {
            return Ok(());
        }
        drain_to(&mut self.tree, &self.records, &mut self.records_written)?;
        let chunk = self.buf.get(..self.filled).unwrap_or_default();
        drain_to(&mut self.ciphertext, chunk, &mut self.ciphertext_written)?;
        self.sealed = false;
        self.filled = 0;
        self.ciphertext_written = 0;
        self.records.clear();
        self.records_written = 0;
        Ok(())
    }

    fn seal_buffered(&mut self, last: bool) -> io::Result<()> {
        let chunk = self.buf.get_mut(..self.filled).unwrap_or_default();
        let records = self.sealer.seal_chunk(chunk, last)?;
        self.records.clear();
        self.records.extend_from_slice(records);
        self.sealed = true;
        self.drain()
    }

    /// Seals the last chunk, flushes both outputs and returns the descriptor
    /// with the writers. A sink error is returned as is; the attachment is
    /// then incomplete.
    pub fn finish(mut self) -> io::Result<(AttachmentDescriptor, W, T)> {
        self.drain()?;
        self.seal_buffered(true)?;
        self.ciphertext.flush()?;
        self.tree.flush()?;
        let descriptor = self.sealer.descriptor()?;
        Ok((descriptor, self.ciphertext, self.tree))
    }
}

impl<W: Write, T: Write> Write for AttachmentWriter<W, T> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        self.drain()?;
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

    /// Hands the sinks what is pending and flushes them; the buffered
    /// plaintext stays until it is known whether it is the last chunk.
    fn flush(&mut self) -> io::Result<()> {
        self.drain()?;
        self.ciphertext.flush()?;
        self.tree.flush()
    }
}

impl<W: Write, T: Write> core::fmt::Debug for AttachmentWriter<W, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AttachmentWriter")
            .field("sealer", &self.sealer)
            .field("buffered", &self.filled)
            .field("pending", &self.sealed)
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
/// is read, verified and only then served.
///
/// Errors: a ciphertext that ends early is `UnexpectedEof` with
/// [`Error::Malformed`] `"chunk"` at the offset of the chunk it ends in; a
/// byte after the last chunk is `InvalidData` with `"trailing bytes"` at the
/// attachment's length; a failed chunk is `InvalidData` with
/// [`Error::Invalid`]. After such an error every further `read` fails with
/// it again. An error of the ciphertext stream itself (`WouldBlock`, ...)
/// passes through, and the next `read` resumes where it stopped.
pub struct AttachmentReader<'k, R: Read, T: TreeSource> {
    opener: AttachmentOpener<'k>,
    ciphertext: R,
    tree: T,
    /// The attachment's length, where its ciphertext must end.
    total: u64,
    buf: Zeroizing<Vec<u8>>,
    /// Ciphertext bytes of the next chunk read so far.
    got: usize,
    pos: usize,
    len: usize,
    done: bool,
    failed: Option<(io::ErrorKind, Error)>,
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
            total: descriptor.len(),
            buf: Zeroizing::new(vec![0u8; CHUNK_SIZE]),
            got: 0,
            pos: 0,
            len: 0,
            done: false,
            failed: None,
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        let at = |bytes: u64| usize::try_from(bytes).unwrap_or(usize::MAX);
        let Some(len) = self.opener.next_chunk_len() else {
            // Every chunk is open: the ciphertext must end here.
            if has_more(&mut self.ciphertext)? {
                return Err(self.fail(
                    io::ErrorKind::InvalidData,
                    Error::Malformed {
                        field: "trailing bytes",
                        offset: at(self.total),
                    },
                ));
            }
            self.done = true;
            return Ok(());
        };
        let chunk = self.buf.get_mut(..len).unwrap_or_default();
        if !fill_from(&mut self.ciphertext, chunk, &mut self.got)? {
            return Err(self.fail(
                io::ErrorKind::UnexpectedEof,
                Error::Malformed {
                    field: "chunk",
                    offset: at(self.opener.next_index().saturating_mul(CHUNK_SIZE as u64)),
                },
            ));
        }
        self.got = 0;
        if let Err(e) = self.opener.open_next(chunk, &mut self.tree) {
            return Err(self.fail(io_kind(e), e));
        }
        self.pos = 0;
        self.len = len;
        Ok(())
    }

    fn fail(&mut self, kind: io::ErrorKind, error: Error) -> io::Error {
        self.failed = Some((kind, error));
        io::Error::new(kind, error)
    }
}

impl<R: Read, T: TreeSource> Read for AttachmentReader<'_, R, T> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if let Some((kind, error)) = self.failed {
            return Err(io::Error::new(kind, error));
        }
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
