import DescentNN
import Foundation
import Testing
@testable import DescentBench

@Suite struct WorkloadCatalogTests {
    /// One short trial of `workload` with `budget` steps and an unreachable target.
    static func shortTrial(_ workload: Workload, budget: Int, seed: UInt64 = 0) throws -> TrialResult {
        let open = workload.with(target: workload.metric.minimizes ? -.infinity : .infinity, budgetSteps: budget)
        return try TrialRunner.run(workload: open, problem: try open.problem(), optimizer: try BenchOptimizer(named: "adamw"),
                                   point: open.reference, study: 0, trial: 0, seed: seed)
    }

    @Test func standardSuiteHasElevenWorkloadsAndQuickIsItsSubset() throws {
        let standard = try BenchmarkSuite.named("standard"), quick = try BenchmarkSuite.named("quick"), full = try BenchmarkSuite.named("full")
        #expect(standard.workloads.count == 11 && Set(standard.workloads.map(\.name)).count == 11)
        #expect(full.workloads.map(\.name) == standard.workloads.map(\.name))
        for (f, s) in zip(full.workloads, standard.workloads) { #expect(f.budgetSteps == 3 * s.budgetSteps) }
        for w in quick.workloads {
            let s = try #require(standard.workloads.first { $0.name == w.name })
            #expect(s.target == w.target && s.budgetSteps == w.budgetSteps)
        }
        #expect(throws: BenchmarkError.self) { try BenchmarkSuite.named("quick", dataDirectory: "/tmp") }
        #expect(throws: BenchmarkError.self) { try BenchmarkSuite.named("standard", dataDirectory: "/nonexistent-\(UUID())") }
    }

    @Test func friedmanWorkloadDataFollowSklearnsFormula() throws {
        let problem = try WorkloadCatalog.friedman1(budget: 1, target: 0).problem()
        let train = try #require(problem.train as? TensorBatchSource)
        #expect(train.inputs.shape == [1400, 10])
        // y − f(X) is the N(0, 1) noise of make_friedman1.
        var residuals: [Double] = []
        for row in 0..<1400 {
            let x = (0..<5).map { Double(train.inputs.scalars[row * 10 + $0]) }
            let f = 10 * sin(Double.pi * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3] + 5 * x[4]
            residuals.append(Double(train.targets.scalars[row]) - f)
        }
        let mean = residuals.reduce(0, +) / 1400
        let sd = (residuals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 1399).squareRoot()
        #expect(abs(mean) < 0.1 && abs(sd - 1) < 0.06, "mean \(mean), sd \(sd)")
        #expect(train.inputs.scalars.allSatisfy { (0..<1).contains($0) })
    }

    @Test func metricsMatchHandComputedValues() {
        // Three classes; outputs' argmax: 0, 1, 1, 2, 0. Labels: 0, 1, 2, 2, 1.
        let outputs: [Float] = [3, 1, 0, 0, 2, 1, 0, 5, 4, 1, 1, 9, 7, 0, 0]
        let labels: [Float] = [0, 1, 2, 2, 1]
        #expect(ValidationMetric.accuracy.value(outputs: outputs, width: 3, targets: labels) == 3.0 / 5)
        // Recalls: class 0: 1/1, class 1: 1/2, class 2: 1/2.
        #expect(abs(ValidationMetric.balancedAccuracy.value(outputs: outputs, width: 3, targets: labels) - 2.0 / 3) < 1e-12)
        #expect(abs(ValidationMetric.rmse.value(outputs: [1, 2, 4], width: 1, targets: [1, 4, 1]) - (13.0 / 3).squareRoot()) < 1e-12)
        // A zero target does not count towards MAPE: |2 − 4|/4 and |4 − 1|/1.
        #expect(abs(ValidationMetric.mape.value(outputs: [2, 4, 9], width: 1, targets: [4, 1, 0]) - (0.5 + 3) / 2) < 1e-12)
        #expect(ValidationMetric.mape.value(outputs: [1], width: 1, targets: [0]).isNaN)
        #expect(ValidationMetric.rmse.minimizes && ValidationMetric.mape.minimizes && !ValidationMetric.balancedAccuracy.minimizes)
    }

    @Test func labelNoiseFlipsExactlyTheShareToOtherClasses() {
        let labels = (0..<1000).map { Float($0 % 10) }
        let noisy = SymmetricLabelNoise(rate: 0.2, seed: 3).apply(to: labels, classes: 10)
        let flipped = zip(labels, noisy).filter { $0 != $1 }
        #expect(flipped.count == 200)
        #expect(noisy.allSatisfy { (0..<10).contains(Int($0)) && $0 == $0.rounded() })
        // Each wrong label is drawn from the 9 others: every offset 1...9 turns up.
        let offsets = Set(flipped.map { (Int($0.1) - Int($0.0) + 10) % 10 })
        #expect(offsets == Set(1...9))
        #expect(SymmetricLabelNoise(rate: 0.2, seed: 3).apply(to: labels, classes: 10) == noisy)
    }

    @Test func subsamplingKeepsTheShareOfMinorityClasses() {
        let labels = (0..<1000).map { Float($0 % 10) }
        let rows = ClassSubsampling(minority: [5, 6, 7, 8, 9], keep: 0.1, seed: 1).rows(labels: labels)
        var counts = [Int](repeating: 0, count: 10)
        for row in rows { counts[Int(labels[row])] += 1 }
        #expect(counts == [100, 100, 100, 100, 100, 10, 10, 10, 10, 10])
        #expect(rows == rows.sorted())
    }

    @Test func demandSeriesHasItsStructure() {
        let demand = SyntheticDemand(products: 20, days: 140, seed: 5)
        #expect(demand.sales.count == 20 && demand.sales.allSatisfy { $0.count == 140 })
        var promoted = 0.0, plain = 0.0, promotedDays = 0, plainDays = 0, outDays = 0
        let whole = demand.scales(before: 140)
        for p in 0..<20 {
            for t in 0..<140 {
                if !demand.inStock[p][t] { outDays += 1; #expect(demand.sales[p][t] == 0); continue }
                let relative = Double(demand.sales[p][t]) / whole[p]
                if demand.promotion[p][t] { promoted += relative; promotedDays += 1 } else { plain += relative; plainDays += 1 }
            }
        }
        // Lifts are U(0.3, 1): promoted days sell clearly more; stock-outs start on 1.5% of days and last 3.5 on average.
        #expect(promoted / Double(promotedDays) > 1.2 * plain / Double(plainDays))
        #expect(outDays > 20 * 140 / 100 && outDays < 20 * 140 / 6)
        #expect(SyntheticDemand(products: 20, days: 140, seed: 5).sales == demand.sales)
        // The features of a row are the history before its day over the product's scale.
        let scales = demand.scales(before: 100)
        let source = demand.examples(days: 100..<101, scales: scales)
        let firstProductInStock = (0..<20).first { demand.inStock[$0][100] }!
        let row = (0..<20).filter { demand.inStock[$0][100] }.firstIndex(of: firstProductInStock)!
        let x = source.inputs.scalars[(row * 17)..<((row + 1) * 17)].map { Double($0) }
        let s = demand.sales[firstProductInStock].map(Double.init), scale = scales[firstProductInStock]
        #expect(abs(x[0] - s[99] / scale) < 1e-5 && abs(x[1] - s[93] / scale) < 1e-5 && abs(x[2] - s[86] / scale) < 1e-5)
        #expect(abs(x[3] - s[93..<100].reduce(0, +) / 7 / scale) < 1e-5 && abs(x[4] - s[72..<100].reduce(0, +) / 28 / scale) < 1e-5)
        #expect(x[9..<16].reduce(0, +) == 1 && x[9 + 100 % 7] == 1)
        #expect(abs(Double(source.targets.scalars[row]) - s[100] / scale) < 1e-5)
    }

    @Test func poissonDrawsHaveTheMeanAndVariance() {
        var generator = RandomGenerator(seed: 11)
        let draws = (0..<20_000).map { _ in Double(SyntheticDemand.poisson(7.5, generator: &generator)) }
        let mean = draws.reduce(0, +) / 20_000
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 19_999
        #expect(abs(mean - 7.5) < 0.08 && abs(variance - 7.5) < 0.3, "mean \(mean), variance \(variance)")
    }

    @Test func newWorkloadsTrainAndAreDeterministic() throws {
        let workloads: [(Workload, Int)] = [
            (WorkloadCatalog.cnnDigits(budget: 1, target: 0), 8), (WorkloadCatalog.autoencoderDigits(budget: 1, target: 0), 20),
            (WorkloadCatalog.friedman1(budget: 1, target: 0), 22), (WorkloadCatalog.demandForecast(budget: 1, target: 0), 8),
            (WorkloadCatalog.noisyLabelDigits(budget: 1, target: 0), 20), (WorkloadCatalog.imbalancedDigits(budget: 1, target: 0), 15),
            (WorkloadCatalog.charTransformer(budget: 1, target: 0), 3),
        ]
        for (workload, budget) in workloads {
            let a = try Self.shortTrial(workload, budget: budget), b = try Self.shortTrial(workload, budget: budget)
            // Equal but for the last float bits of the ECE: other tests running beside this one change the
            // compute threads, and with them the summation order of the convolution kernels.
            var x = a.withoutTimings, y = b.withoutTimings
            #expect(abs((x.ece ?? 0) - (y.ece ?? 0)) < 1e-6, "\(workload.name)")
            x.ece = nil; y.ece = nil
            #expect(x == y, "\(workload.name)")
            #expect(!a.diverged && a.steps == budget && a.curve.last?[0] == Double(budget), "\(workload.name)")
            let first = try #require(a.curve.first?[1]), last = try #require(a.curve.last?[1]), test = try #require(a.testMetric)
            #expect(first.isFinite && test.isFinite)
            // The metric improves from the first evaluation to the last.
            #expect(workload.metric.minimizes ? last < first || a.curve.count == 1 : last >= first, "\(workload.name): \(a.curve)")
            if workload.name == "char_transformer" { #expect(last < log(64.0), "below a uniform guess over the 64 characters") }
            let classifies = workload.metric == .accuracy || workload.metric == .balancedAccuracy
            #expect((a.ece != nil) == classifies && (a.worstClassAccuracy != nil) == classifies, "\(workload.name)")
            #expect((a.cpuSeconds ?? 0) > 0 && a.energyEstimateJoules == a.cpuSeconds.map { $0 * EnergyEstimate.wattsPerCore })
            #if os(Linux)
            #expect((a.peakResidentBytes ?? 0) > 1_000_000)
            #endif
        }
    }

    @Test func evaluationIntervalSetsTheCurve() throws {
        // Every 3 steps and at the budget, whatever the epoch (4 steps).
        let tiny = WorkloadTests.tinyQuadratic(target: 0)
        let every3 = Workload(name: tiny.name, model: tiny.model, data: tiny.data, loss: tiny.loss, metric: .loss, target: 0,
                              budgetSteps: 10, batchSize: 32, evaluationInterval: 3, reference: tiny.reference) { try tiny.problem() }
        let trial = try TrialRunner.run(workload: every3, problem: try every3.problem(), optimizer: try BenchOptimizer(named: "adamw"),
                                        point: ["lr": 0.1], study: 0, trial: 0, seed: 0)
        #expect(trial.curve.map { $0[0] } == [3, 6, 9, 10] && trial.steps == 10)
        // Without an interval: after every epoch (4 steps).
        let perEpoch = tiny.with(target: 0, budgetSteps: 12)
        let epochs = try TrialRunner.run(workload: perEpoch, problem: try perEpoch.problem(), optimizer: try BenchOptimizer(named: "adamw"),
                                         point: ["lr": 0.1], study: 0, trial: 0, seed: 0)
        #expect(epochs.curve.map { $0[0] } == [4, 8, 12])
        #expect(WorkloadCatalog.demandForecast(budget: 1, target: 0).evaluationInterval == 50)
    }

    @Test func cnnOnIDXFilesFromDataDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bench-idx-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        // 60 training and 20 test 8×8 images: class 1 bright on the left half, class 0 on the right.
        func write(_ prefix: String, count: Int) throws {
            var images = Data([0, 0, 8, 3, 0, 0, 0, UInt8(count), 0, 0, 0, 8, 0, 0, 0, 8]), labels = Data([0, 0, 8, 1, 0, 0, 0, UInt8(count)])
            for n in 0..<count {
                let label = n % 2
                for i in 0..<64 { images.append((i % 8 < 4) == (label == 1) ? 200 : UInt8((n * 7 + i) % 40)) }
                labels.append(UInt8(label))
            }
            try images.write(to: folder.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            try labels.write(to: folder.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
        try write("train", count: 60)
        try write("t10k", count: 20)
        let suite = try BenchmarkSuite.named("standard", dataDirectory: root.path)
        let cnn = try #require(suite.workloads.last)
        #expect(suite.workloads.count == 12 && cnn.name == "cnn_mnist" && cnn.metric == .accuracy)
        let problem = try cnn.problem()
        #expect(problem.train.exampleCount == 54 && problem.validation.exampleCount == 6 && problem.test.exampleCount == 20)
        let trial = try Self.shortTrial(cnn, budget: 3)
        #expect(!trial.diverged && trial.steps == 3 && trial.testMetric != nil && trial.ece != nil)
        #expect(throws: BenchmarkError.self) { try BenchmarkSuite.named("standard", dataDirectory: folder.path) }
    }
}

@Suite struct ResourceUsageTests {
    #if os(Linux)
    @Test func samplerSeesAPeakThatIsGoneByTheEnd() throws {
        let sampler = ResidentMemorySampler()
        let token = sampler.begin()
        let before = try #require(ResourceUsage.residentBytes())
        do {
            // 64 MiB touched, held for a while, then freed: only the background samples can see it.
            var block = [UInt8](repeating: 1, count: 64 << 20)
            block[block.count - 1] = 2
            usleep(300_000)
            #expect(block[0] == 1)
        }
        let peak = try #require(sampler.end(token))
        #expect(peak >= before + (48 << 20), "peak \(peak) vs \(before) before")
    }
    #endif

    @Test func threadCPUTimeCountsWork() {
        let start = ResourceUsage.threadCPUSeconds()
        var x = 0.0
        for i in 0..<2_000_000 { x += sin(Double(i)) }
        #expect(x.isFinite && ResourceUsage.threadCPUSeconds() > start)
        #expect(ResourceUsage.processCPUSeconds() >= ResourceUsage.threadCPUSeconds() - 1e-3)
    }
}

@Suite struct TrialStoreTests {
    @Test func savesLoadsAndRefusesTrialsOfAnotherBenchmark() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = TrialStore(folder: folder)
        let workload = WorkloadTests.tinyQuadratic(target: 9.5)
        let adamw = try BenchOptimizer(named: "adamw")
        let plan = TuningRuleset.external(studies: 1, trials: 2).plans(for: adamw)[1]
        #expect(try store.load(suite: "tiny", workload: workload, optimizer: adamw, plan: plan) == nil)
        let trial = try TrialRunner.run(workload: workload, problem: try workload.problem(), optimizer: adamw, point: plan.point,
                                        study: plan.study, trial: plan.trial, seed: plan.seed)
        try store.save(trial, suite: "tiny", workload: workload)
        #expect(try store.load(suite: "tiny", workload: workload, optimizer: adamw, plan: plan) == trial)
        let file = store.url(workload: workload.name, optimizer: "adamw", study: 0, trial: 1)
        #expect(file.path.hasSuffix("trials/tiny_quadratic/adamw/study-0-trial-1.json"))
        func refusal(_ body: () throws -> TrialResult?) -> String? {
            do { _ = try body(); return nil } catch { return "\(error)" }
        }
        #expect(refusal { try store.load(suite: "other", workload: workload, optimizer: adamw, plan: plan) }?.contains("suite tiny, here other") == true)
        #expect(refusal { try store.load(suite: "tiny", workload: workload.with(target: 9.4), optimizer: adamw, plan: plan) }?
            .contains("target 9.5, here 9.4") == true)
        #expect(refusal { try store.load(suite: "tiny", workload: workload.with(target: 9.5, budgetSteps: 80), optimizer: adamw, plan: plan) }?
            .contains("budget 40, here 80") == true)
        let other = TuningRuleset.external(studies: 1, trials: 3).plans(for: adamw)[2]
        try FileManager.default.copyItem(at: file, to: store.url(workload: workload.name, optimizer: "adamw", study: 0, trial: 2))
        #expect(refusal { try store.load(suite: "tiny", workload: workload, optimizer: adamw, plan: other) }?.contains("differs") == true)
        try Data("{\"suite\": 3".utf8).write(to: file)
        let message = refusal { try store.load(suite: "tiny", workload: workload, optimizer: adamw, plan: plan) }
        #expect(message?.contains("not a trial result") == true && message?.contains("\n") == false)
    }
}
