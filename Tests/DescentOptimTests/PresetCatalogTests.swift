import Foundation
import Testing
@testable import DescentOptim

/// The catalog is the single table: every composed optimizer it makes is the typed preset on
/// `Chain` (Sources/DescentOptim/Optimizers/Presets.swift), so the two cannot drift apart.
struct PresetCatalogTests {
    /// Each catalog optimizer's typed preset, called with its defaults.
    static let presets: [String: @Sendable () -> Chain] = [
        // torch.optim
        "sgd": { Chain.sgd() }, "adam": { Chain.adam() }, "adamw": { Chain.adamw() }, "adamax": { Chain.adamax() },
        "nadam": { Chain.nadam() }, "radam": { Chain.radam() }, "rmsprop": { Chain.rmsprop() },
        "adagrad": { Chain.adagrad() }, "adadelta": { Chain.adadelta() }, "rprop": { Chain.rprop() },
        "asgd": { Chain.asgd() }, "adafactor": { Chain.adafactor() }, "muon": { Chain.muon() }, "muon_adamw": { Chain.muonWithAdamW() },
        // Reference optimizers
        "lion": { Chain.lion() }, "lamb": { Chain.lamb() }, "lars": { Chain.lars() }, "novograd": { Chain.novograd() },
        "adabelief": { Chain.adabelief() }, "yogi": { Chain.yogi() }, "adan": { Chain.adan() },
        "ademamix": { Chain.ademamix() }, "adopt": { Chain.adopt() }, "signsgd": { Chain.signsgd() },
        "signum": { Chain.signum() }, "mars": { Chain.mars() },
        // Preconditioned, factored and parameter-free
        "prodigy": { Chain.prodigy() }, "schedule_free_adamw": { Chain.scheduleFreeAdamW() },
        "schedule_free_sgd": { Chain.scheduleFreeSGD() }, "dadapt_adam": { Chain.dadaptAdam() }, "dog": { Chain.dog() },
        "came": { Chain.came() }, "sm3": { Chain.sm3() }, "shampoo": { Chain.shampoo() }, "soap": { Chain.soap() },
        "sophia": { Chain.sophia() },
    ]

    /// Every optimizer but L-BFGS (which needs the objective, not a chain).
    static let composed = OptimizerCatalog.all.map(\.name).filter { $0 != "lbfgs" }

    static func catalogOptimizer(_ name: String) throws -> TransformationOptimizer {
        let descriptor = try #require(OptimizerCatalog.descriptor(named: name))
        let made = descriptor.make(OptimizerSettings(hyperparameters: descriptor.defaults))
        return try #require(made as? TransformationOptimizer, "\(name) is not a TransformationOptimizer")
    }

    @Test func theTableNamesEveryComposedOptimizer() {
        #expect(Set(Self.presets.keys) == Set(Self.composed))
    }

    @Test(arguments: composed)
    func catalogDefaultsMakeThePresetsParts(name: String) throws {
        let optimizer = try Self.catalogOptimizer(name)
        let preset = try #require(Self.presets[name], "no typed preset for \(name)")
        let parts = try #require((optimizer.transformation as? Chain)?.partNames, "\(name) is not a chain")
        #expect(parts == preset().partNames)
    }

    /// The catalog's defaults are the presets' defaults: three composed steps from the catalog
    /// (fused kernels off) and from the preset called with its defaults are bit-identical.
    @Test(arguments: composed)
    func catalogDefaultsStepAsThePresetsDefaults(name: String) throws {
        let descriptor = try #require(OptimizerCatalog.descriptor(named: name))
        var generator = RandomGenerator(seed: 11)
        func tensor(_ shape: [Int]) -> Tensor {
            Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.normal() })
        }
        var entries = [("0.weight", tensor([6, 5]))]
        let bias = ("0.bias", tensor([6]))
        if descriptor.parameterRequirement(ParameterSet([bias]).entries[0]) == nil { entries.append(bias) }
        let start = ParameterSet(entries)
        let gradients = (0..<3).map { _ in ParameterSet(start.entries.map { ($0.name, tensor($0.shape)) }) }

        var catalog = try Self.catalogOptimizer(name).composed
        let makePreset = try #require(Self.presets[name], "no typed preset for \(name)")
        var preset = TransformationOptimizer(makePreset())
        var (p, q) = (start, start)
        for g in gradients {
            catalog.step(&p, gradients: g)
            preset.step(&q, gradients: g)
        }
        #expect(p != start, "\(name) did not move")
        #expect(p.storage == q.storage, "\(name): the catalog's defaults are not the preset's")
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
