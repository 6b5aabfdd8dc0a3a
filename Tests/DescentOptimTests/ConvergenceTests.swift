import Foundation
import Testing
@testable import DescentOptim

/// The convergence table (as Optax's alias_test): every optimizer in the catalog, with its
/// defaults, reaches the minimum of a convex quadratic and makes progress on Rosenbrock.
/// The arguments come from `OptimizerCatalog.all`, so optimizers added later are tested
/// without touching this file.
///
/// The problems (TestProblem, one parameter of shape [1, dim]):
/// - quadratic: ½Σλᵢxᵢ² with λ = 10, 31.6, 100 (condition number 10), from (1, 1, 1);
///   3,000 steps; passes when ‖x‖ ≤ 0.05 and f ≤ 1e-3·f(start). The curvatures are chosen so
///   that PyTorch's default lr (1e-3 for most) is neither too small to arrive in 3,000
///   steps nor unstable (SGD needs lr < 2/λmax = 0.02).
/// - Rosenbrock: from (−1.2, 1), f = 24.2; 2,000 steps; passes when f ends finite and
///   below half the start.
///
/// Overrides (``overrides``): only where the default learning rate is meaningless for the
/// problem, or where the method's own time scale is longer than the step budget; each with
/// its reason. Everything else runs with its catalog defaults.
struct ConvergenceTests {
    /// Settings changed from the defaults for one optimizer, with the reason.
    struct Override: Sendable {
        var quadratic: [String] = []
        var rosenbrock: [String] = []
        var quadraticSteps = 3000
        let reason: String
    }

    static let overrides: [String: Override] = [
        "adagrad": Override(quadratic: ["lr=0.1"], reason: "steps shrink as lr/√t: lr 0.01 travels about 0.8 in 3,000 steps"),
        "lion": Override(quadratic: ["lr=1e-3"], reason: "sign steps of exactly lr: the default 1e-4 travels 0.3 in 3,000 steps"),
        "lamb": Override(quadratic: ["lr=1e-2"], reason: "the trust ratio makes each step lr·‖p‖, so x shrinks as (1 − lr)^t: e^−3 at lr 1e-3"),
        "lars": Override(quadratic: ["lr=1"], rosenbrock: ["lr=1"],
                         reason: "the trust coefficient 1e-3 makes steps lr·1e-3·‖p‖; LARS is meant for lrs near 1 and above"),
        "ademamix": Override(quadraticSteps: 20_000,
                             reason: "the slow momentum (β₃ = 0.9999, α = 5) oscillates on a 10,000-step time scale before settling"),
        "adopt": Override(quadraticSteps: 10_000,
                          reason: "β₂ = 0.9999 keeps the early, large gradients in v for about 10,000 steps, so steps near the minimum are small"),
        "schedule_free_sgd": Override(quadratic: ["lr=1e-2"], rosenbrock: ["lr=1e-3"],
                                      reason: "the reference's default lr 1 is far above 2/curvature (curvature 100 here, about 1,000 on Rosenbrock)"),
        "muon_adamw": Override(quadratic: ["adamw_lr=1e-3"],
                               reason: "the problem's one [1, 3] parameter is the network's first and last matrix, so AdamW takes it, and its default lr 3e-4 travels about 0.9 in 3,000 steps"),
        "shampoo": Override(quadratic: ["lr=0.1"], reason: "summed (not averaged) statistics shrink steps as lr/√t, as Adagrad's"),
        "asgd": Override(rosenbrock: ["lr=1e-3"], reason: "lr 0.01 is above 2/curvature on Rosenbrock (about 1,000 near the start)"),
    ]

    static let quadratic = TestProblem.quadratic(kappa: 10, dim: 3, smallest: 10)

    @Test(arguments: OptimizerCatalog.all.map(\.name))
    func reachesTheMinimumOfAConvexQuadratic(name: String) throws {
        let spec = try OptimizerSpec(name: name, settings: Self.overrides[name]?.quadratic ?? [])
        var optimizer = spec.descriptor.make(OptimizerSettings(hyperparameters: spec.hyperparameters))
        let steps = optimizer is LBFGS ? 30 : Self.overrides[name]?.quadraticSteps ?? 3000
        let end = try #require(Self.quadratic.path(&optimizer, steps: steps).last)
        let distance = end.map { Double($0 * $0) }.reduce(0, +).squareRoot()
        let ratio = Self.quadratic.value(end) / Self.quadratic.value(Self.quadratic.start)
        #expect(distance <= 0.05 && ratio <= 1e-3, "\(name): ends at \(end), ‖x − x*‖ = \(distance), f/f₀ = \(ratio)")
    }

    @Test(arguments: OptimizerCatalog.all.map(\.name))
    func makesProgressOnRosenbrock(name: String) throws {
        let spec = try OptimizerSpec(name: name, settings: Self.overrides[name]?.rosenbrock ?? [])
        var optimizer = spec.descriptor.make(OptimizerSettings(hyperparameters: spec.hyperparameters))
        let steps = optimizer is LBFGS ? 30 : 2000
        let end = try #require(TestProblem.rosenbrock.path(&optimizer, steps: steps).last)
        let f = TestProblem.rosenbrock.value(end)
        #expect(f.isFinite && f < 0.5 * 24.2, "\(name): ends at \(end), f = \(f)")
    }

    @Test func overridesNameRegisteredOptimizers() {
        for name in Self.overrides.keys { #expect(OptimizerCatalog.descriptor(named: name) != nil, "\(name)") }
    }
}
