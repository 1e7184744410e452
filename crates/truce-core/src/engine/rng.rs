//! The random streams of a run.
//!
//! Run `i` of seed `S` draws from three xoshiro256++ generators (Blackman and Vigna 2021), one
//! per part of the run: `k = 0` draws the uncertain numbers, `k = 1` plays the talks (injects,
//! the front), `k = 2` the pause. The seed is expanded by SplitMix64 into a 256-bit key
//! `K_0..K_3`; stream `k` of run `i` starts from the state
//!
//! ```text
//! c   = 4 i + k                       (mod 2^64)
//! m   = mix(c)
//! s_w = mix(K_w XOR m)                for w = 0..3
//! ```
//!
//! where `mix` is SplitMix64's output function (a bijection of 64-bit words). For a given seed,
//! `c -> s_0` is a bijection, so no two streams of the same seed ever start from the same state;
//! each state is an independent-looking point of xoshiro's period of 2^256 - 1, so streams that
//! draw a few hundred numbers each cannot overlap in practice. Separate streams keep the noise of
//! one part unchanged when another part changes (common random numbers), and run `i` needs
//! nothing but (seed, `i`), so any thread can play it and `truce narrate --run i` replays it.
//!
//! (Builds before November 2026 used ChaCha8 streams `4i + k` under the same key: about 1,500
//! instructions a run went to refilling ChaCha's 256-byte buffers for the few dozen numbers a
//! run takes. Every run's numbers changed with the generator, not their distribution.)

use core::convert::Infallible;

use rand::{Rng, TryRng};

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

/// SplitMix64's increment (the golden ratio in 64 bits).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function (Steele, Lea and Flood 2014): a bijection that scatters
/// nearby words.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Expands the user's seed into a 256-bit key (SplitMix64), so nearby seeds give unrelated keys.
pub(crate) fn key_from_seed(seed: u64) -> [u64; 4] {
    let mut key = [0u64; 4];
    let mut x = seed;
    for word in &mut key {
        x = x.wrapping_add(GOLDEN);
        *word = mix(x);
    }
    key
}

/// Stream `stream` of run `index` under `key`.
#[inline]
pub(crate) fn stream(key: [u64; 4], index: u64, stream: Stream) -> StreamRng {
    let m = mix(index.wrapping_mul(4).wrapping_add(stream as u64));
    let mut s = key.map(|k| mix(k ^ m));
    if s == [0; 4] {
        // The one state xoshiro cannot leave (a chance of 2^-256 per stream).
        s[0] = GOLDEN;
    }
    StreamRng { s }
}

/// xoshiro256++ (Blackman and Vigna, "Scrambled linear pseudorandom number generators", ACM
/// TOMS 2021): 256 bits of state, period 2^256 - 1, passes BigCrush and PractRand; a handful of
/// instructions per 64-bit number. Not for cryptography, which the model does not need.
#[derive(Debug, Clone)]
pub struct StreamRng {
    s: [u64; 4],
}

impl StreamRng {
    /// The generator with state `s` as it is (for tests against the reference outputs).
    #[cfg(test)]
    fn from_state(s: [u64; 4]) -> StreamRng {
        StreamRng { s }
    }

    #[inline(always)]
    fn next(&mut self) -> u64 {
        let s = &mut self.s;
        let out = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }
}

impl Default for StreamRng {
    /// Stream 0 of run 0 under seed 0 (a placeholder until a run begins).
    fn default() -> StreamRng {
        stream(key_from_seed(0), 0, Stream::Draws)
    }
}

impl TryRng for StreamRng {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        // The high half: xoshiro's best bits.
        Ok((self.next() >> 32) as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.next())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.next().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference outputs of xoshiro256++ from state (1, 2, 3, 4), as the authors' C code
    /// (xoshiro256plusplus.c) gives them; the first is `rotl(1 + 4, 23) + 1` by hand.
    #[test]
    fn xoshiro256plusplus_matches_the_reference() {
        let mut rng = StreamRng::from_state([1, 2, 3, 4]);
        let want: [u64; 10] = [
            41943041,
            58720359,
            3588806011781223,
            3591011842654386,
            9228616714210784205,
            9973669472204895162,
            14011001112246962877,
            12406186145184390807,
            15849039046786891736,
            10450023813501588000,
        ];
        for w in want {
            assert_eq!(rng.next_u64(), w);
        }
    }

    /// SplitMix64 from seed 1234567, as Vigna's splitmix64.c gives it.
    #[test]
    fn the_key_is_splitmix64() {
        assert_eq!(
            key_from_seed(1234567),
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423,
                4593380528125082431,
            ]
        );
    }

    /// Streams of one seed start apart, and the same (seed, run, stream) gives the same numbers.
    #[test]
    fn streams_are_distinct_and_replayable() {
        let key = key_from_seed(7);
        let mut firsts = std::collections::HashSet::new();
        for i in 0..2_000u64 {
            for k in [Stream::Draws, Stream::Talks, Stream::Pause] {
                let x = stream(key, i, k).next_u64();
                assert!(
                    firsts.insert(x),
                    "run {i} stream {k:?} repeats a first number"
                );
                assert_eq!(stream(key, i, k).next_u64(), x);
            }
        }
        assert_ne!(
            stream(key_from_seed(7), 0, Stream::Draws).next_u64(),
            stream(key_from_seed(8), 0, Stream::Draws).next_u64()
        );
    }

    /// A rough check of uniformity and independence over many short streams, the way runs use
    /// them (a few numbers from each of many streams): the mean of `unit` within 5 standard
    /// errors of 1/2, and neighbouring draws uncorrelated.
    #[test]
    fn short_streams_look_uniform_and_independent() {
        let key = key_from_seed(2025);
        let (mut n, mut sum, mut sxy) = (0.0, 0.0, 0.0);
        let mut bins = [0u32; 16];
        for i in 0..50_000u64 {
            let mut r = stream(key, i, Stream::Talks);
            let a = unit(&mut r);
            let b = unit(&mut r);
            for x in [a, b] {
                n += 1.0;
                sum += x;
                bins[(x * 16.0) as usize] += 1;
            }
            sxy += (a - 0.5) * (b - 0.5);
        }
        let mean = sum / n;
        assert!((mean - 0.5).abs() < 5.0 * (1.0 / 12.0 / n).sqrt(), "{mean}");
        // Correlation of the pairs: standard error about 1/sqrt(50,000).
        let corr = sxy / (n / 2.0) * 12.0;
        assert!(corr.abs() < 5.0 / (n / 2.0f64).sqrt(), "{corr}");
        // Chi-square over 16 bins, 15 degrees of freedom: 99.99th percentile about 44.
        let e = n / 16.0;
        let chi2: f64 = bins.iter().map(|&c| (f64::from(c) - e).powi(2) / e).sum();
        assert!(chi2 < 44.0, "chi-square {chi2}");
    }
}
