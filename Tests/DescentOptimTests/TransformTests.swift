import Foundation
import Testing
@testable import DescentOptim

/// The general-purpose transformations against Optax (and the parameter EMA against
/// torch's AveragedModel), 50 steps on a vector, a matrix and a 3-D tensor; fixtures from
/// scripts/fixtures/transforms.py. Known-answer tests where no reference draws the same numbers.
struct TransformTests {
    /// A number (or "nan"/"inf" as a string) or nested array of them.
    enum Values: Decodable, Sendable {
        case number(Float)
        case array([Values])

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let x = try? c.decode(Float.self) {
                self = .number(x)
            } else if let text = try? c.decode(String.self) {
                self = .number(text == "nan" ? .nan : text.hasPrefix("-") ? -.infinity : .infinity)
            } else {
                self = .array(try c.decode([Values].self))
            }
        }

        var shape: [Int] {
            if case .array(let items) = self { return [items.count] + (items.first?.shape ?? []) }
            return []
        }

        var flat: [Float] {
            switch self {
            case .number(let x): return [x]
            case .array(let items): return items.flatMap(\.flat)
            }
        }
    }

    struct Draw: Decodable, Sendable {
        let params: [String: Values]
        let grads: [[String: Values]]
    }
    struct Inputs: Decodable, Sendable { let draws: [Draw] }
    struct Case: Decodable, Sendable {
        let name: String
        let draw: Int
        let expected: [[String: Values]]
    }

    static let fixture = Fixture<Inputs, Case>.load("transforms")

    static let names = ["vector", "matrix", "cube"]

    static func parameterSet(_ values: [String: Values]) -> ParameterSet {
        ParameterSet(names.map { ($0, Tensor(shape: values[$0]!.shape, scalars: values[$0]!.flat)) })
    }

    static func sgd(_ lr: Float, momentum: Float = 0) -> Chain {
        Chain {
            if momentum != 0 { Trace(momentum: momentum) }
            ScaleByLearningRate(lr)
        }
    }

    static func adam(_ lr: Float) -> Chain { Chain { ScaleByAdam(); ScaleByLearningRate(lr) } }

    /// The Descent transformation for each fixture case, written as Optax's is.
    static let transformations: [String: any GradientTransformation] = [
        "clip": Chain { ClipByValue(0.5); ScaleByLearningRate(0.1) },
        "agc": Chain { AdaptiveGradientClipping(0.05, unitAxis: .last); ScaleByLearningRate(0.1) },
        "agc_loose": Chain { AdaptiveGradientClipping(0.5, unitAxis: .last); ScaleByLearningRate(0.1) },
        "agc_first_axis": Chain { AdaptiveGradientClipping(0.05); ScaleByLearningRate(0.1) },
        "centralize": Chain { CentralizeGradients(); sgd(0.1, momentum: 0.9) },
        "lookahead": Lookahead(adam(0.05), syncPeriod: 5, alpha: 0.5),
        "multi_steps_mean": MultiSteps(adam(0.05), every: 3),
        "multi_steps_sum": MultiSteps(sgd(0.02, momentum: 0.5), every: 4, useMean: false),
        "apply_if_finite": ApplyIfFinite(adam(0.01), maxConsecutiveErrors: 3),
        "multi_transform": MultiTransform(
            ["decay": Chain { ScaleByAdam(); AddDecayedWeights(0.1); ScaleByLearningRate(0.01) }, "plain": sgd(0.1)]
        ) { $0.shape.count > 1 ? "decay" : "plain" },
        "masked": Chain { ScaleByAdam(); Masked(AddDecayedWeights(0.1), mask: .excludingBiasesAndNorms); ScaleByLearningRate(0.01) },
        "freeze": MultiTransform(["train": sgd(0.1, momentum: 0.9), "freeze": SetToZero()]) { $0.name == "cube" ? "freeze" : "train" },
        "ema": Chain { ScaleByLearningRate(0.1); ParameterEMA(decay: 0.9) },
    ]

    @Test(arguments: transformations.keys.sorted())
    func matchesReference(name: String) throws {
        let c = try #require(Self.fixture.cases.first { $0.name == name })
        let draw = Self.fixture.inputs.draws[c.draw]
        var optimizer = TransformationOptimizer(Self.transformations[name]!)
        var parameters = Self.parameterSet(draw.params)
        var worst: Float = 0, firstBad = ""
        var moved = false
        for (step, grads) in draw.grads.enumerated() {
            let before = parameters
            optimizer.step(&parameters, gradients: Self.parameterSet(grads))
            moved = moved || before != parameters
            let actual = name == "ema" ? optimizer.parameterAverage! : parameters
            for (a, b) in zip(actual.storage, Self.parameterSet(c.expected[step]).storage) {
                let ratio = a.isFinite ? Self.fixture.tolerance.ratio(a, b) : .infinity
                if ratio > 1 && firstBad.isEmpty { firstBad = "step \(step): \(a) vs \(b)" }
                worst = max(worst, ratio)
            }
        }
        #expect(moved)
        #expect(worst <= 1, "\(name): worst |a − b| / (atol + rtol·|b|) = \(worst); first at \(firstBad)")
    }

    @Test func everyFixtureCaseIsCovered() {
        #expect(Set(Self.fixture.cases.map(\.name)) == Set(Self.transformations.keys))
    }

    @Test(arguments: transformations.keys.sorted())
    func resumesBitIdenticallyFromSavedState(name: String) throws {
        let c = try #require(Self.fixture.cases.first { $0.name == name })
        let grads = Self.fixture.inputs.draws[c.draw].grads.map(Self.parameterSet)
        var straight = TransformationOptimizer(Self.transformations[name]!)
        var p = Self.parameterSet(Self.fixture.inputs.draws[c.draw].params)
        for g in grads.prefix(7) { straight.step(&p, gradients: g) }
        var resumed = TransformationOptimizer(Self.transformations[name]!)
        try resumed.loadStateTensors(straight.stateTensors(), for: p)
        var q = p
        for g in grads.dropFirst(7).prefix(9) {
            straight.step(&p, gradients: g)
            resumed.step(&q, gradients: g)
        }
        let same = p.storage.elementsEqual(q.storage) { $0 == $1 || ($0.isNaN && $1.isNaN) }
        #expect(same)
        #expect(straight.state == resumed.state || name == "apply_if_finite")
    }

    @Test func clipByValueBoundsEachElement() {
        var u = ParameterSet([("w", Tensor([-3, -0.2, 0.4, 7]))])
        var state = ClipByValue(0.5).initialState(for: u)
        ClipByValue(0.5).update(&u, state: &state, parameters: u)
        #expect(u.storage == [-0.5, -0.2, 0.4, 0.5])
    }

    @Test func centralizeSubtractsEachRowsMean() {
        // Optax's docstring example: [[1, 2, 3], [4, 5, 6]] → [[-1, 0, 1], [-1, 0, 1]]; vectors unchanged.
        var u = ParameterSet([("w", Tensor([[1, 2, 3], [4, 5, 6]])), ("b", Tensor([1, 2]))])
        var state = CentralizeGradients().initialState(for: u)
        CentralizeGradients().update(&u, state: &state, parameters: u)
        #expect(u.storage == [-1, 0, 1, -1, 0, 1, 1, 2])
    }

    @Test func noiseHasTheScheduledVarianceAndIsReproducible() throws {
        let noise = AddNoise(eta: 0.3, gamma: 0.55, seed: 7)
        var optimizer = TransformationOptimizer(noise)
        let zero = ParameterSet([("w", Tensor(repeating: 0, shape: [40_000]))])
        var p = zero
        var variances: [Double] = []
        for _ in 0..<10 {
            let before = p
            optimizer.step(&p, gradients: zero)
            let d = zip(p.storage, before.storage).map { Double($0 - $1) }
            let mean = d.reduce(0, +) / Double(d.count)
            #expect(abs(mean) < 0.02)
            variances.append(d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d.count - 1))
        }
        // η/(1 + t)^γ: 0.3 at t = 0, 0.3/10^0.55 ≈ 0.0846 at t = 9; the sample variance of
        // 40,000 normals is within 2% (about 7 standard errors).
        #expect(abs(variances[0] / 0.3 - 1) < 0.02, "\(variances[0])")
        #expect(abs(variances[9] / (0.3 / pow(10, 0.55)) - 1) < 0.02, "\(variances[9])")
        var again = TransformationOptimizer(noise)
        var q = zero
        for _ in 0..<10 { again.step(&q, gradients: zero) }
        #expect(p == q)
        var other = TransformationOptimizer(AddNoise(eta: 0.3, gamma: 0.55, seed: 8))
        var r = zero
        other.step(&r, gradients: zero)
        #expect(r.storage[0] != p.storage[0] || r.storage[1] != p.storage[1])
    }

    @Test func applyIfFiniteGivesUpAfterTooManyInARow() throws {
        var optimizer = TransformationOptimizer(ApplyIfFinite(Chain { ScaleByLearningRate(0.5) }, maxConsecutiveErrors: 2))
        var p = ParameterSet([("w", Tensor([1.0, 2.0]))])
        let bad = ParameterSet([("w", Tensor([1.0, .nan]))])
        optimizer.step(&p, gradients: p.filled(with: 2))
        #expect(p.storage == [0, 1])
        optimizer.step(&p, gradients: bad)
        optimizer.step(&p, gradients: bad)
        #expect(p.storage == [0, 1])  // two skipped, parameters kept
        try ApplyIfFinite.check(optimizer)
        let r = ApplyIfFinite.report(in: optimizer.state!)
        #expect(r == .init(consecutiveSkipped: 2, totalSkipped: 2, gaveUp: false))
        optimizer.step(&p, gradients: bad)  // a third in a row: applied, NaN reaches the parameters
        #expect(p.storage[1].isNaN && p.storage[0] == -0.5)
        do {
            try ApplyIfFinite.check(optimizer)
            Issue.record("check must throw after giving up")
        } catch {
            #expect("\(error)".contains("3 non-finite updates in a row"))
        }
    }

    @Test func setToZeroFreezesTheMaskedParameters() {
        var optimizer = TransformationOptimizer(Chain { ScaleByLearningRate(1); SetToZero(mask: .named(containing: ["frozen"])) })
        var p = ParameterSet([("frozen.w", Tensor([1.0, 2.0])), ("b", Tensor([3.0]))])
        optimizer.step(&p, gradients: p.filled(with: 1))
        #expect(p.storage == [1, 2, 2])
    }

    @Test func multiTransformKeepsStateForItsOwnGroupOnly() {
        let t = MultiTransform(included: Self.adam(0.1), excluded: Self.sgd(0.1), mask: .named(containing: ["embedding"]))
        let p = ParameterSet([("embedding", Tensor([1.0, 2.0, 3.0])), ("w", Tensor([1.0]))])
        let state = t.initialState(for: p)
        // Children in sorted label order: excluded (sgd: no buffers), included (adam on the embedding).
        #expect(state.children[0].children.allSatisfy { $0.buffers.isEmpty })
        #expect(state.children[1].children[0].buffers["exp_avg"]!.names == ["embedding"])
    }

    @Test func trustRatioIsPerParameterTensor() {
        // Two tensors with very different scales: each update is rescaled to its own weight norm.
        let parameters = ParameterSet([("a", Tensor([[3, 4]])), ("b", Tensor([[0, 100]]))])
        var updates = ParameterSet([("a", Tensor([[1, 0]])), ("b", Tensor([[0, 2]]))])
        var state = TransformationState()
        ScaleByTrustRatio().update(&updates, state: &state, parameters: parameters)
        #expect(updates.storage == [5, 0, 0, 100])
        // LARS form: η‖p‖/(‖g‖ + λ‖p‖) · (g + λp), vectors untouched by the mask.
        let lars = ScaleByTrustRatio(trustCoefficient: 0.5, weightDecay: 0.1, mask: .excludingBiasesAndNorms)
        let p2 = ParameterSet([("w", Tensor([[3, 4]])), ("bias", Tensor([7]))])
        var u2 = ParameterSet([("w", Tensor([[0, 1.5]])), ("bias", Tensor([2]))])
        lars.update(&u2, state: &state, parameters: p2)
        // r = 0.5·5/(1.5 + 0.5) = 1.25; (g + 0.1p) = (0.3, 1.9).
        #expect(u2.storage == [0.3 * 1.25, 1.9 * 1.25, 2])
        // LAMB form: the weight norm is clamped (at 10 in the reference) after scaling by the decay factor.
        let lamb = ScaleByTrustRatio(maxParameterNorm: 10, parameterScale: 0.5)
        let p3 = ParameterSet([("w", Tensor([[30, 40]])), ("v", Tensor([[3, 4]]))])
        var u3 = ParameterSet([("w", Tensor([[0, 2]])), ("v", Tensor([[0, 0.5]]))])
        lamb.update(&u3, state: &state, parameters: p3)
        #expect(u3.storage == [0, 10, 0, 2.5])
    }

    @Test func clipByGlobalNormAndMasksDoWhatTheySay() {
        var updates = ParameterSet([("w", Tensor([[3, 0], [0, 0]])), ("b", Tensor([4]))])
        var state = TransformationState()
        ClipByGlobalNorm(1).update(&updates, state: &state, parameters: updates)
        #expect(updates.storage == [0.6, 0, 0, 0, 0.8])
        let parameters = ParameterSet([("w", Tensor([[1, 1], [1, 1]])), ("b", Tensor([1]))])
        var decayed = parameters.zeros()
        AddDecayedWeights(0.5, mask: .excludingBiasesAndNorms).update(&decayed, state: &state, parameters: parameters)
        #expect(decayed.storage == [0.5, 0.5, 0.5, 0.5, 0])
    }
}
