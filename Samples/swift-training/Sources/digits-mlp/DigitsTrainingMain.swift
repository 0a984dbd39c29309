import EMetrics
import Foundation

/// Trains a small MLP on the 8x8 digits with the hyperparameters hporun wrote to
/// ./config.json, and reports TRAIN and TEST loss and accuracy per epoch with EMetrics.
/// hporun runs it in each trial's directory (see digits.yml): `digits-mlp --data PATH`, with
/// PATH the data set `digits.csv`. An error ends it with one line on stderr and status 1.
@main
enum DigitsTrainingMain {
    struct Settings: Decodable {
        var learning_rate: Double
        var hidden_units: Int
        var weight_decay: Double
        var batch_size: Int
        var epochs: Int
        var activation: String
    }

    static func main() {
        EMetrics.main { try train() }
    }

    static func train() throws {
        let arguments = CommandLine.arguments
        let dataPath = arguments.firstIndex(of: "--data").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
            ?? "digits.csv"
        let settings = try HyperParameters().decode(Settings.self)
        guard let activation = MLP.Activation(rawValue: settings.activation) else {
            throw TrainingError.hyperparameter("activation must be relu or tanh, not \(settings.activation)")
        }
        let digits = try Digits(csv: dataPath)
        var rng = SeededGenerator(seed: 42)
        var model = MLP(inputs: 64, hidden: settings.hidden_units, classes: 10, activation: activation, using: &rng)
        var order = Array(digits.trainImages.indices)
        try EMetrics.with { em in
            for epoch in 1...max(1, settings.epochs) {
                order.shuffle(using: &rng)
                let images = order.map { digits.trainImages[$0] }, labels = order.map { digits.trainLabels[$0] }
                var start = 0
                while start < images.count {
                    let end = min(start + settings.batch_size, images.count)
                    _ = model.step(images: images[start..<end], labels: labels[start..<end],
                                   learningRate: Float(settings.learning_rate), weightDecay: Float(settings.weight_decay))
                    start = end
                }
                let train = model.evaluate(images: digits.trainImages, labels: digits.trainLabels)
                let test = model.evaluate(images: digits.testImages, labels: digits.testLabels)
                try em.record(.train, iteration: epoch, values: ["loss": train.loss, "accuracy": train.accuracy])
                try em.record(.test, iteration: epoch, values: ["loss": test.loss, "accuracy": test.accuracy])
                print(String(format: "epoch %d: train loss %.4f accuracy %.4f, test loss %.4f accuracy %.4f",
                             epoch, train.loss, train.accuracy, test.loss, test.accuracy))
                // hporun's pruner asked this trial to stop (hporun-stop in its directory).
                if em.shouldStop { break }
            }
        }
    }
}
