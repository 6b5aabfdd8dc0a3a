import CDescentKernels

/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and coupled
/// weight decay, matching `torch.optim.SGD` (the momentum buffer starts as the first
/// gradient, not as zero): one fused pass over the arena (a C kernel, split across the
/// compute threads), equal to ``Chain/sgd(lr:momentum:dampening:weightDecay:nesterov:maximize:)``.
public struct SGD: Optimizer {
    public var lr: Float
    public var momentum: Float
    public var dampening: Float
    public var weightDecay: Float
    public var nesterov: Bool
    public var maximize: Bool

    public private(set) var stepCount = 0
    private var buffer: [Float] = []
    private var names: [ParameterSet.Entry] = []

    public init(lr: Float = 1e-3, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0,
                nesterov: Bool = false, maximize: Bool = false) {
        precondition(!nesterov || (momentum > 0 && dampening == 0), "Nesterov momentum requires a momentum and zero dampening")
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.maximize = maximize
    }

    public var name: String { "sgd" }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) {
        if names != parameters.entries {
            precondition(stepCount == 0, "optimizer state belongs to another parameter layout")
            names = parameters.entries
            buffer = momentum != 0 ? [Float](repeating: 0, count: parameters.scalarCount) : []
        }
        let first = stepCount == 0
        stepCount += 1
        let (lr, mu, dampening, wd, nesterov, maximize) = (lr, momentum, dampening, weightDecay, nesterov, maximize)
        let count = parameters.scalarCount
        parameters.storage.withUnsafeMutableBufferPointer { p in
            gradients.storage.withUnsafeBufferPointer { g in
                buffer.withUnsafeMutableBufferPointer { b in
                    let pointers = UncheckedPointers(p: p.baseAddress!, g: g.baseAddress!, m: b.baseAddress ?? p.baseAddress!,
                                                     v: p.baseAddress!, vmax: b.baseAddress)
                    parallelChunks(count, grain: 1 << 16) { range in
                        descent_sgd_step(pointers.p + range.lowerBound, pointers.g + range.lowerBound,
                                         pointers.vmax.map { $0 + range.lowerBound }, range.count, lr, mu, dampening, wd,
                                         nesterov ? 1 : 0, maximize ? 1 : 0, first ? 1 : 0)
                    }
                }
            }
        }
    }

    public func stateTensors() -> [String: Tensor] {
        var result: [String: Tensor] = ["step": Tensor(Float(stepCount))]
        if momentum != 0 {
            for entry in names {
                result["momentum_buffer/\(entry.name)"] = Tensor(shape: entry.shape, scalars: Array(buffer[entry.range]))
            }
        }
        return result
    }

    public mutating func loadStateTensors(_ tensors: [String: Tensor], for parameters: ParameterSet) throws {
        guard let step = tensors["step"] else { throw OptimizerStateError("optimizer state has no step counter") }
        names = parameters.entries
        buffer = momentum != 0 ? [Float](repeating: 0, count: parameters.scalarCount) : []
        if momentum != 0 {
            for entry in names {
                guard let t = tensors["momentum_buffer/\(entry.name)"] else {
                    throw OptimizerStateError("optimizer state has no momentum_buffer for parameter \(entry.name)")
                }
                guard t.shape == entry.shape else {
                    throw OptimizerStateError("optimizer state momentum_buffer for parameter \(entry.name) has shape \(t.shape), expected \(entry.shape)")
                }
                buffer.replaceSubrange(entry.range, with: t.scalars)
            }
        }
        stepCount = Int(step.scalar)
    }
}
