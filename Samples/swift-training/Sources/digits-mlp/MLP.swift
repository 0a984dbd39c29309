import Foundation

/// A multilayer perceptron with one hidden layer and a softmax output, trained by
/// mini-batch SGD with L2 weight decay.
struct MLP {
    enum Activation: String {
        case relu, tanh

        func callAsFunction(_ x: Float) -> Float {
            switch self {
            case .relu: max(0, x)
            case .tanh: Foundation.tanh(x)
            }
        }

        /// The derivative, from the activation's output.
        func derivative(output y: Float) -> Float {
            switch self {
            case .relu: y > 0 ? 1 : 0
            case .tanh: 1 - y * y
            }
        }
    }

    let inputs: Int, hidden: Int, classes: Int
    let activation: Activation
    var w1: [Float], b1: [Float], w2: [Float], b2: [Float]

    init<G: RandomNumberGenerator>(inputs: Int, hidden: Int, classes: Int, activation: Activation, using rng: inout G) {
        self.inputs = inputs
        self.hidden = hidden
        self.classes = classes
        self.activation = activation
        // He (relu) or Glorot (tanh) initialisation.
        let scale1 = activation == .relu ? (2 / Float(inputs)).squareRoot() : (1 / Float(inputs)).squareRoot()
        w1 = (0..<inputs * hidden).map { _ in Float.random(in: -1...1, using: &rng) * scale1 * 1.7 }
        b1 = Array(repeating: 0, count: hidden)
        let scale2 = (1 / Float(hidden)).squareRoot()
        w2 = (0..<hidden * classes).map { _ in Float.random(in: -1...1, using: &rng) * scale2 * 1.7 }
        b2 = Array(repeating: 0, count: classes)
    }

    /// Hidden activations and class probabilities for one image.
    func forward(_ x: [Float]) -> (hidden: [Float], probabilities: [Float]) {
        var h = b1
        for i in 0..<inputs where x[i] != 0 {
            let xi = x[i]
            for j in 0..<hidden { h[j] += xi * w1[i * hidden + j] }
        }
        for j in 0..<hidden { h[j] = activation(h[j]) }
        var logits = b2
        for j in 0..<hidden {
            let hj = h[j]
            for k in 0..<classes { logits[k] += hj * w2[j * classes + k] }
        }
        let top = logits.max() ?? 0
        var exps = logits.map { Foundation.exp($0 - top) }
        let sum = exps.reduce(0, +)
        for k in exps.indices { exps[k] /= sum }
        return (h, exps)
    }

    /// One SGD step on a mini-batch; returns the batch's mean cross-entropy.
    mutating func step(images: ArraySlice<[Float]>, labels: ArraySlice<Int>, learningRate: Float, weightDecay: Float) -> Float {
        var g1 = [Float](repeating: 0, count: w1.count), gb1 = [Float](repeating: 0, count: hidden)
        var g2 = [Float](repeating: 0, count: w2.count), gb2 = [Float](repeating: 0, count: classes)
        var loss: Float = 0
        for (x, label) in zip(images, labels) {
            let (h, p) = forward(x)
            loss -= Foundation.log(max(p[label], 1e-12))
            var delta2 = p
            delta2[label] -= 1
            var delta1 = [Float](repeating: 0, count: hidden)
            for j in 0..<hidden {
                var back: Float = 0
                for k in 0..<classes {
                    g2[j * classes + k] += h[j] * delta2[k]
                    back += w2[j * classes + k] * delta2[k]
                }
                delta1[j] = back * activation.derivative(output: h[j])
            }
            for k in 0..<classes { gb2[k] += delta2[k] }
            for i in 0..<inputs where x[i] != 0 {
                let xi = x[i]
                for j in 0..<hidden { g1[i * hidden + j] += xi * delta1[j] }
            }
            for j in 0..<hidden { gb1[j] += delta1[j] }
        }
        let scale = learningRate / Float(images.count)
        for index in w1.indices { w1[index] -= scale * g1[index] + learningRate * weightDecay * w1[index] }
        for index in w2.indices { w2[index] -= scale * g2[index] + learningRate * weightDecay * w2[index] }
        for index in b1.indices { b1[index] -= scale * gb1[index] }
        for index in b2.indices { b2[index] -= scale * gb2[index] }
        return loss / Float(images.count)
    }

    /// Mean cross-entropy and accuracy over a data set.
    func evaluate(images: [[Float]], labels: [Int]) -> (loss: Double, accuracy: Double) {
        var loss = 0.0, correct = 0
        for (x, label) in zip(images, labels) {
            let p = forward(x).probabilities
            loss -= Double(Foundation.log(max(p[label], 1e-12)))
            if p.indices.max(by: { p[$0] < p[$1] }) == label { correct += 1 }
        }
        return (loss / Double(images.count), Double(correct) / Double(images.count))
    }
}
