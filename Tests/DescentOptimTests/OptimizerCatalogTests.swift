import Foundation
import Testing
@testable import DescentOptim

/// The catalog drives the optimizer checks. For every optimizer it lists:
/// - its fixture (Fixtures/optimizers/NAME.json) exists, and every case replays within the
///   fixture's tolerance of the reference the catalog names; where the entry has a fused
///   kernel beside its typed preset, both forms replay it;
/// - a run saved mid-way (after a warm-up, inside a cosine schedule) and loaded into a fresh
///   optimizer continues bit-identically; where both forms exist, a checkpoint written by
///   either form loads into the other (same keys, same bits), continues there within the
///   fixture's tolerance, and goes back bit-identically to an uninterrupted run;
/// - a fused kernel equals its composed preset step by step on an arena large enough for
///   every parallel path, for each setting of the fixture.
/// An optimizer added to the catalog without a fixture fails here.
struct OptimizerCatalogTests {
    @Test(arguments: OptimizerCatalog.all.map(\.name))
    func optimizerMatchesItsReferenceResumesAndFusesExactly(name: String) throws {
        let fixture = try #require(try OptimizerFixture.named(name), "\(name) has no fixture Fixtures/optimizers/\(name).json")
        #expect(fixture.optimizer == name)
        // The catalog names the reference the fixture was made with (torch's class, or the package's version).
        let descriptor = try #require(OptimizerCatalog.descriptor(named: name))
        let source = fixture.reference.package == "torch" ? fixture.reference.class : fixture.reference.version
        #expect(descriptor.reference.contains(source), "\(name): the catalog says \(descriptor.reference), the fixture comes from \(fixture.reference)")
        #expect(fixture.cases.count >= 2, "\(name) has \(fixture.cases.count) fixture cases")
        #expect(fixture.cases.contains { !$0.hyperparameters.isEmpty }, "\(name) has no non-default case")
        // Every optimizer but the objective-driven L-BFGS is its typed preset.
        #expect((descriptor.preset == nil) == (name == "lbfgs"), "\(name): preset \(descriptor.preset == nil ? "missing" : "given")")
        for c in fixture.cases {
            let settings = OptimizerSettings(hyperparameters: try OptimizerSpec(name: name, settings: c.settings).hyperparameters)
            try Self.checkParity(fixture, c, descriptor.make(settings), form: "catalog")
            guard let (fused, composed) = Self.forms(descriptor, settings) else { continue }
            #expect(fused.isFused && !composed.isFused)
            #expect((fused.transformation as? Chain)?.partNames == (composed.transformation as? Chain)?.partNames,
                    "\(name) \(c.settings): the fused kernel's chain is not the preset's")
            try Self.checkParity(fixture, c, fused, form: "fused")
            try Self.checkParity(fixture, c, composed, form: "composed")
            Self.checkFusedEqualsComposed(fused, composed, tolerance: fixture.tolerance, setting: c.settings)
        }
        // The case with the most settings away from the defaults keeps the most state.
        let richest = fixture.cases.max { $0.hyperparameters.count < $1.hyperparameters.count }!
        try Self.checkResume(fixture, richest)
    }

    /// The entry's fused form and its typed composed preset, where it has both.
    static func forms(_ descriptor: OptimizerDescriptor, _ settings: OptimizerSettings)
        -> (fused: TransformationOptimizer, composed: TransformationOptimizer)? {
        guard let fused = descriptor.fused, let preset = descriptor.preset else { return nil }
        return (fused(settings), TransformationOptimizer(preset(settings), name: descriptor.name))
    }

    /// Replays case `c` with `optimizer`, checking every step's parameters (and the loss,
    /// evaluation point, state and counters where the fixture has them).
    static func checkParity(_ fixture: OptimizerFixture, _ c: OptimizerFixture.Case, _ made: any Optimizer, form: String) throws {
        let problem = fixture.problem(of: c)
        let label = "\(fixture.optimizer) (\(form)) \(c.settings)"
        var optimizer = made
        var parameters = problem.start
        var worst: Float = 0, worstStep = 0, worstName = ""
        var worstLoss: Float = 0
        for (index, expected) in c.steps.enumerated() {
            let loss = problem.step(&optimizer, &parameters, index: index)
            let reference = problem.parameterSet(expected.params)
            for entry in parameters.entries {
                for i in entry.range where fixture.tolerance.ratio(parameters.storage[i], reference.storage[i]) > worst {
                    worst = fixture.tolerance.ratio(parameters.storage[i], reference.storage[i])
                    (worstStep, worstName) = (index + 1, entry.name)
                }
            }
            if let expectedLoss = expected.loss, let loss { worstLoss = max(worstLoss, fixture.tolerance.ratio(loss, expectedLoss)) }
        }
        #expect(worst <= 1, "\(label): worst |a − b| / (atol + rtol·|b|) = \(worst) at step \(worstStep) in \(worstName)")
        #expect(worstLoss <= 1, "\(label): worst loss ratio \(worstLoss)")
        #expect(parameters.storage != problem.start.storage, "\(label) did not move the parameters")
        let last = c.steps.last!
        if let evalParams = last.evalParams {
            let x = try #require((optimizer as? TransformationOptimizer)?.scheduleFreeEvaluationPoint(training: parameters))
            let expected = problem.parameterSet(evalParams)
            let worstEval = zip(x.storage, expected.storage).map { fixture.tolerance.ratio($0, $1) }.max()!
            #expect(worstEval <= 1, "\(label) evaluation point: worst ratio \(worstEval)")
        }
        for (key, values) in last.state ?? [:] {
            // A state buffer by the reference's name, read from the chain's state by suffix.
            let state = optimizer.stateTensors()
            for parameter in problem.names {
                let saved = try #require(state.first { $0.key.hasSuffix("\(key)/\(parameter)") }?.value.float32, "\(label): no float32 \(key) state")
                let worstState = zip(saved.scalars, values[parameter]!).map { fixture.tolerance.ratio($0, $1) }.max()!
                #expect(worstState <= 1, "\(label) state \(key)/\(parameter): worst ratio \(worstState)")
            }
        }
        if let counters = last.counters, let lbfgs = optimizer as? LBFGS {
            // The same evaluations; at convergence the loss changes by a float32 ulp or less, and
            // PyTorch may take one more iteration that stops before evaluating (gᵀd ≥ −tol).
            #expect(lbfgs.funcEvals == counters["func_evals"], "\(label): \(lbfgs.funcEvals) evaluations, reference \(counters["func_evals"]!)")
            #expect(abs(lbfgs.iterations - counters["n_iter"]!) <= 1, "\(label): \(lbfgs.iterations) iterations, reference \(counters["n_iter"]!)")
        }
    }

    /// Stopped after k steps, saved and loaded into a fresh optimizer, a run continues
    /// bit-identically to the uninterrupted one, inside a warm-up and cosine schedule (the
    /// objective-driven L-BFGS without one); a fresh optimizer without the state does not.
    /// Where the entry has a fused form and a composed preset, a checkpoint written by either
    /// (through a safetensors file) loads into the other with the same keys and bits,
    /// continues there within the fixture's tolerance, and loaded back into the writer's form
    /// continues bit-identically to the writer's uninterrupted run.
    static func checkResume(_ fixture: OptimizerFixture, _ c: OptimizerFixture.Case) throws {
        let problem = fixture.problem(of: c)
        let spec = try OptimizerSpec(name: fixture.optimizer, settings: c.settings)
        let label = "\(fixture.optimizer) \(c.settings)"
        let (k, more) = problem.objective == nil ? (7, 8) : (2, 3)
        let make: () throws -> any Optimizer
        if problem.objective == nil {
            let recipe = TrainingRecipe(schedule: try ScheduleSpec(parsing: "cosine:t_max=20"), warmupSteps: 2)
            make = { try recipe.makeOptimizer(spec) }
        } else {
            make = { spec.descriptor.make(OptimizerSettings(hyperparameters: spec.hyperparameters)) }
        }
        var straight = try make()
        var parameters = problem.start
        for index in 0..<k { _ = problem.step(&straight, &parameters, index: index) }
        let saved = straight.stateTensors()
        #expect(!saved.isEmpty, "\(label) saved no state")
        let midpoint = parameters
        var resumed = try make()
        try resumed.loadStateTensors(saved, for: midpoint)
        var restarted = try make()
        var (copy, other) = (midpoint, midpoint)
        for index in k..<(k + more) {
            _ = problem.step(&straight, &parameters, index: index)
            _ = problem.step(&resumed, &copy, index: index)
            _ = problem.step(&restarted, &other, index: index)
        }
        #expect(parameters.storage == copy.storage, "\(label): resumed after \(k) steps differs from the uninterrupted run")
        #expect(other.storage != parameters.storage, "\(label): the saved state made no difference")

        let settings = OptimizerSettings(hyperparameters: spec.hyperparameters)
        guard let (fused, composed) = forms(spec.descriptor, settings) else { return }
        for (writer, reader) in [(fused, composed), (composed, fused)] {
            let route = "\(writer.isFused ? "fused" : "composed") → \(reader.isFused ? "fused" : "composed")"
            var uninterrupted: any Optimizer = writer
            var p = problem.start
            for index in 0..<(k + more) { _ = problem.step(&uninterrupted, &p, index: index) }
            var first: any Optimizer = writer
            var q = problem.start
            for index in 0..<k { _ = problem.step(&first, &q, index: index) }
            // The checkpoint, written to an optimizer.safetensors file and read back.
            let written = try SafeTensors.decode(try SafeTensors.encode(first.stateTensors()), source: "optimizer.safetensors").tensors
            var other: any Optimizer = reader
            try other.loadStateTensors(written, for: q)
            let read = other.stateTensors()
            #expect(Set(read.keys) == Set(written.keys), "\(label) \(route): the two forms save different keys")
            #expect(read.allSatisfy { written[$0.key] == $0.value }, "\(label) \(route): the state changed on loading")
            // The other form continues within the fixture's tolerance of the uninterrupted run…
            var r = q
            var continued = other
            for index in k..<(k + more) { _ = problem.step(&continued, &r, index: index) }
            let worst = zip(r.storage, p.storage).map { fixture.tolerance.ratio($0, $1) }.max()!
            #expect(worst <= 1, "\(label) \(route): continuing in the other form is off by \(worst) tolerances")
            // …and the checkpoint goes back to the writer's form bit-identically.
            var back: any Optimizer = writer
            try back.loadStateTensors(try SafeTensors.decode(try SafeTensors.encode(read), source: "optimizer.safetensors").tensors, for: q)
            for index in k..<(k + more) { _ = problem.step(&back, &q, index: index) }
            #expect(p.storage == q.storage, "\(label) \(route) and back: not bit-identical to the uninterrupted run")
        }
    }

    /// An arena of 126,400 elements (a matrix, a vector and a 3-D tensor) and 12 gradients,
    /// large enough that the kernels and the chains run their multi-threaded paths.
    static let arena: (start: ParameterSet, gradients: [ParameterSet]) = {
        var generator = RandomGenerator(seed: 11)
        func draw() -> ParameterSet {
            ParameterSet([("w", [300, 400]), ("b", [400]), ("k", [3, 40, 50])].map { name, shape in
                (name, Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.normal() }))
            })
        }
        let start = draw()
        return (start, (0..<12).map { _ in draw() })
    }()

    /// The fused kernel and its composed preset, 12 steps each on the large arena, agree
    /// within the fixture's tolerance, and the first step moves nearly every element (later
    /// ones may bring a sign method's element back where it started).
    static func checkFusedEqualsComposed(_ fused: TransformationOptimizer, _ composed: TransformationOptimizer,
                                         tolerance: OptimizerFixture.Tolerance, setting: [String]) {
        var (kernel, chain) = (fused, composed)
        var (a, b) = (arena.start, arena.start)
        for (index, g) in arena.gradients.enumerated() {
            kernel.step(&a, gradients: g)
            chain.step(&b, gradients: g)
            if index == 0 {
                let moved = zip(a.storage, arena.start.storage).filter { $0 != $1 }.count
                #expect(moved > a.scalarCount * 9 / 10, "\(fused.name) \(setting): only \(moved) elements moved")
            }
        }
        let worst = zip(a.storage, b.storage).map { tolerance.ratio($0, $1) }.max()!
        #expect(worst <= 1, "\(fused.name) \(setting): worst |fused − composed| / (atol + rtol·|composed|) = \(worst)")
    }
}
