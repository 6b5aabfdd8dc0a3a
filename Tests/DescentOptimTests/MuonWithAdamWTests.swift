import DescentCore
import DescentNN
import Testing
@testable import DescentOptim

/// `muon_adamw` is Muon on the hidden matrices and AdamW on the rest, nothing more: the pair
/// equals the catalog's `muon` run alone on the hidden matrices and `adamw` alone on every other
/// parameter, step by step, under the benchmark's warm-up and cosine schedule (which must scale
/// both learning rates). Its torch parity, resuming and state checks are the catalog test's
/// (Fixtures/optimizers/muon_adamw.json, scripts/fixtures/muon_adamw.py).
struct MuonWithAdamWTests {
    /// A small network's layout: an embedding, two hidden layers with a bias and a norm gain, a 4-D
    /// filter, an output head.
    static let network = ParameterSet([
        ("wte.weight", Tensor(shape: [7, 4], scalars: values(28, seed: 1))),
        ("h.0.weight", Tensor(shape: [6, 4], scalars: values(24, seed: 2))),
        ("h.0.bias", Tensor(shape: [6], scalars: values(6, seed: 3))),
        ("h.0.ln.weight", Tensor(shape: [6], scalars: values(6, seed: 4))),
        ("conv.weight", Tensor(shape: [2, 1, 2, 3], scalars: values(12, seed: 5))),
        ("h.1.weight", Tensor(shape: [4, 6], scalars: values(24, seed: 6))),
        ("lm_head.weight", Tensor(shape: [3, 4], scalars: values(12, seed: 7))),
        ("lm_head.bias", Tensor(shape: [3], scalars: values(3, seed: 8))),
    ])

    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in generator.normal() }
    }

    @Test func hiddenMatricesAreThe2DLayersBetweenTheFirstAndTheLast() {
        #expect(MuonWithAdamW.hiddenMatrices(in: Self.network) == ["h.0.weight", "h.1.weight"])
        // An MLP 64-128-10 has an input layer and a head only; 64-32-16-32-64 two hidden matrices.
        let mlp = ParameterSet([("0.weight", Tensor.zeros([128, 64])), ("0.bias", Tensor.zeros([128])),
                                ("2.weight", Tensor.zeros([10, 128])), ("2.bias", Tensor.zeros([10]))])
        #expect(MuonWithAdamW.hiddenMatrices(in: mlp).isEmpty)
        let autoencoder = ParameterSet([32, 16, 32, 64].enumerated().map { i, width in
            ("\(2 * i).weight", Tensor.zeros([width, [64, 32, 16, 32][i]]))
        })
        #expect(MuonWithAdamW.hiddenMatrices(in: autoencoder) == ["2.weight", "4.weight"])
        // A second embedding table in the middle (a position embedding) stays with AdamW.
        let positions = ParameterSet([("wte.weight", Tensor.zeros([5, 4])), ("wpe.weight", Tensor.zeros([8, 4])),
                                      ("h.0.weight", Tensor.zeros([4, 4])), ("lm_head.weight", Tensor.zeros([5, 4]))])
        #expect(MuonWithAdamW.hiddenMatrices(in: positions) == ["h.0.weight"])
    }

    @Test func equalsMuonOnTheHiddenMatricesAndAdamWOnTheRestStepByStep() throws {
        let pair = try OptimizerSpec(name: "muon_adamw", settings: ["lr=0.03,weight_decay=0.02,momentum=0.9,adamw_lr=0.004,adamw_betas=0.8,0.97,adamw_eps=1e-6,adamw_weight_decay=0.1"])
        let muon = try OptimizerSpec(name: "muon", settings: ["lr=0.03,weight_decay=0.02,momentum=0.9"])
        let adamw = try OptimizerSpec(name: "adamw", settings: ["lr=0.004,betas=0.8,0.97,eps=1e-6,weight_decay=0.1"])
        let recipe = TrainingRecipe(schedule: try ScheduleSpec(parsing: "cosine:t_max=27"), warmupSteps: 3)
        var joint = try recipe.makeOptimizer(pair)
        var alone = (muon: try recipe.makeOptimizer(muon), adamw: try recipe.makeOptimizer(adamw))
        let hiddenNames = ["h.0.weight", "h.1.weight"]
        let restNames = Self.network.entries.map(\.name).filter { !hiddenNames.contains($0) }
        var parameters = Self.network
        var (hidden, rest) = (Self.network.selecting(hiddenNames), Self.network.selecting(restNames))
        var worst: Float = 0
        for step in 0..<30 {
            var gradients = parameters.zeros()
            gradients.storage = Self.values(gradients.storage.count, seed: 100 + UInt64(step))
            joint.step(&parameters, gradients: gradients)
            alone.muon.step(&hidden, gradients: gradients.selecting(hiddenNames))
            alone.adamw.step(&rest, gradients: gradients.selecting(restNames))
            for part in [hidden, rest] {
                for entry in part.entries {
                    let mine = parameters.selecting([entry.name]).storage, theirs = part.selecting([entry.name]).storage
                    for (a, b) in zip(mine, theirs) { worst = max(worst, abs(a - b) / (1e-6 + 1e-5 * abs(b))) }
                }
            }
        }
        #expect(worst <= 1, "muon_adamw vs muon + adamw: worst |a − b| / (1e-6 + 1e-5·|b|) = \(worst)")
        #expect(parameters.storage != Self.network.storage)
        // The warm-up and cosine reach AdamW's half: without them its parameters would differ.
        var unscheduled = try OptimizerSpec(name: "adamw", settings: ["lr=0.004,betas=0.8,0.97,eps=1e-6,weight_decay=0.1"])
            .make()
        var constant = Self.network.selecting(restNames)
        for step in 0..<30 {
            var gradients = Self.network.zeros()
            gradients.storage = Self.values(gradients.storage.count, seed: 100 + UInt64(step))
            unscheduled.step(&constant, gradients: gradients.selecting(restNames))
        }
        #expect(constant.storage != rest.storage)
    }

    @Test func resumesFromItsSavedStateInTheMiddleOfASchedule() throws {
        let spec = try OptimizerSpec(name: "muon_adamw", settings: ["adamw_lr=0.01"])
        let recipe = TrainingRecipe(schedule: try ScheduleSpec(parsing: "cosine:t_max=18"), warmupSteps: 2)
        func gradients(_ step: Int) -> ParameterSet {
            var g = Self.network.zeros()
            g.storage = Self.values(g.storage.count, seed: 500 + UInt64(step))
            return g
        }
        var straight = try recipe.makeOptimizer(spec)
        var parameters = Self.network
        for step in 0..<7 { straight.step(&parameters, gradients: gradients(step)) }
        let saved = straight.stateTensors()
        #expect(saved.keys.contains { $0.hasPrefix("momentum_buffer/h.0.weight") || $0.contains("momentum_buffer/h.0.weight") })
        #expect(saved.keys.contains { $0.contains("exp_avg/wte.weight") })
        #expect(!saved.keys.contains { $0.contains("momentum_buffer/wte.weight") })
        var resumed = try recipe.makeOptimizer(spec)
        try resumed.loadStateTensors(saved, for: parameters)
        var copy = parameters
        for step in 7..<20 {
            straight.step(&parameters, gradients: gradients(step))
            resumed.step(&copy, gradients: gradients(step))
        }
        #expect(parameters.storage == copy.storage)
    }
}
