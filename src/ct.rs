//! The one place where a secret-dependent verdict becomes public.
//!
//! Every accept/reject decision on a secret (open, commitment check, report
//! verification) is computed as a [`Choice`] without branching, and turned into
//! a `bool` here, at the point the API returns it. Built with
//! `--cfg franking_valgrind`, this also tells valgrind's memcheck that the
//! verdict is public, so that the constant-time harness (`ci/ct-harness`) can
//! mark every secret byte undefined and have memcheck flag any other branch or
//! memory index that depends on a secret. In normal builds it is a plain
//! conversion.

use subtle::Choice;

/// Declassifies a verdict: `true` if `verdict` is set.
#[inline]
pub(crate) fn declassify(verdict: Choice) -> bool {
    let byte = verdict.unwrap_u8();
    #[cfg(franking_valgrind)]
    let byte = {
        let cell = byte;
        // Not running under valgrind is fine: there is nothing to tell.
        let _ = crabgrind::memcheck::mark_memory(
            core::ptr::addr_of!(cell).cast(),
            1,
            crabgrind::memcheck::MemState::Defined,
        );
        core::hint::black_box(cell)
    };
    byte == 1
}
