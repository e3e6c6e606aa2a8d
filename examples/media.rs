//! Media franking end to end, streamed in constant memory.
//!
//! ```text
//! cargo run --release --example media -- --bytes 1073741824
//! ```
//!
//! Generates an N-byte test "video" chunk by chunk, seals it into a
//! temporary ciphertext file and outboard-tree file, franks and stamps a
//! message carrying its descriptor, keeps the recipient's evidence and drops
//! the message key, opens the attachment by streaming from the files, builds
//! a range report of about 1 MiB and a whole-attachment report from the
//! evidence with `MediaReportWriter` (each written to a file) and verifies
//! both as the moderator, by streaming, reading each head with
//! `MediaReportHead::bytes_needed`. Every step uses the allocation-free chunk API with one chunk
//! buffer; the peak resident memory is printed at the end (Linux).
//!
//! `--parallel` (with `--features std`) then also times sealing up to 64 MiB
//! in memory on one thread and on all cores; that step holds the attachment
//! in memory and comes after the peak-memory figure.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::time::Instant;

use franking::media::{
    AttachmentEvidence, AttachmentKey, AttachmentOpener, AttachmentSealer, CHUNK_SIZE,
    MediaReportWriter, RangeVerifier, TREE_RECORD_LEN, TreeSource, open_chunk_at,
};
use franking::wire::{MediaMessage, MediaReportHead};
use franking::{
    Context, Error, KeyId, KeyInterval, Keyring, MessageKey, Nonce, PlatformKey, Report,
};

/// The tree file, read record by record.
struct FileTree(File);

impl TreeSource for FileTree {
    fn read_record(&mut self, index: u64, record: &mut [u8; TREE_RECORD_LEN]) -> Result<(), Error> {
        let bad = Error::Malformed {
            field: "outboard tree",
            offset: 0,
        };
        self.0
            .seek(SeekFrom::Start(index * TREE_RECORD_LEN as u64))
            .map_err(|_| bad)?;
        self.0.read_exact(record).map_err(|_| bad)
    }
}

/// Chunk `i` of the test video: deterministic pseudorandom bytes.
fn video_chunk(i: u64, out: &mut [u8]) {
    let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for word in out.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        word.copy_from_slice(&x.to_le_bytes()[..word.len()]);
    }
}

fn step(name: &str, bytes: u64, start: Instant) {
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name:<34} {secs:>8.3} s  {:>8.1} MiB/s",
        bytes as f64 / (1 << 20) as f64 / secs.max(1e-9)
    );
}

fn peak_rss_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut total: u64 = 64 << 20;
    let mut parallel_too = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bytes" => total = args.next().ok_or("--bytes needs a value")?.parse()?,
            "--parallel" => parallel_too = true,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let dir: PathBuf = std::env::temp_dir().join(format!("franking-media-{}", std::process::id()));
    fs::create_dir_all(&dir)?;
    let result = run(total, &dir);
    let _ = fs::remove_dir_all(&dir);
    result?;
    match peak_rss_kib() {
        Some(kib) => println!("peak resident memory: {:.1} MiB", kib as f64 / 1024.0),
        None => println!("peak resident memory: unknown (no /proc/self/status)"),
    }
    // In memory, after the streaming steps: this one holds the attachment.
    #[cfg(feature = "std")]
    if parallel_too {
        parallel(total.min(64 << 20) as usize)?;
    }
    #[cfg(not(feature = "std"))]
    if parallel_too {
        println!("--parallel needs the std feature: --features std");
    }
    Ok(())
}

fn run(total: u64, dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let n = total.div_ceil(CHUNK_SIZE as u64).max(1);
    let len_of = |i: u64| (total - i * CHUNK_SIZE as u64).min(CHUNK_SIZE as u64) as usize;
    let mut buf = vec![0u8; CHUNK_SIZE];
    let mut expected = vec![0u8; CHUNK_SIZE];
    println!("attachment: {total} bytes, {n} chunks of {CHUNK_SIZE} bytes");
    let mut rng = rand::rng();
    let message_key = MessageKey::generate(&mut rng);
    let nonce = Nonce::from_bytes([0x22; 24]);

    // 1. Sender: seal, writing ciphertext and tree as it goes.
    let t = Instant::now();
    let (ct_path, tree_path) = (dir.join("attachment.bin"), dir.join("attachment.tree"));
    let mut ct_out = BufWriter::new(File::create(&ct_path)?);
    let mut tree_out = BufWriter::new(File::create(&tree_path)?);
    // The attachment key derived from the message's key and nonce: nothing travels.
    let mut sealer =
        AttachmentSealer::new(AttachmentKey::derive(&message_key, &nonce, 0), &mut rng);
    for i in 0..n {
        let chunk = &mut buf[..len_of(i)];
        video_chunk(i, chunk);
        tree_out.write_all(sealer.seal_chunk(chunk, i + 1 == n)?)?;
        ct_out.write_all(chunk)?;
    }
    ct_out.flush()?;
    tree_out.flush()?;
    let descriptor = sealer.descriptor()?;
    step("seal (to files)", total, t);

    // 2. Sender franks a message carrying the descriptor; the platform stamps it.
    let t = Instant::now();
    let mut message = vec![0u8; MediaMessage::encoded_len(1, 12)];
    MediaMessage::encode_into(&[descriptor], b"look at this", &mut message)?;
    let envelope = message_key.seal_in_place_with_nonce(&nonce, b"", &mut message)?;
    let mut platform_bytes: [u8; 32] = core::array::from_fn(|i| 0x33 ^ i as u8);
    let platform_key = PlatformKey::from_bytes(
        KeyId::new(1),
        KeyInterval::starting_at(0),
        &mut platform_bytes,
    )?;
    let keyring = Keyring::new(platform_key, 86_400);
    let context = Context::new(b"alice", b"bob", 1_700_000_000, b"msg-1")?;
    let stamp = keyring.stamp(envelope.franking_tag(), &context)?;
    let opened = message_key.open_in_place(&envelope, b"", &mut message)?;
    let report = opened.report(&context, &stamp);
    let mut message_report = vec![0u8; report.encoded_len()];
    report.encode_into(&mut message_report)?;
    // The recipient keeps the evidence of the attachment before the message
    // key goes (SPEC.md 15.7): 123 bytes, with the message report.
    let evidence =
        AttachmentEvidence::from_message(&message_key, envelope.nonce(), opened.message(), 0)?;
    drop(message_key);
    step("frank + stamp + open message", message.len() as u64, t);

    // 3. Recipient: streaming open, every chunk verified before use.
    let t = Instant::now();
    let key = evidence.key();
    let mut ct_in = BufReader::new(File::open(&ct_path)?);
    let mut tree = FileTree(File::open(&tree_path)?);
    let mut opener = AttachmentOpener::new(key, descriptor);
    while let Some(len) = opener.next_chunk_len() {
        let i = opener.next_index();
        let chunk = &mut buf[..len];
        ct_in.read_exact(chunk)?;
        opener.open_next(chunk, &mut tree)?;
        video_chunk(i, &mut expected[..len]);
        assert!(chunk == &expected[..len], "chunk {i} differs");
    }
    opener.finish()?;
    step("open (streamed from files)", total, t);

    // 4. Recipient: reports about 1 MiB from the middle, and the whole
    // attachment, from the evidence alone: the message report, the
    // attachment evidence, the plaintext (here re-opened from the blob) and
    // the tree. The writer maps bytes to chunks and writes head and records.
    let mr = Report::decode(&message_report)?;
    let mid = total / 2;
    let range_len = (1u64 << 20).min(total - mid).max(1);
    let range = if total == 0 {
        MediaReportWriter::whole(&evidence)?
    } else {
        MediaReportWriter::covering(&evidence, mid, range_len, &mut tree)?
    };
    let whole = MediaReportWriter::whole(&evidence)?;
    let mut ct_file = File::open(&ct_path)?;
    let mut record = vec![0u8; 32 + CHUNK_SIZE];
    let mut write_report = |path: &PathBuf,
                            mut writer: MediaReportWriter<'_>|
     -> Result<u64, Box<dyn std::error::Error>> {
        let mut head = vec![0u8; writer.head_len(&mr)];
        writer.write_head(&mr, &mut head)?;
        let mut out = BufWriter::new(File::create(path)?);
        out.write_all(&head)?;
        ct_file.seek(SeekFrom::Start(writer.byte_offset()))?;
        let mut reader = BufReader::new(&mut ct_file);
        while let Some((i, len)) = writer.next_chunk() {
            let chunk = &mut buf[..len];
            reader.read_exact(chunk)?;
            open_chunk_at(key, &descriptor, i, chunk, &mut tree)?;
            let written = writer.write_chunk(chunk, &mut record)?;
            out.write_all(&record[..written])?;
        }
        out.flush()?;
        Ok(writer.byte_len())
    };
    let t = Instant::now();
    let range_path = dir.join("range.report");
    let range_bytes = write_report(&range_path, range)?;
    step("build range report (~1 MiB)", range_bytes, t);
    let t = Instant::now();
    let whole_path = dir.join("whole.report");
    write_report(&whole_path, whole)?;
    step("build whole-attachment report", total, t);

    // 5. Moderator: verify both by streaming.
    let mut verify = |path: &PathBuf| -> Result<(u64, u64), Box<dyn std::error::Error>> {
        let mut input = BufReader::new(File::open(path)?);
        let head_bytes = read_head(&mut input)?;
        let (head, _) = MediaReportHead::decode_prefix(&head_bytes)?;
        let mut verifier = RangeVerifier::new(&keyring, 1_700_000_100, &head)?;
        while let Some(len) = verifier.next_chunk_len() {
            input.read_exact(&mut record[..32 + len])?;
            verifier.update_record(&record[..32 + len])?;
        }
        let verified = verifier.finish()?;
        assert_eq!(verified.report().sender(), b"alice");
        Ok((verified.byte_offset(), verified.byte_len()))
    };
    let t = Instant::now();
    let (offset, len) = verify(&range_path)?;
    step("moderator verifies range report", len, t);
    println!(
        "  verified: bytes {offset}..{} of attachment 0 from alice",
        offset + len
    );
    let t = Instant::now();
    let (_, len) = verify(&whole_path)?;
    step("moderator verifies whole report", len, t);
    Ok(())
}

/// With the `std` feature: sealing in memory on one thread and on all cores.
#[cfg(feature = "std")]
fn parallel(len: usize) -> Result<(), Box<dyn std::error::Error>> {
    use franking::media::seal_in_place_parallel;
    let key = AttachmentKey::generate(&mut rand::rng());
    let mut data = vec![0u8; len];
    video_chunk(1, &mut data);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut best = [f64::MAX; 2];
    for _ in 0..5 {
        for (slot, threads) in [(0, 1), (1, cores)] {
            let t = Instant::now();
            seal_in_place_parallel(&key, &mut rand::rng(), &mut data, threads)?;
            best[slot] = best[slot].min(t.elapsed().as_secs_f64());
        }
    }
    let mib = len as f64 / (1 << 20) as f64;
    println!(
        "seal in memory, 1 thread (best of 5)  {:>8.3} s  {:>8.1} MiB/s",
        best[0],
        mib / best[0]
    );
    println!(
        "seal in memory, {cores} threads (best of 5) {:>8.3} s  {:>8.1} MiB/s  ({:.2}x the time)",
        best[1],
        mib / best[1],
        best[1] / best[0]
    );
    Ok(())
}

/// Reads a media report's head from a stream (the `std` feature has
/// `read_media_report_head`; the example keeps to the no_std API): reads as
/// many bytes as `MediaReportHead::bytes_needed` asks for, until it has all.
fn read_head<R: Read>(input: &mut R) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut head = Vec::new();
    loop {
        let needed = MediaReportHead::bytes_needed(&head)?;
        if needed <= head.len() {
            return Ok(head);
        }
        let at = head.len();
        head.resize(needed, 0);
        input.read_exact(&mut head[at..])?;
    }
}
