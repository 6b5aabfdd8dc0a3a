import DescentCore
import Foundation
import PropertyBased
import SpecPropertySupport
import Testing
@testable import DescentOptim

/// `--schedule`, `--optimizer` with `--hp`, and `--problem` specs under random input: every
/// valid spec prints and parses back equal; random, truncated and damaged text parses to a spec
/// that prints back the same, or throws one line.
@Suite struct SpecPropertyTests {
    /// A valid value of an argument of `kind`, as text.
    static func value(_ kind: ArgumentKind, _ rng: inout any SeededRandomNumberGenerator) -> String {
        let g = SpecGenerators.self
        switch kind {
        case let .real(lower, lowerInclusive, upper, upperInclusive):
            // Schedules compute in Float: the bounds as Floats.
            let low = lower.map { lowerInclusive ? Float($0) : Float($0).nextUp } ?? -Float.greatestFiniteMagnitude
            let high = upper.map { upperInclusive ? Float($0) : Float($0).nextDown } ?? Float.greatestFiniteMagnitude
            return "\(min(max(Float(g.real(Double(low)...Double(high), &rng)), low), high))"
        case .integer(let minimum): return "\(g.integer(minimum...(Bool.random(using: &rng) ? 1_000_000 : 9_007_199_254_740_991), &rng))"
        case .boolean: return ["true", "false", "yes", "no", "1", "0", "True"].randomElement(using: &rng)!
        case .choice(let words): return words.randomElement(using: &rng)!
        case .integerList: return (0..<Int.random(in: 1...4, using: &rng)).map { _ in "\(g.integer(0...1_000_000, &rng))" }.joined(separator: "/")
        }
    }

    /// A schedule: a catalog name, its required arguments and some optional ones, as (name, arguments).
    static let schedules = Generator<SpecText, Shrink.None<SpecText>> { rng in
        let descriptor = ScheduleSpec.catalog.randomElement(using: &rng)!
        let settings = descriptor.arguments.shuffled(using: &rng).filter { $0.default == nil || Bool.random(using: &rng) }
            .map { SpecText.Setting($0.name, value($0.kind, &rng)) }
        return SpecText(name: descriptor.name, settings: settings)
    }

    @Test func validSchedulesPrintAndParseBack() async {
        await propertyCheck(count: 500, input: Self.schedules) { text throws in
            let spec = try ScheduleSpec(parsing: text.description)
            #expect(spec.name == text.name && spec.arguments == Dictionary(uniqueKeysWithValues: text.settings.map { ($0.key, $0.values[0]) }))
            #expect(try ScheduleSpec(parsing: spec.description) == spec, "\(text)")
            // Every valid spec builds and runs without a trap. (Its values are not checked here:
            // extreme valid values, as cyclic's exp_range with gamma=1e38, overflow in torch too.)
            let lr = try spec.learningRate(base: 0.1, warmupSteps: spec.isMetricDriven ? 0 : 3)
            let momentum = spec.momentum(warmupSteps: 3)
            for step in [0, 1, 2, 5, 1000] {
                _ = lr(step)
                _ = momentum?(step)
            }
        }
    }

    /// Random text, or a valid spec damaged; nothing may trap.
    static func texts<T: CustomStringConvertible & Sendable, S>(_ valid: Generator<T, S>) -> Generator<String, Shrink.None<String>> {
        Generator { rng in Bool.random(using: &rng) ? SpecGenerators.noise(&rng) : SpecGenerators.damaged(valid.run(using: &rng).description, &rng) }
    }

    @Test func anyScheduleTextParsesCanonicallyOrThrowsOneLine() async {
        await propertyCheck(count: 1000, input: Self.texts(Self.schedules)) { text throws in
            do {
                let spec = try ScheduleSpec(parsing: text)
                #expect(try ScheduleSpec(parsing: spec.description) == spec, "\(text)")
            } catch {
                let error = error as? ScheduleSpecError
                #expect(error?.description.contains("\n") == false, "\(text): \(String(describing: error))")
            }
        }
    }

    /// An optimizer with some hyperparameters moved from their defaults (reals scaled by a
    /// factor in [0.5, 1], so that ranges such as β < 1 hold), kept when its constructor accepts them.
    static let optimizers = Generator<OptimizerSpec, Shrink.None<OptimizerSpec>> { rng in
        while true {
            let descriptor = OptimizerCatalog.all.randomElement(using: &rng)!
            var values: [String: Double] = [:]
            for h in descriptor.hyperparameters where Bool.random(using: &rng) {
                switch h.kind {
                case .real: values[h.name] = h.defaultValue * Double.random(in: 0.5...1, using: &rng)
                case .integer: values[h.name] = h.defaultValue + Double(Int.random(in: 0...5, using: &rng))
                case .boolean: values[h.name] = Bool.random(using: &rng) ? 1 : 0
                }
            }
            if let spec = try? OptimizerSpec(name: descriptor.name, hyperparameters: values) { return spec }
        }
    }

    @Test func validOptimizersPrintAndParseBack() async {
        await propertyCheck(count: 300, input: Self.optimizers) { spec throws in
            let again = try OptimizerSpec(parsing: spec.description)
            #expect(again.name == spec.name && again.hyperparameters == spec.hyperparameters, "\(spec.description)")
            // The same through --optimizer NAME and one --hp per setting, tuples written whole.
            var settings = try SpecText(parsing: spec.description).settings.map { "\($0.key)=\($0.values[0])" }
            if let b1 = spec.hyperparameters["beta1"], let b2 = spec.hyperparameters["beta2"], spec.hyperparameters["beta3"] == nil {
                settings = settings.filter { !$0.hasPrefix("beta1=") && !$0.hasPrefix("beta2=") } + ["betas=\(b1),\(b2)"]
            }
            #expect(try OptimizerSpec(name: spec.name, settings: settings).hyperparameters == spec.hyperparameters)
        }
    }

    @Test func anyHyperparameterTextParsesOrThrowsOneLine() async {
        await propertyCheck(count: 1000, input: Self.texts(Self.optimizers)) { text throws in
            do {
                let spec = try OptimizerSpec(parsing: text)
                #expect(try OptimizerSpec(parsing: spec.description).hyperparameters == spec.hyperparameters, "\(text)")
            } catch {
                let error = error as? OptimizerSpecError
                #expect(error?.description.contains("\n") == false, "\(text): \(String(describing: error))")
            }
        }
    }

    /// The message of the error `body` throws, or nil.
    static func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return "\(error)" }
        return nil
    }

    @Test func syntaxErrorsAreOneLineNamingTheSpecAndItem() throws {
        let cases: [(String, () throws -> Void)] = [
            ("optimizer adamw: an empty item in 'lr=1,'", { _ = try OptimizerSpec(name: "adamw", settings: ["lr=1,"]) }),
            ("optimizer adamw: '0.9' is not key=value", { _ = try OptimizerSpec(name: "adamw", settings: ["0.9,lr=1"]) }),
            ("optimizer adamw: lr is given twice", { _ = try OptimizerSpec(name: "adamw", settings: ["lr=1", "lr=2"]) }),
            ("optimizer adamw: '=1' has no key before '='", { _ = try OptimizerSpec(name: "adamw", settings: ["=1"]) }),
            ("hyperparameter lr takes one value, got 2", { _ = try OptimizerSpec(name: "adamw", settings: ["lr=1,2"]) }),
            ("problem 'quadratic:dim=0': dim must be a whole number in 1...10000000, got '0'", { _ = try TestProblemSpec(parsing: "quadratic:dim=0") }),
            ("problem 'quadratic:kappa=2,kappa=3': kappa is given twice", { _ = try TestProblemSpec(parsing: "quadratic:kappa=2,kappa=3") }),
            ("problem 'beale:dim=2': unknown key 'dim' (known: none)", { _ = try TestProblemSpec(parsing: "beale:dim=2") }),
            ("unknown problem 'himmelblau' (known: rosenbrock, beale, quadratic, rastrigin)", { _ = try TestProblemSpec(parsing: " Himmelblau ") }),
        ]
        for (expected, body) in cases { #expect(Self.message(body) == expected) }
        // Tuples across one or several --hp, spaces ignored, names in any case.
        let spec = try OptimizerSpec(name: "adamw", settings: [" betas = 0.8, 0.95 ", "lr=1e-3"])
        #expect(spec.hyperparameters["beta1"] == 0.8 && spec.hyperparameters["beta2"] == 0.95 && spec.hyperparameters["lr"] == 1e-3)
        #expect(try OptimizerSpec(parsing: "AdamW:lr=0.5").hyperparameters["lr"] == 0.5)
        #expect(try TestProblemSpec(parsing: "Quadratic:kappa=1e2,dim=1e3").description == "quadratic:kappa=100.0,dim=1000,smallest=1.0")
    }

    static let problems = Generator<TestProblemSpec, Shrink.None<TestProblemSpec>> { rng in
        let g = SpecGenerators.self
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return .rosenbrock
        case 1: return .beale
        case 2: return .rastrigin(dim: g.integer(1...10_000_000, &rng))
        default:
            return .quadratic(kappa: g.real(1...1e300, &rng), dim: g.integer(1...10_000_000, &rng),
                              smallest: g.real(Double.leastNormalMagnitude...1e300, &rng))
        }
    }

    @Test func validProblemsPrintAndParseBack() async {
        await propertyCheck(count: 300, input: Self.problems) { spec throws in
            #expect(try TestProblemSpec(parsing: spec.description) == spec, "\(spec)")
        }
        await propertyCheck(count: 1000, input: Self.texts(Self.problems)) { text throws in
            do {
                let spec = try TestProblemSpec(parsing: text)
                #expect(try TestProblemSpec(parsing: spec.description) == spec, "\(text)")
            } catch {
                #expect(!"\(error)".contains("\n"), "\(text): \(error)")
            }
        }
    }
}
