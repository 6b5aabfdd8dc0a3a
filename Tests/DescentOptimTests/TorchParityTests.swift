import Foundation
import Testing
@testable import DescentOptim

/// Every optimizer against torch.optim: 50 steps on a vector, a matrix and a 3-D tensor,
/// fixtures from scripts/fixtures/optimizers.py.
struct TorchParityTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let optimizer: String
            let hyperparameters: [String: Double]
            let params: [String: NestedArray]
            let grads: [[String: NestedArray]]
            let expected: [[String: NestedArray]]
        }
        let cases: [Case]
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "torch_optimizers", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static let names = ["vector", "matrix", "cube"]

    static func parameterSet(_ values: [String: NestedArray]) -> ParameterSet {
        ParameterSet(names.map { ($0, values[$0]!.tensor) })
    }

    @Test(arguments: 0..<8)
    func matchesTorch(caseIndex: Int) throws {
        let c = Self.fixture.cases[caseIndex]
        let spec = try OptimizerSpec(name: c.optimizer, settings: c.hyperparameters.map { "\($0.key)=\($0.value)" })
        var optimizer = spec.make()
        var parameters = Self.parameterSet(c.params)
        var worst: Float = 0
        for (step, grads) in c.grads.enumerated() {
            optimizer.step(&parameters, gradients: Self.parameterSet(grads))
            let expected = Self.parameterSet(c.expected[step])
            for (a, b) in zip(parameters.storage, expected.storage) {
                worst = max(worst, allcloseRatio(a, b))
            }
        }
        #expect(worst <= 1, "\(c.optimizer) \(c.hyperparameters): worst |a − b| / (1e-4·|b| + 1e-6) = \(worst)")
    }

    @Test func stateRoundTripsByNameInAnotherOrder() throws {
        let c = Self.fixture.cases[6]  // AdamW with AMSGrad: three state buffers.
        let spec = try OptimizerSpec(name: c.optimizer, settings: c.hyperparameters.map { "\($0.key)=\($0.value)" })
        var straight = spec.make()
        var parameters = Self.parameterSet(c.params)
        for grads in c.grads.prefix(10) { straight.step(&parameters, gradients: Self.parameterSet(grads)) }
        // Reload the state into a set that lists the parameters in reverse order.
        let reversedNames = Self.names.reversed()
        var reordered = ParameterSet(reversedNames.map { ($0, parameters[$0]) })
        var resumed = spec.make()
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
