//! The random streams of a run.
//!
//! Run `i` of seed `S` draws from ChaCha8 keyed by `S` (expanded by SplitMix64), on streams
//! `4i + k`: `k = 0` draws the uncertain numbers, `k = 1` plays the talks (injects, the front),
//! `k = 2` the pause. Separate streams keep the noise of one part unchanged when another part
//! changes (common random numbers).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The three random streams of a run.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    /// The uncertain numbers of the scenario.
    Draws = 0,
    /// Injects and the battlefield during the talks.
    Talks = 1,
    /// Violations and their detection during the pause.
    Pause = 2,
}

/// A uniform number in [0, 1) from 53 random bits.
#[inline]
pub(crate) fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Expands the user's seed into a ChaCha key (SplitMix64), so nearby seeds give unrelated keys.
pub(crate) fn key_from_seed(seed: u64) -> [u8; 32] {
    let mut key = [0u8; 32];
    let mut x = seed;
    for chunk in key.chunks_exact_mut(8) {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes());
    }
    key
}

/// Stream `stream` of run `index` under `key`.
pub(crate) fn stream(key: [u8; 32], index: u64, stream: Stream) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::from_seed(key);
    rng.set_stream(index.wrapping_mul(4).wrapping_add(stream as u64));
    rng
}
