import DescentData
import DescentEval
import DescentNN
import Testing

@Suite("Robustness")
struct RobustnessTests {
    /// A small MLP fitted briefly on blobs, and its data.
    static func model() throws -> (any Layer, ParameterSet, Tensor, [Int]) {
        let data = try DatasetSpec(parsing: "blobs").load()
        let model = MLP(inputs: data.featureCount, hidden: [16], outputs: 3)
        var parameters = model.makeParameters(seed: 0)
        let labels = data.targets.scalars.map { Int($0) }
        for _ in 0..<30 {
            let (_, g) = valueWithGradient(at: parameters) { p in
                softmaxCrossEntropy(logits: model(data.features, parameters: p), labels: labels)
            }
            for i in parameters.storage.indices { parameters.storage[i] -= 0.5 * g.storage[i] }
        }
        return (model, parameters, data.features, labels)
    }

    @Test("size 0 is the clean accuracy; PGD of one full step is FGSM; attacks beat noise")
    func structure() throws {
        let (model, parameters, x, y) = try Self.model()
        let options = RobustnessOptions(noise: [0, 0.3], epsilons: [0, 0.3], pgdSteps: 1, pgdStepFactor: 1, seed: 1)
        let r = Robustness.evaluate(model: model, parameters: parameters, inputs: x, labels: y, options: options, batchSize: 64)
        let clean = r.noise[0].accuracy
        #expect(clean > 0.8)
        #expect(r.fgsm[0].accuracy == clean && r.pgd[0].accuracy == clean)
        #expect(r.pgd[1].accuracy == r.fgsm[1].accuracy)
        #expect(r.fgsm[1].accuracy < r.noise[1].accuracy)
        // More PGD steps within the same ball do at least about as well as one.
        let stronger = Robustness.evaluate(model: model, parameters: parameters, inputs: x, labels: y,
                                           options: RobustnessOptions(noise: [], epsilons: [0.3], pgdSteps: 10), batchSize: 64)
        #expect(stronger.pgd[0].accuracy <= r.fgsm[1].accuracy + 0.02)
    }

    /// Sizes past float32's range make the perturbed inputs infinite and the logits NaN: those
    /// rows count as wrong (accuracy 0), not as predictions of class 0 (a third of blobs).
    @Test func sizesPastFloatRangeScoreZero() throws {
        let (model, parameters, x, y) = try Self.model()
        #expect(y.contains(0))
        let options = RobustnessOptions(noise: [1e300], epsilons: [1e300], pgdSteps: 1, seed: 1)
        let r = Robustness.evaluate(model: model, parameters: parameters, inputs: x, labels: y, options: options, batchSize: 64)
        #expect(r.noise[0].accuracy == 0 && r.fgsm[0].accuracy == 0 && r.pgd[0].accuracy == 0)
    }
}
