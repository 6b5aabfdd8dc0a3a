import CDescentKernels
import Foundation
import Testing
@testable import DescentOptim

/// Low-precision optimizer state in `optimizer.safetensors`: kept in its dtype (BF16, or U8
/// codes with an F32 absmax per block of each parameter and the map), about 2 and 1 bytes per
/// element; loadable across dtypes (float32 state quantised into a low-precision optimizer,
/// low-precision state dequantised into the float32 fused and composed forms).
struct LowPrecisionStateFileTests {
    static let names = ["adamw", "adam", "sgd", "lion"]

    /// A 50×60 weight (3,000 elements: two blocks, the second short) and 50 biases.
    static func problem(seed: UInt64) -> (start: ParameterSet, gradients: [ParameterSet]) {
        var generator = RandomGenerator(seed: seed)
        func values(_ n: Int) -> [Float] { (0..<n).map { _ in generator.normal() } }
        let start = ParameterSet([("0.weight", Tensor(shape: [50, 60], scalars: values(3000))),
                                  ("0.bias", Tensor(shape: [50], scalars: values(50)))])
        let gradients = (0..<10).map { _ in ParameterSet(start.entries.map { ($0.name, Tensor(shape: $0.shape, scalars: values($0.count))) }) }
        return (start, gradients)
    }

    static func spec(_ name: String) throws -> OptimizerSpec {
        let settings = ["adamw": ["weight_decay=0.1"], "adam": ["weight_decay=0.01"], "sgd": ["momentum=0.9", "weight_decay=1e-3"],
                        "lion": ["weight_decay=0.1"]][name]!
        return try OptimizerSpec(name: name, settings: settings + ["lr=1e-3"])
    }

    static func optimizer(_ name: String, _ dtype: StateDType) throws -> AnyOptimizer {
        try spec(name).make(stateDType: dtype)
    }

    /// The state after 5 steps of `name` with `dtype` state, through a safetensors file.
    static func savedState(_ name: String, _ dtype: StateDType) throws -> (state: [String: SafeTensors.Value], parameters: ParameterSet) {
        let (start, gradients) = problem(seed: 21)
        var optimizer = try Self.optimizer(name, dtype)
        var p = start
        for g in gradients.prefix(5) { optimizer.step(&p, gradients: g) }
        let file = try SafeTensors.encode(optimizer.stateTensors())
        return (try SafeTensors.decode(file, source: "optimizer.safetensors").tensors, p)
    }

    /// The state buffers' names of `name` (`exp_avg`, …).
    static func buffers(_ name: String) -> [String] {
        ["adamw": ["exp_avg", "exp_avg_sq"], "adam": ["exp_avg", "exp_avg_sq"], "sgd": ["momentum_buffer"], "lion": ["exp_avg"]][name]!
    }

    /// A saved buffer's values as float32: F32 as they are, BF16 widened, U8 through the saved map and absmax.
    static func floats(_ state: [String: SafeTensors.Value], _ key: String) -> [Float] {
        switch state[key]! {
        case .float32(let t): return t.scalars
        case .bfloat16(let h, _): return h.map { Float(bitPattern: UInt32($0) << 16) }
        case .uint8(let codes, _):
            let (buffer, parameter) = (key.prefix { $0 != "/" }, key.drop { $0 != "/" })
            let absmax = state[buffer + ".absmax" + parameter]!.float32!.scalars, map = state[buffer + ".qmap"]!.float32!.scalars
            return codes.indices.map { map[Int(codes[$0])] * absmax[$0 / StateDType.blockSize] }
        default: preconditionFailure("unexpected dtype")
        }
    }

    // MARK: blocks per parameter

    @Test func blocksStartAtEachParameter() {
        let blocks = QuantizationBlocks(segments: [3000, 0, 100, 5000])
        #expect(blocks.blockStarts == [0, 2, 2, 3, 6] && blocks.count == 8100 && blocks.blockCount == 6)
        var runs: [String] = []
        blocks.forEachRun(in: 0..<6) { runs.append("\($0)@\($1)") }
        #expect(runs == ["0..<3000@0", "3000..<3100@2", "3100..<8100@3"])
        runs = []
        blocks.forEachRun(in: 1..<4) { runs.append("\($0)@\($1)") }
        #expect(runs == ["2048..<3000@1", "3000..<3100@2", "3100..<5148@3"])
        runs = []
        blocks.forEachRun(in: 5..<6) { runs.append("\($0)@\($1)") }
        #expect(runs == ["7196..<8100@5"])
    }

    /// A step over an arena of three parameters (over two threads' worth of elements) equals
    /// each parameter stepped on its own: no block straddles two parameters.
    @Test func int8StepOnSegmentsEqualsEachParameterAlone() {
        var generator = RandomGenerator(seed: 31)
        let segments = [3000, 100, 140_000]
        let n = segments.reduce(0, +)
        let p0 = (0..<n).map { _ in generator.normal() }
        let grads = (0..<3).map { _ in (0..<n).map { _ in generator.normal() } }
        var whole = ParameterSet([("w", Tensor(shape: [n], scalars: p0))])
        var m = QuantizedStateBuffer(zeros: n, dtype: .int8, signed: true, segments: segments)
        var v = QuantizedStateBuffer(zeros: n, dtype: .int8, signed: false, segments: segments)
        for (k, g) in grads.enumerated() {
            LowPrecisionStep.adamw(parameters: &whole, gradients: ParameterSet([("w", Tensor(shape: [n], scalars: g))]), m: &m, v: &v,
                                   lr: 0.01, weightDecay: 0.1, step: k + 1, seed: 0)
        }
        var offset = 0
        for (segment, count) in segments.enumerated() {
            let range = offset..<(offset + count)
            var alone = ParameterSet([("w", Tensor(shape: [count], scalars: Array(p0[range])))])
            var ma = QuantizedStateBuffer(zeros: count, dtype: .int8, signed: true)
            var va = QuantizedStateBuffer(zeros: count, dtype: .int8, signed: false)
            for (k, g) in grads.enumerated() {
                LowPrecisionStep.adamw(parameters: &alone, gradients: ParameterSet([("w", Tensor(shape: [count], scalars: Array(g[range])))]),
                                       m: &ma, v: &va, lr: 0.01, weightDecay: 0.1, step: k + 1, seed: 0)
            }
            #expect(Array(whole.storage[range]) == alone.storage, "segment \(segment): parameters differ")
            #expect(m.codes(ofSegment: segment) == ma.codes(ofSegment: 0) && v.codes(ofSegment: segment) == va.codes(ofSegment: 0),
                    "segment \(segment): state differs")
            offset += count
        }
    }

    // MARK: the file

    /// 2 bytes per state element for bfloat16, 1 + 4/2048 for 8-bit (plus a header, one absmax
    /// per parameter's short last block and the 1 KB map): within 1% on 525,312 elements per buffer.
    @Test(arguments: [StateDType.float32, .bfloat16, .int8])
    func fileHoldsTheStateInItsDtype(dtype: StateDType) throws {
        var generator = RandomGenerator(seed: 41)
        let start = ParameterSet([("0.weight", Tensor(shape: [1024, 512], scalars: (0..<524_288).map { _ in generator.normal() })),
                                  ("0.bias", Tensor(shape: [1024], scalars: (0..<1024).map { _ in generator.normal() }))])
        var optimizer = try Self.optimizer("adamw", dtype)
        var p = start
        optimizer.step(&p, gradients: start)
        let file = try SafeTensors.encode(optimizer.stateTensors())
        let elements = 2 * start.scalarCount
        let perElement = Double(file.count) / Double(elements)
        let nominal = dtype == .int8 ? 1 + 4.0 / Double(StateDType.blockSize) : Double(dtype.bytesPerElement)
        print("\(dtype): optimizer.safetensors \(file.count) bytes for \(elements) state elements: \(perElement) per element")
        #expect(perElement >= nominal && perElement <= nominal * 1.01, "\(dtype): \(perElement) bytes per element")
        #expect(try Self.spec("adamw").descriptor.stateBytes(per: dtype) == nominal * 2)
    }

    // MARK: across dtypes

    /// A float32 state loads into a bfloat16 or 8-bit optimizer quantised as a fresh buffer
    /// would be (nearest even; each parameter blockwise to the nearest map entry), and the run
    /// continues close to the float32 one.
    @Test(arguments: names, [StateDType.bfloat16, .int8])
    func float32StateLoadsQuantised(name: String, dtype: StateDType) throws {
        let (saved, p) = try Self.savedState(name, .float32)
        var low = try Self.optimizer(name, dtype)
        try low.loadStateTensors(saved, for: p)
        let loaded = low.stateTensors()
        for buffer in Self.buffers(name) {
            let signed = buffer != "exp_avg_sq"
            for entry in p.entries {
                let key = buffer + "/" + entry.name, floats = saved[key]!.float32!.scalars
                let expected = QuantizedStateBuffer(from: floats, dtype: dtype, signed: signed)
                switch loaded[key] {
                case .bfloat16(let halves, _)?: #expect(halves == expected.halves, "\(name) \(key)")
                case .uint8(let codes, _)?:
                    #expect(codes == expected.codes(ofSegment: 0).codes, "\(name) \(key)")
                    #expect(loaded[buffer + ".absmax/" + entry.name] == .float32(Tensor(shape: [expected.absmax.count], scalars: expected.absmax)))
                default: Issue.record("\(name) \(key) is \(loaded[key]?.dtype ?? "missing")")
                }
            }
        }
        var exact = try Self.optimizer(name, .float32)
        try exact.loadStateTensors(saved, for: p)
        var (q, r) = (p, p)
        for g in Self.problem(seed: 21).gradients.dropFirst(5) {
            low.step(&q, gradients: g)
            exact.step(&r, gradients: g)
        }
        let moved = zip(r.storage, p.storage).map { Double(abs($0 - $1)) }.reduce(0, +)
        let off = zip(q.storage, r.storage).map { Double(abs($0 - $1)) }.reduce(0, +)
        #expect(off <= 0.1 * moved, "\(name) \(dtype): \(off) off float32 after moving \(moved)")
    }

    /// A bfloat16 or 8-bit state loads into the float32 fused form and the composed form
    /// dequantised (exactly the values the low-precision optimizer steps from); both continue alike.
    @Test(arguments: names, [StateDType.bfloat16, .int8])
    func lowPrecisionStateLoadsDequantised(name: String, dtype: StateDType) throws {
        let (saved, p) = try Self.savedState(name, dtype)
        var fused = try Self.optimizer(name, .float32)
        var composed = (try Self.optimizer(name, .float32).base as! TransformationOptimizer).composed
        try fused.loadStateTensors(saved, for: p)
        try composed.loadStateTensors(saved, for: p)
        let (fusedState, composedState) = (fused.stateTensors(), composed.stateTensors())
        #expect(fusedState == composedState)
        for buffer in Self.buffers(name) {
            for entry in p.entries {
                let key = buffer + "/" + entry.name
                #expect(fusedState[key]?.dtype == "F32")
                #expect(fusedState[key]?.float32?.scalars == Self.floats(saved, key), "\(name) \(dtype) \(key)")
            }
        }
        #expect(!fusedState.keys.contains { $0.contains(".absmax") || $0.contains(".qmap") })
        // The dequantised values are the low-precision optimizer's own.
        var low = try Self.optimizer(name, dtype)
        try low.loadStateTensors(saved, for: p)
        let lowState = ((low.base as! TransformationOptimizer).composed).stateTensors()
        #expect(lowState == fusedState)
        var (q, r) = (p, p)
        for g in Self.problem(seed: 21).gradients.dropFirst(5) {
            fused.step(&q, gradients: g)
            composed.step(&r, gradients: g)
        }
        let worst = zip(q.storage, r.storage).map { abs($0 - $1) / max(abs($1), 1e-2) }.max()!
        #expect(worst < 1e-4, "\(name) \(dtype): composed differs from fused by \(worst)")
    }

    /// bfloat16 state loads into an 8-bit optimizer and the reverse, through float32.
    @Test func lowPrecisionStatesLoadIntoEachOther() throws {
        for (from, to) in [(StateDType.bfloat16, StateDType.int8), (.int8, .bfloat16)] {
            let (saved, p) = try Self.savedState("adamw", from)
            var other = try Self.optimizer("adamw", to)
            try other.loadStateTensors(saved, for: p)
            let loaded = other.stateTensors()
            for entry in p.entries {
                let key = "exp_avg/" + entry.name
                let expected = QuantizedStateBuffer(from: Self.floats(saved, key), dtype: to, signed: true)
                #expect(Self.floats(loaded, key) == expected.floats(), "\(from) → \(to) \(key)")
            }
        }
    }

    // MARK: malformed state

    @Test func malformedEightBitStateIsRejectedNamingTheTensor() throws {
        let (saved, p) = try Self.savedState("lion", .int8)
        func error(_ change: (inout [String: SafeTensors.Value]) -> Void) -> String? {
            var state = saved
            change(&state)
            var optimizer = try! Self.optimizer("lion", .int8)
            do {
                try optimizer.loadStateTensors(state, for: p)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(error { _ in } == nil)
        #expect(error { $0["exp_avg.absmax/0.weight"] = nil } == "optimizer state exp_avg.absmax/0.weight is missing")
        #expect(error { $0["exp_avg.absmax/0.weight"] = .float32(Tensor([1])) }?
            .contains("exp_avg.absmax/0.weight is F32 [1], expected F32 [2]") == true)
        #expect(error { $0["exp_avg.absmax/0.bias"] = .float32(Tensor([-1])) }?.contains("exp_avg.absmax/0.bias holds -1.0") == true)
        #expect(error { $0["exp_avg.absmax/0.bias"] = .float32(Tensor([.nan])) }?.contains("exp_avg.absmax/0.bias holds nan") == true)
        #expect(error { $0["exp_avg.qmap"] = nil } == "optimizer state exp_avg.qmap is missing")
        #expect(error { $0["exp_avg.qmap"] = .bfloat16([UInt16](repeating: 0, count: 256), shape: [256]) }?
            .contains("exp_avg.qmap is BF16 [256], expected F32 [256]") == true)
        #expect(error { $0["exp_avg/0.bias"] = .int8([Int8](repeating: 0, count: 50), shape: [50]) }
            == "optimizer state exp_avg for parameter 0.bias is I8, expected F32, BF16 or U8")
        #expect(error { $0["exp_avg/0.bias"] = .uint8([UInt8](repeating: 0, count: 50), shape: [5, 10]) }
            == "optimizer state exp_avg for parameter 0.bias has shape [5, 10], expected [50]")
        // Another map (bitsandbytes' own unsigned one) is read through its entries, then requantised.
        #expect(error { $0["exp_avg.qmap"] = .float32(Tensor(DynamicQuantizationMap.unsigned)) } == nil)
    }
}
