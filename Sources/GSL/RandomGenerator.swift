import CGSL

/// A seeded Mersenne Twister (`gsl_rng_mt19937`) with Gaussian draws by GSL's ziggurat method.
///
/// Same seed, same stream, on every machine: the verifier records the seed in its outputs.
/// One generator per thread (not `Sendable`).
public final class RandomGenerator {
    private let rng: UnsafeMutablePointer<gsl_rng>
    /// The seed the generator was created with, as recorded in outputs.
    public let seed: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        GSLRuntime.prepare()
        guard let r = gsl_rng_alloc(cgsl_rng_mt19937()) else { fatalError("gsl_rng_alloc failed: out of memory") }
        rng = r
        self.seed = seed
        // MT19937 takes a 32-bit seed and maps 0 to its default 4357; seeds are therefore limited
        // to 0…maximumSeed and shifted by one, so distinct seeds give distinct streams.
        precondition(seed <= Self.maximumSeed, "seed must be at most \(Self.maximumSeed)")
        gsl_rng_set(r, UInt(seed + 1))
    }

    deinit { gsl_rng_free(rng) }

    /// The largest accepted seed, 2³² − 2 (GSL's MT19937 uses 32 bits of seed; see `init`).
    public static let maximumSeed: UInt64 = 4_294_967_294

    /// A standard normal draw.
    public func gaussian() -> Double { gsl_ran_gaussian_ziggurat(rng, 1) }

    /// Uniform on [0, 1).
    public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// Uniform integer in 0..<n (n ≥ 1).
    public func integer(below n: Int) -> Int { Int(gsl_rng_uniform_int(rng, UInt(n))) }

    /// A child generator for stream `index`, seeded deterministically from this one's seed.
    public func child(_ index: Int) -> RandomGenerator {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(index + 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return RandomGenerator(seed: (z ^ (z >> 31)) % (Self.maximumSeed + 1))
    }
}
