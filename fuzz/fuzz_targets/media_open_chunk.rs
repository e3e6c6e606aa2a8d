//! Arbitrary tree records and chunk ciphertext at an arbitrary index of the
//! fixed attachment.
//!
//! Properties: opening never panics; whatever opens is exactly the committed
//! plaintext of that chunk (nothing else can be released under the root);
//! on any error the caller's buffer holds its input again.
#![no_main]

use franking::media::{AttachmentKey, CHUNK_SIZE, open_chunk_at};
use franking_fuzz::media::{FIXTURE, KEY};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&index, rest)) = data.split_first() else {
        return;
    };
    let Some((len, rest)) = rest.split_first_chunk::<2>() else {
        return;
    };
    let tree_len = usize::from(u16::from_be_bytes(*len)).min(rest.len());
    let (tree, chunk) = rest.split_at(tree_len);
    let f = &*FIXTURE;
    let key = AttachmentKey::from_bytes(KEY);
    let mut buf = chunk.to_vec();
    // Indexes 0 to 4 (the attachment has 3 chunks), and u64::MAX - 5 to u64::MAX.
    let index = if index >= 250 {
        u64::MAX - u64::from(255 - index)
    } else {
        u64::from(index % 5)
    };
    match open_chunk_at(&key, &f.descriptor, index, &mut buf, &mut &tree[..]) {
        Ok(()) => {
            let start = index as usize * CHUNK_SIZE;
            assert_eq!(
                buf,
                f.plaintext[start..start + buf.len()],
                "released other content"
            );
        }
        Err(_) => assert_eq!(buf, chunk, "failed chunk not restored"),
    }
});
