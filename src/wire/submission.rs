//! The report submission, reporter to moderator (SPEC.md 16.1):
//! `SUBMISSION_LABEL || 0x01 || u16(reason) || u16-prefixed reporter ||
//! u16-prefixed note || u16(count) || count entries`, each entry
//! `u8(kind) || u32(len) || a report of that kind`.

use super::{Reader, Writer};
use crate::Error;
use crate::conversation::ConversationReport;
use crate::report::Report;
use crate::submission::{EntryKind, ReasonCode, Submission, SubmissionEntry, SubmissionError};
use crate::wire::MediaReportHead;

/// First 16 bytes of a submission (SPEC.md 16.1). Not a hash input: it keeps
/// a submission apart from every other encoding.
pub const SUBMISSION_LABEL: &[u8; 16] = b"franking-v1-subm";
/// Version byte after the label.
pub const SUBMISSION_VERSION: u8 = 1;
/// Longest note a submission carries, in bytes of UTF-8.
pub const MAX_NOTE_LEN: usize = 4096;
/// Most entries a submission carries (its `u16` count).
pub const MAX_SUBMISSION_ENTRIES: usize = u16::MAX as usize;
/// Length of a submission with an empty reporter and note and no entries:
/// label, version, reason, two `u16` length prefixes and the count.
pub const SUBMISSION_FIXED_LEN: usize = 16 + 1 + 2 + 2 + 2 + 2;
/// Bytes an entry adds to its report: the kind byte and the `u32` length.
pub const ENTRY_FRAME_LEN: usize = 1 + 4;

/// Runs the decoder of the entry's kind over all of its bytes. For an
/// attachment report only the head decodes here: its chunks are read when
/// it is verified, against the verified descriptor (SPEC.md 14.6).
pub(crate) fn check_entry(entry: &SubmissionEntry<'_>) -> Result<(), Error> {
    match entry.kind() {
        EntryKind::Message => Report::decode(entry.bytes()).map(|_| ()),
        EntryKind::Conversation => ConversationReport::decode(entry.bytes()).map(|_| ()),
        EntryKind::Attachment => MediaReportHead::decode_prefix(entry.bytes()).map(|_| ()),
    }
}

/// Reads one entry's frame (kind and length) and bytes.
fn read_frame<'a>(r: &mut Reader<'a>) -> Result<SubmissionEntry<'a>, Error> {
    let kind_at = r.offset;
    let kind = r.u8("entry kind")?;
    let bytes = r.bytes_u32("entry")?;
    let kind = EntryKind::from_byte(kind).ok_or(Error::Malformed {
        field: "entry kind",
        offset: kind_at,
    })?;
    Ok(SubmissionEntry::new(kind, bytes))
}

/// Reads the next entry of a submission that [`Submission::decode`] already
/// accepted. `None` only on input decoding would have rejected.
pub(crate) fn next_frame<'a>(rest: &mut &'a [u8]) -> Option<SubmissionEntry<'a>> {
    let (&kind, tail) = rest.split_first()?;
    let (len, tail) = tail.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
    let (bytes, tail) = tail.split_at_checked(len)?;
    *rest = tail;
    Some(SubmissionEntry::new(EntryKind::from_byte(kind)?, bytes))
}

impl<'a> Submission<'a> {
    /// Parses a submission (SPEC.md 16.1), borrowing every field, and
    /// decodes every entry with the decoder of its kind.
    ///
    /// Errors, the first failure deciding: [`SubmissionError::Encoding`]
    /// for the submission's own fields ([`Error::Malformed`] for a wrong
    /// label, a truncated field, an overrunning length prefix, a note that is
    /// not UTF-8, a count of 0 or trailing bytes; [`Error::UnsupportedVersion`]
    /// for a version other than 1; [`Error::TooLong`] for a note over
    /// [`MAX_NOTE_LEN`]); [`SubmissionError::Entry`] with the entry's index
    /// for a truncated or unknown entry frame (offsets in `bytes`), or the
    /// error of the entry's own decoder (offsets from the entry's first
    /// byte). Every accepted input re-encodes to itself.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, SubmissionError> {
        let mut r = Reader::new(bytes);
        let own = SubmissionError::Encoding;
        if r.array::<16>("submission label").map_err(own)? != SUBMISSION_LABEL {
            return Err(own(Error::Malformed {
                field: "submission label",
                offset: 0,
            }));
        }
        match r.u8("version").map_err(own)? {
            SUBMISSION_VERSION => {}
            version => return Err(own(Error::UnsupportedVersion { version })),
        }
        let reason = ReasonCode::new(u16::from_be_bytes(*r.array("reason").map_err(own)?));
        let reporter = r.bytes_u16("reporter").map_err(own)?;
        let note_at = r.offset;
        let note = r.bytes_u16("note").map_err(own)?;
        if note.len() > MAX_NOTE_LEN {
            return Err(own(Error::TooLong {
                field: "note",
                max: MAX_NOTE_LEN,
            }));
        }
        let note = core::str::from_utf8(note).map_err(|_| {
            own(Error::Malformed {
                field: "note",
                offset: note_at,
            })
        })?;
        let count_at = r.offset;
        let count = usize::from(u16::from_be_bytes(*r.array("count").map_err(own)?));
        if count == 0 {
            return Err(own(Error::Malformed {
                field: "count",
                offset: count_at,
            }));
        }
        let entries = r.rest;
        for index in 0..count {
            let entry = |error| SubmissionError::Entry { index, error };
            let frame = read_frame(&mut r).map_err(entry)?;
            check_entry(&frame).map_err(entry)?;
        }
        r.finish().map_err(own)?;
        Ok(Self::new(reason, reporter, note, count, entries))
    }

    /// Length of the submission of these fields, after the checks
    /// [`encode_into`](Self::encode_into) makes.
    pub fn encoded_len(
        reporter: &[u8],
        note: &str,
        entries: &[SubmissionEntry<'_>],
    ) -> Result<usize, SubmissionError> {
        let own = SubmissionError::Encoding;
        if reporter.len() > super::MAX_ID_LEN {
            return Err(own(Error::TooLong {
                field: "reporter",
                max: super::MAX_ID_LEN,
            }));
        }
        if note.len() > MAX_NOTE_LEN {
            return Err(own(Error::TooLong {
                field: "note",
                max: MAX_NOTE_LEN,
            }));
        }
        if entries.is_empty() {
            return Err(own(Error::Malformed {
                field: "count",
                offset: SUBMISSION_FIXED_LEN - 2 + reporter.len() + note.len(),
            }));
        }
        if entries.len() > MAX_SUBMISSION_ENTRIES {
            return Err(own(Error::TooLong {
                field: "submission entries",
                max: MAX_SUBMISSION_ENTRIES,
            }));
        }
        let mut len = SUBMISSION_FIXED_LEN + reporter.len() + note.len();
        for (index, entry) in entries.iter().enumerate() {
            let error = |error| SubmissionError::Entry { index, error };
            if entry.bytes().len() > u32::MAX as usize {
                return Err(error(Error::TooLong {
                    field: "entry",
                    max: u32::MAX as usize,
                }));
            }
            check_entry(entry).map_err(error)?;
            len = len
                .checked_add(ENTRY_FRAME_LEN)
                .and_then(|l| l.checked_add(entry.bytes().len()))
                .ok_or(own(Error::TooLong {
                    field: "submission",
                    max: usize::MAX,
                }))?;
        }
        Ok(len)
    }

    /// Encodes a submission into the front of `out`; returns its length.
    ///
    /// Refuses what [`decode`](Self::decode) would refuse, with the same
    /// error: no entries, an entry its kind's decoder rejects
    /// ([`SubmissionError::Entry`]); a note over [`MAX_NOTE_LEN`], a reporter
    /// over [`MAX_ID_LEN`](super::MAX_ID_LEN) bytes, more than 65535 entries
    /// or an entry of 2^32 bytes or more are [`Error::TooLong`]; a short `out`
    /// is [`Error::BufferTooSmall`].
    pub fn encode_into(
        reason: ReasonCode,
        reporter: &[u8],
        note: &str,
        entries: &[SubmissionEntry<'_>],
        out: &mut [u8],
    ) -> Result<usize, SubmissionError> {
        let own = SubmissionError::Encoding;
        let len = Self::encoded_len(reporter, note, entries)?;
        let out = out
            .get_mut(..len)
            .ok_or(own(Error::BufferTooSmall { needed: len }))?;
        let mut w = Writer::new(out);
        w.put(SUBMISSION_LABEL).map_err(own)?;
        w.put(&[SUBMISSION_VERSION]).map_err(own)?;
        w.put(&reason.code().to_be_bytes()).map_err(own)?;
        w.bytes_u16("reporter", reporter).map_err(own)?;
        w.bytes_u16("note", note.as_bytes()).map_err(own)?;
        let count = u16::try_from(entries.len()).map_err(|_| {
            own(Error::TooLong {
                field: "submission entries",
                max: MAX_SUBMISSION_ENTRIES,
            })
        })?;
        w.put(&count.to_be_bytes()).map_err(own)?;
        for entry in entries {
            w.put(&[entry.kind().as_byte()]).map_err(own)?;
            w.bytes_u32("entry", entry.bytes()).map_err(own)?;
        }
        Ok(len)
    }

    /// The encoding as a vector; errors as for [`encode_into`](Self::encode_into).
    #[cfg(feature = "alloc")]
    pub fn to_vec(
        reason: ReasonCode,
        reporter: &[u8],
        note: &str,
        entries: &[SubmissionEntry<'_>],
    ) -> Result<alloc::vec::Vec<u8>, SubmissionError> {
        let mut out = alloc::vec![0u8; Self::encoded_len(reporter, note, entries)?];
        Self::encode_into(reason, reporter, note, entries, &mut out)?;
        Ok(out)
    }

    /// This submission's own encoding.
    #[cfg(feature = "alloc")]
    pub fn encode_to_vec(&self) -> Result<alloc::vec::Vec<u8>, SubmissionError> {
        let entries: alloc::vec::Vec<SubmissionEntry<'a>> = self.entries().collect();
        Self::to_vec(self.reason(), self.reporter(), self.note(), &entries)
    }
}
