//! Time per call and throughput of every role's operation, for messages of
//! 0, 64, 256, 1 KiB, 16 KiB and 1 MiB bytes.
//!
//! `cargo bench --bench roles` (add `-- seal/` etc. to filter). Criterion
//! reports the time per call and, from `Throughput::Bytes`, bytes per second
//! of message. Absolute times on a shared machine are noisy; for ratios
//! against baselines measured in one process, run
//! `cargo run --release --example ratios` instead.
//!
//! The header (associated data) is empty and the ids are 16 bytes each. The
//! stamp covers the franking tag and the delivery context, never the message,
//! so its group varies the id length instead of the message size; its
//! throughput is the number of bytes the stamp's MAC covers.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use franking::{
    Context, Envelope, KeyId, Keyring, MessageKey, Nonce, PlatformKey, Report, commit_with_rng,
    verify,
};

const SIZES: [usize; 6] = [0, 64, 256, 1024, 16 * 1024, 1024 * 1024];
const ID_LENS: [usize; 5] = [0, 16, 64, 256, 1024];
const HEADER: &[u8] = b"";
const TIMESTAMP: u64 = 1_700_000_000;

#[path = "../tests/common/split_mix.rs"]
mod split_mix;
use split_mix::SplitMix as BenchRng;

fn message(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 + 7) as u8).collect()
}

/// Everything the benchmarks of one message size need.
struct Setup {
    key: MessageKey,
    nonce: Nonce,
    message: Vec<u8>,
    /// Ciphertext of `message` under (key, nonce), sealed by `env_a`.
    s0: Vec<u8>,
    env_a: Envelope,
    /// Seals `s0` into `message` under the same (key, nonce).
    env_b: Envelope,
    keyring: Keyring,
    ids: [[u8; 16]; 3],
    wire: Vec<u8>,
}

impl Setup {
    fn new(len: usize) -> Self {
        let mut rng = BenchRng(len as u64);
        let key = MessageKey::generate(&mut rng);
        let nonce = Nonce::random(&mut rng);
        let message = message(len);
        let mut s0 = message.clone();
        let env_a = key
            .seal_in_place_with_nonce(&nonce, HEADER, &mut s0)
            .unwrap();
        // Sealing the ciphertext again under the same (key, nonce) gives back
        // the plaintext: opening alternately with the two envelopes succeeds
        // every time without restoring the buffer. Nonce reuse: benchmark only.
        let mut s1 = s0.clone();
        let env_b = key
            .seal_in_place_with_nonce(&nonce, HEADER, &mut s1)
            .unwrap();
        assert_eq!(s1, message);
        let keyring = Keyring::new(
            PlatformKey::generate(
                KeyId::new(1),
                franking::KeyInterval::starting_at(0),
                &mut rng,
            )
            .unwrap(),
            86_400,
        );
        let ids = [[0x11; 16], [0x22; 16], [0x33; 16]];
        let mut setup = Self {
            key,
            nonce,
            message,
            s0,
            env_a,
            env_b,
            keyring,
            ids,
            wire: Vec::new(),
        };
        let mut buffer = setup.s0.clone();
        let opened = setup
            .key
            .open_in_place(&setup.env_a, HEADER, &mut buffer)
            .unwrap();
        let context = setup.context();
        let stamp = setup
            .keyring
            .stamp(opened.franking_tag(), &context)
            .unwrap();
        let report = opened.report(&context, &stamp);
        let mut wire = vec![0u8; report.encoded_len()];
        report.encode_into(&mut wire).unwrap();
        setup.wire = wire;
        setup
    }

    fn context(&self) -> Context<'_> {
        Context::new(&self.ids[0], &self.ids[1], TIMESTAMP, &self.ids[2]).unwrap()
    }
}

fn message_ops(c: &mut Criterion) {
    let setups: Vec<(usize, Setup)> = SIZES.iter().map(|&n| (n, Setup::new(n))).collect();

    let mut group = c.benchmark_group("seal");
    for (n, s) in &setups {
        group.throughput(Throughput::Bytes(*n as u64));
        let mut buffer = s.message.clone();
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                s.key
                    .seal_in_place_with_nonce(black_box(&s.nonce), black_box(HEADER), &mut buffer)
                    .unwrap()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("open");
    for (n, s) in &setups {
        group.throughput(Throughput::Bytes(*n as u64));
        let mut buffer = s.s0.clone();
        let mut second = false;
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                let envelope = if second { &s.env_b } else { &s.env_a };
                second = !second;
                let opened = s
                    .key
                    .open_in_place(black_box(envelope), black_box(HEADER), &mut buffer)
                    .unwrap();
                *opened.franking_tag()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("commit");
    for (n, s) in &setups {
        group.throughput(Throughput::Bytes(*n as u64));
        let mut rng = BenchRng(7);
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| commit_with_rng(&mut rng, black_box(HEADER), black_box(&s.message)).unwrap())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("report_encode");
    for (n, s) in &setups {
        group.throughput(Throughput::Bytes(*n as u64));
        let report = Report::decode(&s.wire).unwrap();
        let mut out = vec![0u8; s.wire.len()];
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| black_box(&report).encode_into(&mut out).unwrap())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("report_decode");
    for (n, s) in &setups {
        group.throughput(Throughput::Bytes(*n as u64));
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| Report::decode(black_box(&s.wire)).unwrap())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("verify");
    for (n, s) in &setups {
        group.throughput(Throughput::Bytes(*n as u64));
        let report = Report::decode(&s.wire).unwrap();
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                verify(&s.keyring, black_box(TIMESTAMP + 60), black_box(&report))
                    .unwrap()
                    .key_id()
            })
        });
    }
    group.finish();
}

fn stamp(c: &mut Criterion) {
    let mut rng = BenchRng(99);
    let keyring = Keyring::new(
        PlatformKey::generate(
            KeyId::new(1),
            franking::KeyInterval::starting_at(0),
            &mut rng,
        )
        .unwrap(),
        86_400,
    );
    let mut buffer = message(64);
    let key = MessageKey::generate(&mut rng);
    let envelope = key
        .seal_in_place_with_rng(&mut rng, HEADER, &mut buffer)
        .unwrap();
    let mut group = c.benchmark_group("stamp");
    for len in ID_LENS {
        let ids = [vec![0x11; len], vec![0x22; len], vec![0x33; len]];
        let context = Context::new(&ids[0], &ids[1], TIMESTAMP, &ids[2]).unwrap();
        // label, key id, franking tag, timestamp, three u16-prefixed ids.
        let covered = 16 + 4 + 32 + 8 + 3 * (2 + len);
        group.throughput(Throughput::Bytes(covered as u64));
        group.bench_function(BenchmarkId::new("id_len", len), |b| {
            b.iter(|| keyring.stamp(black_box(envelope.franking_tag()), black_box(&context)))
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = message_ops, stamp
}
criterion_main!(benches);
