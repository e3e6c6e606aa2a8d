//! A counting global allocator for the allocation tests (`no_alloc.rs`,
//! `media_no_alloc.rs`): it wraps the system allocator and counts heap
//! operations per thread, so that allocations by other test threads running
//! at the same time are not counted. `allocator_counts_heap_operations`
//! checks the counter itself, so that no test passes because it is blind.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

struct CountingAllocator;

thread_local! {
    /// Heap operations on this thread since counting started; `None` when not counting.
    static HEAP_OPS: Cell<Option<usize>> = const { Cell::new(None) };
}

fn note_heap_op() {
    // `try_with`: the allocator may run while this thread's locals are torn down.
    let _ = HEAP_OPS.try_with(|ops| {
        if let Some(n) = ops.get() {
            ops.set(Some(n + 1));
        }
    });
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting
// only touches a const-initialised thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_heap_op();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_heap_op();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_heap_op();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note_heap_op();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `f` and returns its result with the number of heap operations this
/// thread made while it ran (including dropping anything `f` dropped).
pub fn heap_ops<R>(f: impl FnOnce() -> R) -> (R, usize) {
    HEAP_OPS.with(|ops| ops.set(Some(0)));
    let result = f();
    let count = HEAP_OPS.with(|ops| ops.replace(None)).unwrap_or(usize::MAX);
    (result, count)
}

#[test]
fn allocator_counts_heap_operations() {
    let (_, count) = heap_ops(|| drop(black_box(Vec::<u8>::with_capacity(16))));
    assert_eq!(count, 2);
    let (_, count) = heap_ops(|| black_box(1u64 + 1));
    assert_eq!(count, 0);
}
