//! UniFFI bindings of `franking`: the owned-bytes facade of
//! `bindings/facade` (`franking-facade`), exported once under the UniFFI
//! namespace `franking` and generated for Kotlin, Swift and Python.
//!
//! Every record, enum, object and function is defined once, in the facade,
//! with UniFFI derives behind its `uniffi` feature; this crate only links it
//! into a `cdylib`/`staticlib` and keeps its scaffolding symbols exported.

pub use franking_facade::*;

pub mod fast;
mod jni;

// Reference the facade's scaffolding from this crate, so every exported
// symbol survives into the cdylib and staticlib.
franking_facade::uniffi_reexport_scaffolding!();
