import DescentCore
import DescentData
import DescentNN
import Foundation

/// Settings of the robustness checks. Sizes are in units of `scale`, the standard
/// deviation of all input values of the evaluated rows, so that one setting means the same
/// on standardised features and on raw pixel counts.
public struct RobustnessOptions: Sendable {
    /// Standard deviations of the Gaussian noise added to every input value.
    public var noise: [Double]
    /// L∞ radii ε of FGSM and PGD.
    public var epsilons: [Double]
    /// PGD's steps.
    public var pgdSteps: Int
    /// PGD's step size as a multiple of ε / steps (2.5, Madry et al. 2018).
    public var pgdStepFactor: Double
    /// At most this many rows (the first ones) are attacked.
    public var maximumRows: Int
    /// Seed of the noise.
    public var seed: UInt64

    public init(noise: [Double] = [0, 0.1, 0.25, 0.5, 1], epsilons: [Double] = [0.01, 0.03, 0.1, 0.3], pgdSteps: Int = 10,
                pgdStepFactor: Double = 2.5, maximumRows: Int = 2000, seed: UInt64 = 0) {
        self.noise = noise
        self.epsilons = epsilons
        self.pgdSteps = pgdSteps
        self.pgdStepFactor = pgdStepFactor
        self.maximumRows = maximumRows
        self.seed = seed
    }
}

/// Accuracy at one perturbation size.
public struct RobustnessLevel: Sendable, Equatable, Codable {
    /// The noise deviation or ε, in units of the input scale.
    public var size: Double
    public var accuracy: Double
}

/// Accuracy of a classifier under growing Gaussian input noise and under FGSM and PGD
/// attacks (L∞, Goodfellow et al. 2015; Madry et al. 2018).
public struct RobustnessReport: Sendable {
    public var rows: Int
    /// The standard deviation of the inputs; every size is a multiple of it.
    public var scale: Double
    public var noise: [RobustnessLevel]
    public var fgsm: [RobustnessLevel]
    public var pgd: [RobustnessLevel]
    public var pgdSteps: Int
    public var pgdStepFactor: Double
}

/// The robustness checks of `descent eval --run`.
///
/// A row whose logits hold a NaN (a size that pushes inputs past float32's range) counts as
/// misclassified.
/// - Noise: `x + scale * s * N(0, 1)` for each size `s`.
/// - FGSM: `x + scale * ε * sign(∇x L)`, L the mean cross-entropy of the true labels.
/// - PGD: from `x` (no random start), `steps` times `x ← clip(x + scale * α * sign(∇x L), x0 ± scale * ε)`
///   with `α = factor * ε / steps`; no clipping to a data range.
public enum Robustness {
    /// Runs every check on the first `options.maximumRows` rows of `inputs` (shape `[n, ...]`).
    public static func evaluate(model: any Layer, parameters: ParameterSet, inputs: Tensor, labels: [Int],
                                options: RobustnessOptions = RobustnessOptions(), batchSize: Int = 256) -> RobustnessReport {
        let n = min(inputs.shape[0], options.maximumRows, labels.count)
        let x = inputs.slice(alongAxis: 0, 0..<n)
        let y = Array(labels[0..<n])
        var scale = PopulationMoments(x.scalars.lazy.map(Double.init)).deviation
        if !(scale > 0) { scale = 1 }

        // The perturbed inputs are scored by the tape-free predictor (equal to the taped forward
        // pass bit for bit); only the attacks' input gradients need the tape.
        var predictor = n > 0 ? try? Predictor(model: model, parameters: parameters, inputShape: Array(inputs.shape.dropFirst()),
                                               maxBatch: max(1, min(batchSize, n))) : nil
        func accuracy(_ perturb: (Tensor, [Int], Int) -> Tensor) -> Double {
            var right = 0
            for start in stride(from: 0, to: n, by: batchSize) {
                let end = min(start + batchSize, n)
                let batch = x.slice(alongAxis: 0, start..<end)
                let target = Array(y[start..<end])
                let perturbed = perturb(batch, target, start)
                let logits = predictor?.predict(perturbed) ?? model(perturbed, parameters: parameters)
                let k = logits.shape[1]
                for i in 0..<(end - start) {
                    // A NaN logit (inputs pushed past float32's range) is no prediction: the row
                    // counts as wrong, not as class 0, which a comparison-based argmax would pick.
                    guard !logits.scalars[i * k..<(i + 1) * k].contains(where: \.isNaN) else { continue }
                    var arg = 0
                    for c in 1..<k where logits.scalars[i * k + c] > logits.scalars[i * k + arg] { arg = c }
                    right += arg == target[i] ? 1 : 0
                }
            }
            return Double(right) / Double(max(n, 1))
        }
        func gradientSign(_ input: Tensor, _ target: [Int]) -> [Float] {
            let g = gradient(at: input) { softmaxCrossEntropy(logits: model($0, parameters: parameters), labels: target) }
            return g.scalars.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        }

        let noise = options.noise.enumerated().map { index, size in
            RobustnessLevel(size: size, accuracy: accuracy { batch, _, start in
                var generator = RandomGenerator(seed: options.seed).derived(UInt64(index), UInt64(start))
                let sd = Float(size * scale)
                return Tensor(shape: batch.shape, scalars: batch.scalars.map { $0 + sd * generator.normal() })
            })
        }
        let fgsm = options.epsilons.map { eps in
            RobustnessLevel(size: eps, accuracy: accuracy { batch, target, _ in
                let step = Float(eps * scale)
                let sign = gradientSign(batch, target)
                return Tensor(shape: batch.shape, scalars: zip(batch.scalars, sign).map { $0 + step * $1 })
            })
        }
        let pgd = options.epsilons.map { eps in
            RobustnessLevel(size: eps, accuracy: accuracy { batch, target, _ in
                let radius = Float(eps * scale), step = Float(options.pgdStepFactor * eps / Double(options.pgdSteps) * scale)
                var current = batch.scalars
                for _ in 0..<options.pgdSteps {
                    let sign = gradientSign(Tensor(shape: batch.shape, scalars: current), target)
                    for j in current.indices {
                        let origin = batch.scalars[j]
                        current[j] = min(max(current[j] + step * sign[j], origin - radius), origin + radius)
                    }
                }
                return Tensor(shape: batch.shape, scalars: current)
            })
        }
        return RobustnessReport(rows: n, scale: scale, noise: noise, fgsm: fgsm, pgd: pgd, pgdSteps: options.pgdSteps,
                                pgdStepFactor: options.pgdStepFactor)
    }
}
