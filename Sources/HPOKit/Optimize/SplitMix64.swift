/// A small, fast, seedable generator (Steele, Lea & Flood's SplitMix64). The runner seeds
/// one per suggestion from the experiment's seed and the trial number, so a resumed run
/// draws exactly what an uninterrupted one would have.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one stream of an experiment, e.g. the suggestion for trial `stream`.
    /// Mixing (rather than adding) keeps nearby seeds and streams uncorrelated.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        state = mixer.next() ^ (stream &* 0xD1B5_4A32_D192_ED03)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
