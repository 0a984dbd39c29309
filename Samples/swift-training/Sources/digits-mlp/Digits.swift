import Foundation

/// The 8x8 digits data set (see DATA.md): pixels scaled to [0, 1], labels 0...9, split into
/// a training set and a held-out TEST set by a fixed shuffle.
struct Digits {
    var trainImages: [[Float]]
    var trainLabels: [Int]
    var testImages: [[Float]]
    var testLabels: [Int]

    static let testFraction = 0.2

    init(csv path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw TrainingError.data("cannot read the data set at \(path); pass --data PATH/digits.csv")
        }
        var images: [[Float]] = [], labels: [Int] = []
        for (number, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: ",").compactMap { Int($0) }
            guard fields.count == 65, (0...9).contains(fields[64]) else {
                throw TrainingError.data("\(path):\(number + 1): expected 64 pixels and a digit")
            }
            images.append(fields[0..<64].map { Float($0) / 16 })
            labels.append(fields[64])
        }
        var order = Array(images.indices)
        var rng = SeededGenerator(seed: 1797)
        order.shuffle(using: &rng)
        let testCount = Int(Double(order.count) * Self.testFraction)
        testImages = order.prefix(testCount).map { images[$0] }
        testLabels = order.prefix(testCount).map { labels[$0] }
        trainImages = order.dropFirst(testCount).map { images[$0] }
        trainLabels = order.dropFirst(testCount).map { labels[$0] }
    }
}

enum TrainingError: Error, LocalizedError {
    case data(String)
    case hyperparameter(String)

    var errorDescription: String? {
        switch self {
        case .data(let message), .hyperparameter(let message): message
        }
    }
}

/// SplitMix64: the training is deterministic for a given configuration.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
