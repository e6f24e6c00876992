//! A small seeded random number generator (随机数发生器) for sampled Shapley values.
//!
//! Monte Carlo estimates must give the same digits in Rust, Python and WebAssembly, on every
//! platform, for the same seed. So the generator is written here, on `u64` only:
//! **xoshiro256\*\*** (Blackman & Vigna, 2018), its state seeded by four outputs of
//! **SplitMix64** from the user's seed. Ranges are drawn without bias by rejection
//! ([`Rng::below`]); permutations by the Fisher–Yates shuffle ([`Rng::shuffle`]).
//!
//! ```
//! use datafee::sharing::rng::Rng;
//! let mut a = Rng::new(42);
//! let mut b = Rng::new(42);
//! assert_eq!(a.next_u64(), b.next_u64());
//! let mut p = [0u32, 1, 2, 3, 4];
//! a.shuffle(&mut p);
//! let mut sorted = p;
//! sorted.sort();
//! assert_eq!(sorted, [0, 1, 2, 3, 4]);
//! ```

/// SplitMix64 (Steele, Lea & Flood): used only to expand a seed into xoshiro's state.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next output.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// xoshiro256\*\*: a fast 256-bit-state generator, deterministic on every platform.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose state is four SplitMix64 outputs from `seed` (never all zero).
    pub fn new(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        let s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        Rng { s }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let [s0, s1, s2, s3] = self.s;
        let result = s1.wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s1 << 17;
        let s2 = s2 ^ s0;
        let s3 = s3 ^ s1;
        let s1 = s1 ^ s2;
        let s0 = s0 ^ s3;
        let s2 = s2 ^ t;
        let s3 = s3.rotate_left(45);
        self.s = [s0, s1, s2, s3];
        result
    }

    /// A uniform integer in `0..n` (`0` when `n` is 0), without modulo bias: draws below
    /// `2^64 mod n` are rejected and drawn again.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let x = self.next_u64();
            if x >= threshold {
                return x % n;
            }
        }
    }

    /// Shuffle `items` uniformly (Fisher–Yates, from the last position down).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        let mut i = items.len();
        while i > 1 {
            let j = self.below(i as u64) as usize;
            i -= 1;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_reference_values() {
        // Reference outputs of SplitMix64 from seed 0 (Vigna's splitmix64.c).
        let mut sm = SplitMix64::new(0);
        assert_eq!(sm.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(sm.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(sm.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn xoshiro_reference_values() {
        // xoshiro256** with state [1, 2, 3, 4] (Vigna's xoshiro256starstar.c).
        let mut r = Rng { s: [1, 2, 3, 4] };
        let want: [u64; 6] = [11520, 0, 1509978240, 1215971899390074240, 1216172134540287360, 607988272756665600];
        for w in want {
            assert_eq!(r.next_u64(), w);
        }
    }

    #[test]
    fn below_is_in_range_and_covers() {
        let mut r = Rng::new(7);
        let mut seen = [false; 6];
        for _ in 0..1000 {
            let x = r.below(6);
            assert!(x < 6);
            if let Some(s) = seen.get_mut(x as usize) {
                *s = true;
            }
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
    }
}
