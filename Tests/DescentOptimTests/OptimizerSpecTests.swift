import Foundation
import Testing
@testable import DescentOptim

/// Optimizer specs name known optimizers and hyperparameters with values of their kind.
/// (That every catalog optimizer is its typed preset, and its fused kernel that preset's
/// chain, is checked by OptimizerCatalogTests on each entry.)
struct OptimizerSpecTests {
    @Test func unknownOptimizerAndHyperparameterAreRejected() {
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "adamx", settings: []) }
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "adamw", settings: ["momentum=0.9"]) }
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "adamw", settings: ["lr=fast"]) }
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "sgd", settings: ["nesterov=maybe"]) }
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "sgd", settings: ["nesterov=true"]) }
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "muon", settings: ["ns_steps=2.5"]) }
    }
}
