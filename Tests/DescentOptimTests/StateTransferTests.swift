import Foundation
import Testing
@testable import DescentOptim

/// The state of the rest of the recipe: low-precision state resumes exactly, decay masks and
/// parameter groups, momentum cycling's buffer. (Every catalog optimizer resuming exactly, and
/// the fused state moving through the composed form, are in OptimizerCatalogTests.)
struct StateTransferTests {
    /// Settings of the optimizers with low-precision state.
    static let lowPrecision: [String: [String]] = [
        "adamw": ["weight_decay=0.1"], "adam": ["weight_decay=0.01"], "sgd": ["momentum=0.9", "nesterov=true", "weight_decay=1e-3"],
        "lion": ["weight_decay=0.1"],
    ]

    static func problem(seed: UInt64) -> (start: ParameterSet, gradients: [ParameterSet]) {
        var generator = RandomGenerator(seed: seed)
        let start = ParameterSet([("0.weight", Tensor(shape: [40, 30], scalars: (0..<1200).map { _ in generator.normal() })),
                                  ("0.bias", Tensor(shape: [40], scalars: (0..<40).map { _ in generator.normal() }))])
        let gradients = (0..<10).map { _ in
            ParameterSet(start.entries.map { ($0.name, Tensor(shape: $0.shape, scalars: (0..<$0.count).map { _ in generator.normal() })) })
        }
        return (start, gradients)
    }

    /// Low-precision state (bfloat16 with stochastic rounding, blockwise 8-bit) is saved in
    /// its dtype under the float32 keys (8-bit adding each parameter's absmax and the map) and
    /// reloads exactly: a run stopped, written to a safetensors file, read and resumed ends
    /// bit-identical; and it tracks the float32 run closely.
    @Test(arguments: ["adamw", "adam", "sgd", "lion"], [StateDType.bfloat16, .int8])
    func lowPrecisionStateResumesExactly(name: String, dtype: StateDType) throws {
        let (start, gradients) = Self.problem(seed: 5)
        let spec = try OptimizerSpec(name: name, settings: Self.lowPrecision[name]! + ["lr=1e-3"])
        let recipe = TrainingRecipe(noDecay: [.biases], stateDType: dtype)
        var straight = try recipe.makeOptimizer(spec)
        var p = start
        for g in gradients { straight.step(&p, gradients: g, gradientScale: 0.5) }
        var first = try recipe.makeOptimizer(spec)
        var q = start
        for g in gradients.prefix(5) { first.step(&q, gradients: g, gradientScale: 0.5) }
        let file = try SafeTensors.encode(first.stateTensors())
        let saved = try SafeTensors.decode(file, source: "optimizer.safetensors").tensors
        #expect(saved == first.stateTensors())
        let float32Keys = Set(try TrainingRecipe(noDecay: [.biases]).makeOptimizer(spec).stateTensorsAfterOneStep(start).keys)
        let buffer = name == "sgd" ? "momentum_buffer" : "exp_avg"
        #expect(saved["\(buffer)/0.weight"]?.dtype == (dtype == .int8 ? "U8" : "BF16"))
        if dtype == .int8 {
            let bufferKeys = float32Keys.filter { $0.contains("/") }
            let buffers = Set(bufferKeys.map { String($0.prefix { $0 != "/" }) })
            let extra = bufferKeys.map { $0.replacingOccurrences(of: "/", with: ".absmax/") } + buffers.map { $0 + ".qmap" }
            #expect(Set(saved.keys) == float32Keys.union(extra))
            // Blocks per parameter: 1,200 weights in one block, 40 biases in another.
            #expect(saved["\(buffer).absmax/0.weight"]?.shape == [1] && saved["\(buffer).absmax/0.bias"]?.shape == [1])
            #expect(saved["\(buffer).qmap"] == .float32(Tensor(DynamicQuantizationMap.signed)))
        } else {
            #expect(Set(saved.keys) == float32Keys)
        }
        #expect(saved.values.allSatisfy { ["F32", "U8", "BF16"].contains($0.dtype) })
        var resumed = try recipe.makeOptimizer(spec)
        try resumed.loadStateTensors(saved, for: q)
        #expect(resumed.stateTensors() == saved)
        for g in gradients.dropFirst(5) { resumed.step(&q, gradients: g, gradientScale: 0.5) }
        #expect(p == q, "\(name) \(dtype): resume is not bit-identical")
        #expect(resumed.stateTensors() == straight.stateTensors(), "\(name) \(dtype): resumed state differs")
        var exact = try TrainingRecipe(noDecay: [.biases]).makeOptimizer(spec)
        var r = start
        for g in gradients { exact.step(&r, gradients: g, gradientScale: 0.5) }
        // Mean distances: Lion's sign steps flip on a few elements whose momentum is near zero.
        let moved = zip(r.storage, start.storage).map { Double(abs($0 - $1)) }.reduce(0, +)
        let off = zip(p.storage, r.storage).map { Double(abs($0 - $1)) }.reduce(0, +)
        #expect(off <= (dtype == .int8 ? 0.1 : 0.02) * moved, "\(name) \(dtype): \(off) off float32 after moving \(moved) in all")
    }

    /// `--no-decay biases` leaves biases undecayed in the fused kernel: with a zero gradient
    /// only the weights shrink.
    @Test func decayMaskSparesTheExcludedGroup() throws {
        var optimizer = try OptimizerSpec(name: "adamw", settings: ["lr=0.1", "weight_decay=0.5"])
            .make(decayMask: .excluding([.biases]))
        var p = ParameterSet([("0.weight", Tensor([[1, 1]])), ("0.bias", Tensor([1]))])
        optimizer.step(&p, gradients: p.zeros())
        #expect(p["0.weight"].scalars == [0.95, 0.95])
        #expect(p["0.bias"].scalars == [1])
    }

    @Test func parameterGroupsAreRecognisedByName() {
        func entry(_ name: String) -> ParameterSet.Entry { ParameterSet([(name, Tensor([1, 2]))]).entries[0] }
        #expect(ParameterGroup.biases.contains(entry("h.0.attn.c_attn.bias")) && !ParameterGroup.biases.contains(entry("0.weight")))
        #expect(ParameterGroup.norms.contains(entry("h.1.ln_2.weight")) && ParameterGroup.norms.contains(entry("ln_f.bias")))
        #expect(!ParameterGroup.norms.contains(entry("h.1.mlp.c_fc.weight")))
        #expect(ParameterGroup.embeddings.contains(entry("wte.weight")) && ParameterGroup.embeddings.contains(entry("encoder.embed_tokens.weight")))
        #expect(!ParameterGroup.embeddings.contains(entry("lm_head.weight")))
    }
}

extension AnyOptimizer {
    /// The state keys after one step on zero gradients from `parameters`.
    func stateTensorsAfterOneStep(_ parameters: ParameterSet) -> [String: SafeTensors.Value] {
        var copy = self, p = parameters
        copy.step(&p, gradients: p.zeros())
        return copy.stateTensors()
    }
}

extension StateTransferTests {
    /// SGD made with momentum 0 under OneCycleLR's momentum cycling gets a momentum buffer, as
    /// in PyTorch, and a cyclic momentum that reaches 0 keeps it.
    @Test func momentumCyclingGivesSGDItsBuffer() throws {
        let spec = try OptimizerSpec(name: "sgd", settings: ["lr=0.1"])
        for schedule in ["onecycle:max_lr=0.1,total_steps=20", "cyclic:max_lr=0.2,step_size_up=3,base_momentum=0,max_momentum=0.9"] {
            var optimizer = try TrainingRecipe(schedule: try ScheduleSpec(parsing: schedule)).makeOptimizer(spec)
            var p = ParameterSet([("w", Tensor([1, -1]))])
            for _ in 0..<12 { optimizer.step(&p, gradients: p) }
            #expect(optimizer.stateTensors()["momentum_buffer/w"] != nil, "\(schedule)")
            #expect(p.storage.allSatisfy { $0.isFinite })
        }
    }
}
