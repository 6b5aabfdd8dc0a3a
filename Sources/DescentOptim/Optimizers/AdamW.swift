import CDescentKernels
import Foundation

/// AdamW (Loshchilov & Hutter), matching `torch.optim.AdamW`: decoupled weight decay
/// p ← p·(1 − lr·λ), then Adam's bias-corrected step. With `decoupled: false` the decay is
/// added to the gradient instead, which is `torch.optim.Adam(weight_decay:)`.
///
/// The step is one fused pass over the parameter arena (a C kernel compiled for several
/// x86-64 levels), split across the compute threads.
public struct AdamW: Optimizer {
    public var lr: Float
    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public var weightDecay: Float
    public var amsgrad: Bool
    public var maximize: Bool
    public var decoupled: Bool

    public private(set) var stepCount = 0
    private var expAvg: [Float] = []
    private var expAvgSq: [Float] = []
    private var maxExpAvgSq: [Float] = []
    private var names: [ParameterSet.Entry] = []

    public init(lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                weightDecay: Float = 1e-2, amsgrad: Bool = false, maximize: Bool = false, decoupled: Bool = true) {
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.maximize = maximize
        self.decoupled = decoupled
    }

    public var name: String { decoupled ? "adamw" : "adam" }

    private mutating func prepare(for parameters: ParameterSet) {
        guard names != parameters.entries else { return }
        precondition(stepCount == 0, "optimizer state belongs to another parameter layout")
        names = parameters.entries
        expAvg = [Float](repeating: 0, count: parameters.scalarCount)
        expAvgSq = expAvg
        maxExpAvgSq = amsgrad ? expAvg : []
    }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) {
        prepare(for: parameters)
        stepCount += 1
        let t = Float(stepCount)
        let bc1 = 1 - pow(beta1, t), bc2Sqrt = (1 - pow(beta2, t)).squareRoot()
        let (lr, beta1, beta2, eps, amsgrad, maximize) = (lr, beta1, beta2, eps, amsgrad, maximize)
        // Decoupled decay shrinks p; coupled (L2) decay adds λp to the gradient in the same pass.
        let (decay, coupled) = decoupled ? (weightDecay, Float(0)) : (Float(0), weightDecay)
        let count = parameters.scalarCount
        parameters.storage.withUnsafeMutableBufferPointer { p in
            gradients.storage.withUnsafeBufferPointer { g in
                expAvg.withUnsafeMutableBufferPointer { m in
                    expAvgSq.withUnsafeMutableBufferPointer { v in
                        maxExpAvgSq.withUnsafeMutableBufferPointer { vmax in
                            let pointers = UncheckedPointers(p: p.baseAddress!, g: g.baseAddress!, m: m.baseAddress!,
                                                             v: v.baseAddress!, vmax: vmax.baseAddress)
                            parallelChunks(count, grain: 1 << 16) { range in
                                descent_adamw_step(
                                    pointers.p + range.lowerBound, pointers.g + range.lowerBound,
                                    pointers.m + range.lowerBound, pointers.v + range.lowerBound,
                                    pointers.vmax.map { $0 + range.lowerBound }, range.count,
                                    lr, beta1, beta2, eps, decay, coupled, bc1, bc2Sqrt, amsgrad ? 1 : 0, maximize ? 1 : 0)
                            }
                        }
                    }
                }
            }
        }
    }

    public func stateTensors() -> [String: Tensor] {
        var result: [String: Tensor] = ["step": Tensor(Float(stepCount))]
        for entry in names {
            result["exp_avg/\(entry.name)"] = Tensor(shape: entry.shape, scalars: Array(expAvg[entry.range]))
            result["exp_avg_sq/\(entry.name)"] = Tensor(shape: entry.shape, scalars: Array(expAvgSq[entry.range]))
            if amsgrad {
                result["max_exp_avg_sq/\(entry.name)"] = Tensor(shape: entry.shape, scalars: Array(maxExpAvgSq[entry.range]))
            }
        }
        return result
    }

    public mutating func loadStateTensors(_ tensors: [String: Tensor], for parameters: ParameterSet) throws {
        names = parameters.entries
        guard let step = tensors["step"] else { throw OptimizerStateError("optimizer state has no step counter") }
        func buffer(_ kind: String) throws -> [Float] {
            var flat = [Float](repeating: 0, count: names.last.map { $0.offset + $0.count } ?? 0)
            for entry in names {
                guard let t = tensors["\(kind)/\(entry.name)"] else {
                    throw OptimizerStateError("optimizer state has no \(kind) for parameter \(entry.name)")
                }
                guard t.shape == entry.shape else {
                    throw OptimizerStateError("optimizer state \(kind) for parameter \(entry.name) has shape \(t.shape), expected \(entry.shape)")
                }
                flat.replaceSubrange(entry.range, with: t.scalars)
            }
            return flat
        }
        expAvg = try buffer("exp_avg")
        expAvgSq = try buffer("exp_avg_sq")
        maxExpAvgSq = amsgrad ? try buffer("max_exp_avg_sq") : []
        stepCount = Int(step.scalar)
    }
}

/// Raw pointers into disjoint ranges of buffers, shared by the threads of one kernel call.
struct UncheckedPointers: @unchecked Sendable {
    let p: UnsafeMutablePointer<Float>
    let g: UnsafePointer<Float>
    let m: UnsafeMutablePointer<Float>
    let v: UnsafeMutablePointer<Float>
    let vmax: UnsafeMutablePointer<Float>?
}
