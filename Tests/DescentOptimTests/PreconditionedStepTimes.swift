import Foundation
import Testing
@testable import DescentOptim

/// Time per step on a 1,049,600-parameter arena (a 1024 × 1024 matrix and a 1024 vector),
/// the median of five steps after two warm-up steps. Run with DESCENT_PRECOND_BENCH=1
/// (release: `swift test -c release --filter PreconditionedStepTimes`).
@Suite(.serialized)
struct PreconditionedStepTimes {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DESCENT_PRECOND_BENCH"] != nil), arguments: OptimizerCatalog.preconditionedOptimizers.map(\.name))
    func stepTime(optimizer name: String) throws {
        var generator = RandomGenerator(seed: 1)
        func normal(_ shape: [Int]) -> Tensor {
            Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.normal() })
        }
        var parameters = ParameterSet([("weight", normal([1024, 1024])), ("bias", normal([1024]))])
        let gradients = ParameterSet([("weight", normal([1024, 1024])), ("bias", normal([1024]))])
        var optimizer = try OptimizerSpec(name: name, settings: []).make()
        var times: [Double] = []
        for step in 0..<7 {
            let start = ContinuousClock.now
            optimizer.step(&parameters, gradients: gradients)
            let elapsed = ContinuousClock.now - start
            if step >= 2 { times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3) }
        }
        let median = times.sorted()[times.count / 2]
        print("step time \(name): \(median) ms")
        let finite = parameters.storage.allSatisfy { $0.isFinite }
        #expect(finite)
    }
}
