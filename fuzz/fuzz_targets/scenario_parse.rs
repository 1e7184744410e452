//! Any bytes given to the scenario loader yield a scenario or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = truce_core::scenario::parse(data, "fuzz.toml") {
        let _ = e.render();
    }
});
