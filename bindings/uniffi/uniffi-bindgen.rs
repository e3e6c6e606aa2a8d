//! `uniffi-bindgen` for this crate, in library mode: generates the Kotlin,
//! Swift and Python sources from the metadata in the built library.

fn main() {
    uniffi::uniffi_bindgen_main()
}
