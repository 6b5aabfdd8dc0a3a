import Foundation
import Testing
@testable import DescentOptim

/// Every optimizer against torch.optim: 50 steps on a vector, a matrix and a 3-D tensor
/// (Muon: three matrices), fixtures from scripts/fixtures/optimizers.py. Each case runs
/// the catalog's optimizer (fused where there is a kernel) and the composed chain.
struct TorchParityTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let optimizer: String
            let hyperparameters: [String: Double]
            let names: [String]?
            let params: [String: NestedArray]
            let grads: [[String: NestedArray]]
            let expected: [[String: NestedArray]]
            let ax: [String: NestedArray]?
        }
        let cases: [Case]
    }

    static func load<T: Decodable>(_ name: String, as: T.Type = T.self) -> T {
        let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    /// SGD, Adam and AdamW (the first file; ComposedFormTests index into it).
    static let fixture: Fixture = load("torch_optimizers")

    /// The optimizers with one fixture file each (torch_optimizers_NAME.json).
    static let familyNames = ["adamax", "nadam", "radam", "rmsprop", "adagrad", "adadelta", "rprop", "asgd", "adafactor", "muon"]

    static let families: [String: Fixture] = Dictionary(uniqueKeysWithValues: familyNames.map { ($0, load("torch_optimizers_\($0)")) })

    /// "name#index" for every case of every family file.
    static let familyCases: [String] = familyNames.flatMap { name in families[name]!.cases.indices.map { "\(name)#\($0)" } }

    static func familyCase(_ id: String) -> Fixture.Case {
        let parts = id.split(separator: "#")
        return families[String(parts[0])]!.cases[Int(parts[1])!]
    }

    static let names = ["vector", "matrix", "cube"]

    static func parameterSet(_ values: [String: NestedArray]) -> ParameterSet {
        ParameterSet(names.map { ($0, values[$0]!.tensor) })
    }

    static func parameterSet(_ values: [String: NestedArray], names: [String]?) -> ParameterSet {
        ParameterSet((names ?? Self.names).map { ($0, values[$0]!.tensor) })
    }

    static func spec(_ c: Fixture.Case) throws -> OptimizerSpec {
        try OptimizerSpec(name: c.optimizer, settings: c.hyperparameters.map { "\($0.key)=\($0.value)" })
    }

    /// The composed chain for a torch optimizer, from resolved hyperparameters.
    static func composed(_ name: String, _ h: [String: Double]) -> TransformationOptimizer {
        let f = { (key: String) in Float(h[key]!) }
        let flag = { (key: String) in h[key]! != 0 }
        let chain: Chain
        switch name {
        case "sgd":
            chain = .sgd(lr: .constant(f("lr")), momentum: f("momentum"), dampening: f("dampening"), weightDecay: f("weight_decay"),
                         nesterov: flag("nesterov"), maximize: flag("maximize"))
        case "adamax":
            chain = .adamax(lr: f("lr"), beta1: f("beta1"), beta2: f("beta2"), eps: f("eps"), weightDecay: f("weight_decay"),
                            maximize: flag("maximize"))
        case "nadam":
            chain = .nadam(lr: f("lr"), beta1: f("beta1"), beta2: f("beta2"), eps: f("eps"), weightDecay: f("weight_decay"),
                           momentumDecay: f("momentum_decay"), decoupledWeightDecay: flag("decoupled_weight_decay"),
                           maximize: flag("maximize"))
        case "radam":
            chain = .radam(lr: f("lr"), beta1: f("beta1"), beta2: f("beta2"), eps: f("eps"), weightDecay: f("weight_decay"),
                           decoupledWeightDecay: flag("decoupled_weight_decay"), maximize: flag("maximize"))
        case "rmsprop":
            chain = .rmsprop(lr: f("lr"), alpha: f("alpha"), eps: f("eps"), weightDecay: f("weight_decay"), momentum: f("momentum"),
                             centered: flag("centered"), maximize: flag("maximize"))
        case "adagrad":
            chain = .adagrad(lr: f("lr"), lrDecay: f("lr_decay"), weightDecay: f("weight_decay"),
                             initialAccumulatorValue: f("initial_accumulator_value"), eps: f("eps"), maximize: flag("maximize"))
        case "adadelta":
            chain = .adadelta(lr: f("lr"), rho: f("rho"), eps: f("eps"), weightDecay: f("weight_decay"), maximize: flag("maximize"))
        case "rprop":
            chain = .rprop(lr: f("lr"), etaMinus: f("eta_minus"), etaPlus: f("eta_plus"), stepSizeMin: f("step_size_min"),
                           stepSizeMax: f("step_size_max"), maximize: flag("maximize"))
        case "asgd":
            chain = .asgd(lr: f("lr"), lambd: f("lambd"), alpha: f("alpha"), t0: f("t0"), weightDecay: f("weight_decay"),
                          maximize: flag("maximize"))
        case "adafactor":
            chain = .adafactor(lr: f("lr"), beta2Decay: f("beta2_decay"), eps1: f("eps1"), eps2: f("eps2"), d: f("d"),
                               weightDecay: f("weight_decay"), maximize: flag("maximize"))
        case "muon":
            chain = .muon(lr: f("lr"), weightDecay: f("weight_decay"), momentum: f("momentum"), nesterov: flag("nesterov"),
                          coefficients: (h["ns_a"]!, h["ns_b"]!, h["ns_c"]!), eps: f("eps"), nsSteps: Int(h["ns_steps"]!),
                          adjustLR: ScaleByNewtonSchulz.AdjustLR(rawValue: Int(h["adjust_lr_fn"]!))!)
        default:
            preconditionFailure("no composed form for \(name)")
        }
        return TransformationOptimizer(chain, name: name)
    }

    /// The worst allclose ratio over all steps of `optimizer` replaying case `c`.
    static func worstRatio(_ optimizer: inout some Optimizer, _ c: Fixture.Case) -> Float {
        var parameters = parameterSet(c.params, names: c.names)
        var worst: Float = 0
        for (step, grads) in c.grads.enumerated() {
            optimizer.step(&parameters, gradients: parameterSet(grads, names: c.names))
            let expected = parameterSet(c.expected[step], names: c.names)
            for (a, b) in zip(parameters.storage, expected.storage) { worst = max(worst, allcloseRatio(a, b)) }
        }
        return worst
    }

    @Test(arguments: 0..<8)
    func matchesTorch(caseIndex: Int) throws {
        let c = Self.fixture.cases[caseIndex]
        var optimizer = try Self.spec(c).make()
        let worst = Self.worstRatio(&optimizer, c)
        #expect(worst <= 1, "\(c.optimizer) \(c.hyperparameters): worst |a − b| / (1e-4·|b| + 1e-6) = \(worst)")
    }

    /// SGD as a chain (coupled decay → trace → lr) equals torch.optim.SGD, as the fused SGD does.
    @Test(arguments: 0..<3)
    func composedSGDMatchesTorch(caseIndex: Int) throws {
        let c = Self.fixture.cases[caseIndex]
        var optimizer = Self.composed("sgd", try Self.spec(c).hyperparameters)
        let worst = Self.worstRatio(&optimizer, c)
        #expect(worst <= 1, "composed sgd \(c.hyperparameters): worst ratio \(worst)")
    }

    @Test(arguments: TorchParityTests.familyCases)
    func familyMatchesTorch(caseID: String) throws {
        let c = Self.familyCase(caseID)
        let spec = try Self.spec(c)
        var catalog = try spec.make()
        let worstCatalog = Self.worstRatio(&catalog, c)
        #expect(worstCatalog <= 1, "\(caseID) \(c.hyperparameters): worst |a − b| / (1e-4·|b| + 1e-6) = \(worstCatalog)")
        var chain = Self.composed(c.optimizer, spec.hyperparameters)
        let worstChain = Self.worstRatio(&chain, c)
        #expect(worstChain <= 1, "composed \(caseID) \(c.hyperparameters): worst ratio \(worstChain)")
        if let ax = c.ax {
            // ASGD's running average of the iterates, read from the chain's state by name.
            let state = chain.stateTensors()
            var worst: Float = 0
            for name in c.names ?? Self.names {
                let key = state.keys.first { $0.hasSuffix("ax/\(name)") }!
                for (a, b) in zip(state[key]!.float32!.scalars, ax[name]!.tensor.scalars) { worst = max(worst, allcloseRatio(a, b)) }
            }
            #expect(worst <= 1, "\(caseID) averaged iterates: worst ratio \(worst)")
        }
    }

    /// Muon takes only matrices, as `torch.optim.Muon` (which raises `ValueError`): a vector
    /// stops the process with a message naming the parameter.
    @Test func muonRejectsParametersThatAreNotMatrices() async {
        await #expect(processExitsWith: .failure) {
            var optimizer = try! OptimizerSpec(name: "muon", settings: []).make()
            var p = ParameterSet([("w", Tensor.ones([2, 2])), ("bias", Tensor.ones([3]))])
            optimizer.step(&p, gradients: p.filled(with: 1))
        }
    }

    // MARK: L-BFGS

    struct LBFGSFixture: Decodable {
        struct Case: Decodable {
            let problem: String
            let hyperparameters: [String: Double]
            let start: [Float]
            let iterates: [[Float]]
            let losses: [Float]
            let func_evals: Int
            let n_iter: Int
        }
        let cases: [Case]
    }

    static let lbfgsFixture: LBFGSFixture = load("torch_lbfgs")

    /// The fixture's objectives, operation for operation as the fixture script computes them in float32.
    static func objective(_ problem: String) -> (ParameterSet) -> (loss: Float, gradient: ParameterSet) {
        let a: [[Float]] = [[4, 1, 0.5, 0, 0], [1, 3, 0, 0.25, 0], [0.5, 0, 2, 0, 0.5], [0, 0.25, 0, 1.5, 0], [0, 0, 0.5, 0, 1]]
        let b: [Float] = [1, -2, 0.5, 3, -1]
        return { p in
            let x = p.storage
            var loss: Float
            var g: [Float]
            if problem == "rosenbrock" {
                let u = 1 - x[0], v = x[1] - x[0] * x[0]
                loss = u * u + 100 * (v * v)
                g = [-2 * u - 400 * (v * x[0]), 200 * v]
            } else {
                var ax = [Float](repeating: 0, count: 5)
                for i in 0..<5 { for j in 0..<5 { ax[i] += a[i][j] * x[j] } }
                var xAx: Float = 0, bx: Float = 0
                for i in 0..<5 { xAx += x[i] * ax[i]; bx += b[i] * x[i] }
                loss = 0.5 * xAx - bx
                g = (0..<5).map { ax[$0] - b[$0] }
            }
            return (loss, ParameterSet([("x", Tensor(shape: [x.count], scalars: g))]))
        }
    }

    static func lbfgs(_ h: [String: Double]) throws -> LBFGS {
        let settings = h.map { "\($0.key)=\($0.value)" }
        let spec = try OptimizerSpec(name: "lbfgs", settings: settings)
        return spec.descriptor.make(OptimizerSettings(hyperparameters: spec.hyperparameters)) as! LBFGS
    }

    @Test(arguments: 0..<6)
    func lbfgsMatchesTorch(caseIndex: Int) throws {
        let c = Self.lbfgsFixture.cases[caseIndex]
        var optimizer = try Self.lbfgs(c.hyperparameters)
        var x = ParameterSet([("x", Tensor(shape: [c.start.count], scalars: c.start))])
        let objective = Self.objective(c.problem)
        var worst: Float = 0, worstLoss: Float = 0
        for (step, expected) in c.iterates.enumerated() {
            let loss = optimizer.step(&x, objective: objective)
            worstLoss = max(worstLoss, allcloseRatio(loss, c.losses[step]))
            for (a, b) in zip(x.storage, expected) { worst = max(worst, allcloseRatio(a, b)) }
        }
        #expect(worst <= 1, "lbfgs \(c.problem) \(c.hyperparameters): worst iterate ratio \(worst)")
        #expect(worstLoss <= 1, "lbfgs \(c.problem) \(c.hyperparameters): worst loss ratio \(worstLoss)")
        // The same evaluations; at convergence the loss changes by a float32 ulp or less, and
        // PyTorch may take one more iteration that stops before evaluating (gᵀd ≥ −tol).
        #expect(optimizer.funcEvals == c.func_evals && abs(optimizer.iterations - c.n_iter) <= 1,
                "evaluations \(optimizer.funcEvals)/\(c.func_evals), iterations \(optimizer.iterations)/\(c.n_iter)")
    }

    @Test func lbfgsResumedWithTheObjectiveIsBitIdentical() throws {
        let objective = Self.objective("rosenbrock")
        var straight = LBFGS(lr: 0.5, maxIter: 4, historySize: 3, strongWolfe: true)
        var x = ParameterSet([("x", Tensor(shape: [2], scalars: [-1.2, 1]))])
        for _ in 0..<2 { straight.step(&x, objective: objective) }
        var resumed = LBFGS(lr: 0.5, maxIter: 4, historySize: 3, strongWolfe: true)
        try resumed.loadStateTensors(straight.stateTensors(), for: x)
        var copy = x
        for _ in 0..<3 {
            straight.step(&x, objective: objective)
            resumed.step(&copy, objective: objective)
        }
        #expect(x.storage == copy.storage && straight.funcEvals == resumed.funcEvals)
        #expect(straight.stateTensors()["old_dirs.2/x"] != nil, "the history is full (3 pairs) and saved")
    }

    @Test func lbfgsReachesTheMinimumOfTheQuadratic() throws {
        // The minimiser solves Ax = b (numpy.linalg.solve); L-BFGS with line search gets
        // there in one call, up to float32 resolution of the loss.
        let solution: [Float] = [0.443110349, -0.994854202, 0.444825615, 2.16580903, -1.22241281]
        var optimizer = LBFGS(strongWolfe: true)
        var x = ParameterSet([("x", Tensor(shape: [5], scalars: [0, 0, 0, 0, 0]))])
        optimizer.step(&x, objective: Self.objective("quadratic"))
        let error = zip(x.storage, solution).map { abs($0 - $1) }.max()!
        #expect(error < 2e-3, "distance to the minimiser \(error): \(x.storage)")
    }

    // MARK: State

    /// Every torch-family optimizer (catalog form, with a non-default setting from its
    /// fixture) resumed from `stateTensors()` after k steps continues bit-identically.
    static let resumeCases: [String] = ["sgd#1", "sgd#2", "adam#4", "adamw#6"] + familyNames.flatMap { ["\($0)#0", "\($0)#1"] } + ["lbfgs#0"]

    @Test(arguments: TorchParityTests.resumeCases)
    func resumedRunIsBitIdentical(caseID: String) throws {
        let parts = caseID.split(separator: "#")
        let (name, index) = (String(parts[0]), Int(parts[1])!)
        let c: Fixture.Case
        if name == "lbfgs" {
            c = Self.fixture.cases[0]
        } else if Self.familyNames.contains(name) {
            c = Self.familyCase(caseID)
        } else {
            c = Self.fixture.cases[index]
        }
        let spec = name == "lbfgs" ? try OptimizerSpec(name: "lbfgs", settings: ["lr=0.05", "history_size=3"]) : try Self.spec(c)
        for k in [1, 7] {
            var straight = try spec.make()
            var parameters = Self.parameterSet(c.params, names: c.names)
            for grads in c.grads.prefix(k) { straight.step(&parameters, gradients: Self.parameterSet(grads, names: c.names)) }
            let saved = straight.stateTensors()
            var resumed = try spec.make()
            var copy = parameters
            try resumed.loadStateTensors(saved, for: copy)
            for grads in c.grads.dropFirst(k).prefix(6) {
                let g = Self.parameterSet(grads, names: c.names)
                straight.step(&parameters, gradients: g)
                resumed.step(&copy, gradients: g)
            }
            #expect(parameters.storage == copy.storage, "\(caseID): resumed after \(k) steps differs")
            #expect(parameters.storage != Self.parameterSet(c.params, names: c.names).storage)
        }
    }

    @Test func stateRoundTripsByNameInAnotherOrder() throws {
        let c = Self.fixture.cases[6]  // AdamW with AMSGrad: three state buffers.
        let spec = try OptimizerSpec(name: c.optimizer, settings: c.hyperparameters.map { "\($0.key)=\($0.value)" })
        var straight = try spec.make()
        var parameters = Self.parameterSet(c.params)
        for grads in c.grads.prefix(10) { straight.step(&parameters, gradients: Self.parameterSet(grads)) }
        // Reload the state into a set that lists the parameters in reverse order.
        let reversedNames = Self.names.reversed()
        var reordered = ParameterSet(reversedNames.map { ($0, parameters[$0]) })
        var resumed = try spec.make()
        try resumed.loadStateTensors(straight.stateTensors(), for: reordered)
        for grads in c.grads.dropFirst(10).prefix(5) {
            straight.step(&parameters, gradients: Self.parameterSet(grads))
            let g = ParameterSet(reversedNames.map { ($0, grads[$0]!.tensor) })
            resumed.step(&reordered, gradients: g)
        }
        for name in Self.names { #expect(parameters[name] == reordered[name]) }
    }

    @Test func mismatchedStateNamesTheParameter() throws {
        var optimizer = try OptimizerSpec(name: "adamw", settings: []).make()
        var p = ParameterSet([("w", Tensor.ones([2, 2]))])
        optimizer.step(&p, gradients: p.filled(with: 1))
        var other = try OptimizerSpec(name: "adamw", settings: []).make()
        let wrongShape = ParameterSet([("w", Tensor.ones([3]))])
        #expect(throws: OptimizerStateError.self) { try other.loadStateTensors(optimizer.stateTensors(), for: wrongShape) }
        do {
            try other.loadStateTensors(optimizer.stateTensors(), for: ParameterSet([("v", Tensor.ones([2, 2]))]))
            Issue.record("loading state for another parameter name must fail")
        } catch {
            #expect("\(error)".contains("parameter v"))
        }
    }

    @Test func unknownOptimizerAndHyperparameterAreRejected() {
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "adamx", settings: []) }
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "adamw", settings: ["momentum=0.9"]) }
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "adamw", settings: ["lr=fast"]) }
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "sgd", settings: ["nesterov=maybe"]) }
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "sgd", settings: ["nesterov=true"]) }
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "muon", settings: ["ns_steps=2.5"]) }
    }
}

/// A JSON number or nested array of numbers, as a tensor.
enum NestedArray: Decodable {
    case number(Float)
    case array([NestedArray])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let x = try? container.decode(Float.self) { self = .number(x) } else { self = .array(try container.decode([NestedArray].self)) }
    }

    var shape: [Int] {
        switch self {
        case .number: return []
        case .array(let items): return [items.count] + (items.first?.shape ?? [])
        }
    }

    var flat: [Float] {
        switch self {
        case .number(let x): return [x]
        case .array(let items): return items.flatMap(\.flat)
        }
    }

    var tensor: Tensor { Tensor(shape: shape, scalars: flat) }
}

/// |a − b| in units of the tolerance 1e-4·|b| + 1e-6 (numpy's allclose with rtol 1e-4,
/// atol 1e-6): at most 1 means equal to float32 rounding over many steps.
func allcloseRatio(_ a: Float, _ b: Float) -> Float {
    abs(a - b) / (1e-4 * abs(b) + 1e-6)
}
