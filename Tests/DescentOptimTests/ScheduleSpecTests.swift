import Foundation
import Testing
@testable import DescentOptim

/// Command-line schedule specs against torch.optim.lr_scheduler (and transformers' formulas)
/// step by step: the lr and the cycled momentum, with and without a warm-up (fixtures from
/// scripts/fixtures/schedules.py, schedule_specs.json).
struct ScheduleSpecTests {
    struct Case: Decodable, Sendable {
        let spec: String
        let base: Double
        let warmup: Int
        let optimizer: String
        let lr: [Double]
        let momentum: [Double]?
        let metrics: [Double]?
    }

    static let fixture = Fixture<NoInputs, Case>.load("schedule_specs")

    /// Each fixture case by a readable label (a spec can appear with several warm-ups or optimizers).
    static let labels: [String] = fixture.cases.map(label)

    static func label(_ c: Case) -> String { "\(c.spec) warmup=\(c.warmup) \(c.optimizer)" }

    /// The first step where `actual` and `expected` differ by more than the fixture's tolerance, described; nil when none.
    static func firstMismatch(_ actual: [Float], _ expected: [Double]) -> String? {
        guard actual.count == expected.count else { return "\(actual.count) values for \(expected.count)" }
        for (k, (a, b)) in zip(actual, expected).enumerated() where !fixture.tolerance.allows(Double(a), b) {
            return "step \(k): \(a) vs torch \(b)"
        }
        return nil
    }

    @Test(arguments: labels)
    func matchesTorchStepByStep(label: String) throws {
        let c = try #require(Self.fixture.cases.first { Self.label($0) == label })
        let spec = try ScheduleSpec(parsing: c.spec)
        let schedule = try spec.learningRate(base: Float(c.base), warmupSteps: c.warmup)
        let lrs: [Float]
        if let metrics = c.metrics {
            let plateau = try #require(schedule as? ReduceLROnPlateau)
            #expect(spec.isMetricDriven)
            lrs = metrics.enumerated().map { step, metric in
                defer { plateau.step(metric: metric) }
                return plateau(step)
            }
            #expect(Set(c.lr).count >= 3, "the metrics must make torch reduce the lr, or the case proves nothing")
        } else {
            #expect(!spec.isMetricDriven)
            lrs = (0..<c.lr.count).map { schedule($0) }
        }
        let lrMismatch = Self.firstMismatch(lrs, c.lr)
        #expect(lrMismatch == nil, "\(label) lr: \(lrMismatch ?? "")")

        let momentum = spec.momentum(warmupSteps: c.warmup)
        if let expected = c.momentum {
            let schedule = try #require(momentum, "\(label): torch cycles the momentum")
            let mismatch = Self.firstMismatch((0..<expected.count).map { schedule($0) }, expected)
            #expect(mismatch == nil, "\(label) momentum: \(mismatch ?? "")")
            #expect(Set(expected).count > 2)
        } else {
            #expect(momentum == nil, "\(label): torch leaves the momentum alone")
        }
    }

    @Test func everyScheduleNameHasAFixture() {
        let covered = Set(Self.fixture.cases.map { $0.spec.split(separator: ":")[0] }.map(String.init))
        #expect(covered == Set(ScheduleSpec.catalog.map(\.name)))
        // Warm-up in front, momentum on both SGD and Adam.
        #expect(Self.fixture.cases.contains { $0.warmup > 0 && $0.momentum != nil && $0.optimizer == "adam" })
        #expect(Self.fixture.cases.contains { $0.warmup > 0 && $0.momentum != nil && $0.optimizer == "sgd" })
    }

    @Test func descriptionIsCanonicalAndReparses() throws {
        let spec = try ScheduleSpec(parsing: " onecycle: total_steps = 400 , max_lr=0.05 ")
        #expect(spec.name == "onecycle" && spec.arguments == ["max_lr": "0.05", "total_steps": "400"])
        #expect(spec.description == "onecycle:max_lr=0.05,total_steps=400")
        #expect(try ScheduleSpec(parsing: spec.description) == spec)
        #expect(try ScheduleSpec(parsing: "constant").description == "constant")
        #expect(try ScheduleSpec(parsing: "multistep:milestones=30/80").description == "multistep:milestones=30/80")
    }

    @Test func codableIsTheTextForm() throws {
        let spec = try ScheduleSpec(parsing: "cosine:eta_min=0.001,t_max=100")
        let data = try JSONEncoder().encode([spec])
        #expect(String(decoding: data, as: UTF8.self) == #"["cosine:t_max=100,eta_min=0.001"]"#)
        #expect(try JSONDecoder().decode([ScheduleSpec].self, from: data) == [spec])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ScheduleSpec].self, from: Data(#"["cosine:t_max=-1"]"#.utf8)) }
    }

    @Test func booleansAndWholeNumbers() throws {
        for text in ["true", "1", "TRUE", "yes"] {
            #expect(try ScheduleSpec(parsing: "onecycle:total_steps=10,cycle_momentum=\(text)").momentum() != nil)
        }
        for text in ["false", "0", "no"] {
            #expect(try ScheduleSpec(parsing: "onecycle:total_steps=10,cycle_momentum=\(text)").momentum() == nil)
        }
        let s = try ScheduleSpec(parsing: "inverse_sqrt:warmup_steps=0,timescale=1e4").learningRate(base: 1)
        #expect(abs(s(30_000) - 0.5) < 1e-6)
    }

    /// The error message for `text`, or nil when it parses.
    static func message(_ text: String) -> String? {
        do {
            _ = try ScheduleSpec(parsing: text)
            return nil
        } catch let error as ScheduleSpecError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test(arguments: [
        ("cosine", "t_max is required"),
        ("cosine:t_max=-5", "t_max=-5 must be a whole number ≥ 1"),
        ("cosine:t_max=10,eta_min=nan", "eta_min=nan is not a finite number"),
        ("cosine:t_max=10,tmax=3", "unknown key 'tmax'"),
        ("cosine:t_max=10,t_max=3", "t_max is given twice"),
        ("cosine:t_max=ten", "t_max=ten is not a whole number"),
        ("cosine:t_max=10.5", "t_max=10.5 is not a whole number"),
        ("step:step_size=0", "step_size=0 must be a whole number ≥ 1"),
        ("step:step_size=3,gamma=0", "gamma=0 must be > 0"),
        ("exponential:gamma=-0.5", "gamma=-0.5 must be > 0"),
        ("exponential:gamma=inf", "gamma=inf is not a finite number"),
        ("onecycle:total_steps=100,pct_start=1", "pct_start=1 must be in (0, 1)"),
        ("onecycle:total_steps=100,pct_start=0", "pct_start=0 must be in (0, 1)"),
        ("onecycle:total_steps=100,pct_start=0.99999999", "pct_start=0.99999999 must be in (0, 1)"),  // 1 as a Float: trapped
        ("step:step_size=3,gamma=1e-50", "gamma=1e-50 must be > 0"),
        ("step:step_size=3,gamma=1e39", "gamma=1e39 is beyond Float's range"),
        ("onecycle:total_steps=100,anneal_strategy=cosine", "anneal_strategy=cosine must be one of cos, linear"),
        ("onecycle:total_steps=100,three_phase=maybe", "three_phase=maybe is not a boolean"),
        ("linear:start_factor=0", "start_factor=0 must be in (0, 1]"),
        ("linear:end_factor=1.5", "end_factor=1.5 must be in [0, 1]"),
        ("multistep:milestones=30,80", "'80' is not key=value"),
        ("multistep:milestones=30/x", "milestones=30/x is not a list of whole numbers"),
        ("multistep:milestones=30/-2", "milestones=30/-2 must list whole numbers ≥ 0"),
        ("cosine_warm_restarts:t_0=5,t_mult=0", "t_mult=0 must be a whole number ≥ 1"),
        ("cyclic:max_lr=0.1,mode=triangle", "mode=triangle must be one of triangular, triangular2, exp_range"),
        ("warmup_stable_decay:warmup_steps=1,stable_steps=1,decay_steps=1,decay_type=sqrt", "decay_type=sqrt must be one of"),
        ("plateau:factor=1", "factor=1 must be in (0, 1)"),
        ("plateau:patience=-1", "patience=-1 must be a whole number ≥ 0"),
        ("plateau:threshold_mode=relative", "threshold_mode=relative must be one of rel, abs"),
        ("cosine:", "no settings after ':'"),
        ("cosine:t_max=10,", "an empty item in 't_max=10,'"),
    ])
    func badSpecsGiveOneLineNamingScheduleKeyAndKnownKeys(text: String, problem: String) throws {
        let message = try #require(Self.message(text), "\(text) parsed")
        let name = String(text.split(separator: ":")[0])
        let descriptor = try #require(ScheduleSpec.catalog.first { $0.name == name })
        #expect(message.hasPrefix("schedule \(name): "), "\(message)")
        #expect(message.contains(problem), "\(message)")
        #expect(message.hasSuffix("(known keys: \(descriptor.arguments.map(\.name).joined(separator: ", ")))"), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test func unknownScheduleListsTheKnownOnes() throws {
        let message = try #require(Self.message("cosine_annealing:t_max=3"))
        #expect(message.contains("unknown schedule 'cosine_annealing'"))
        for d in ScheduleSpec.catalog { #expect(message.contains(d.name)) }
        #expect(Self.message("constant:x=1")?.contains("unknown key 'x' (known keys: none)") == true)
    }

    @Test func learningRateChecksWhatNeedsTheBase() throws {
        let cosine = try ScheduleSpec(parsing: "cosine:t_max=10")
        #expect(throws: ScheduleSpecError.self) { try cosine.learningRate(base: .nan) }
        #expect(throws: ScheduleSpecError.self) { try cosine.learningRate(base: -0.1) }
        #expect(throws: ScheduleSpecError.self) { try cosine.learningRate(base: 0.1, warmupSteps: -1) }
        let plateau = try ScheduleSpec(parsing: "plateau")
        #expect(plateau.isMetricDriven && plateau.momentum() == nil)
        #expect(try plateau.learningRate(base: 0.1) is ReduceLROnPlateau)
        do {
            _ = try plateau.learningRate(base: 0.1, warmupSteps: 5)
            Issue.record("plateau after a warm-up must throw")
        } catch let error as ScheduleSpecError {
            #expect(error.description.hasPrefix("schedule plateau: a warm-up cannot precede plateau"))
        }
    }

    /// Found by the property tests: at step `total` the linear anneal went past its end to a negative lr.
    @Test func oneCyclePastTheEndKeepsTheFinalValue() {
        for annealing in [OneCycleSchedule.Annealing.linear, .cos] {
            let cycle = OneCycleSchedule(maxLR: 0.05, total: 10, annealing: annealing)
            #expect(cycle(10) == cycle(9) && cycle(1000) == cycle(9), "\(annealing)")
            #expect(abs(cycle(9) - 0.05 / 25 / 1e4) < 1e-9)
        }
    }

    @Test func catalogDefaultsParseAsTheirKinds() throws {
        // Every default that is a literal value must pass its own check (the symbolic ones name another value).
        let symbolic: Set<String> = ["lr", "step_size_up", "warmup_steps or 10000"]
        for d in ScheduleSpec.catalog {
            for a in d.arguments {
                guard let value = a.default, !symbolic.contains(value) else { continue }
                #expect(a.kind.check(value) == nil, "\(d.name).\(a.name)=\(value)")
            }
        }
        #expect(Set(ScheduleSpec.catalog.map(\.name)).count == ScheduleSpec.catalog.count)
    }
}
