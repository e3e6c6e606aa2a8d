//! Placeholder replaced by the benchmark suite (issue 3).
fn main() {}
