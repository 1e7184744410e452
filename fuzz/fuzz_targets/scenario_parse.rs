//! Any bytes given to the scenario loader yield a scenario or diagnostics, never a panic; the
//! diagnostics are bounded (at most 50 shown, each line quoted in a window, messages clipped),
//! and a scenario that loads holds only finite numbers within the format's limit (issue 17).
#![no_main]

use libfuzzer_sys::fuzz_target;
use truce_core::param::Param;

fuzz_target!(|data: &[u8]| {
    match truce_core::scenario::parse(data, "fuzz.toml") {
        Err(e) => {
            let text = e.render();
            assert!(text.len() < 200_000, "{} bytes of diagnostics", text.len());
        }
        Ok(s) => {
            for n in Param::numbers(&s) {
                let c = n.central;
                assert!(c.is_finite() && c.abs() <= 1e15, "{}: {c}", n.label);
            }
        }
    }
});
