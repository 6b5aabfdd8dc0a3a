import Synchronization

/// Lowers the learning rate when a metric stops improving, as PyTorch's
/// `ReduceLROnPlateau`: after more than `patience` evaluations without an improvement
/// beyond `threshold`, lr ← max(lr·factor, minLR), then `cooldown` evaluations are ignored.
///
/// Unlike the other schedules it cannot be a function of the step: it needs the metric.
/// It is a shared object that is also a ``Schedule``: put it in the chain
/// (`ScaleByLearningRate(plateau)`), keep a reference in the training loop and call
/// ``step(metric:)`` after each evaluation (PyTorch's `scheduler.step(val_loss)`); every
/// update then uses the current value, whatever its step. Its state is not part of the
/// optimizer's: save ``stateTensors()`` beside it and restore with ``load(_:)`` (PyTorch
/// also keeps a scheduler's `state_dict` apart from the optimizer's).
public final class ReduceLROnPlateau: Schedule {
    /// Whether a lower (`min`: losses) or higher (`max`: accuracies) metric is better.
    public enum Mode: String, Sendable { case min, max }
    /// Whether `threshold` is relative to the best value (`rel`) or absolute (`abs`).
    public enum ThresholdMode: String, Sendable { case rel, abs }

    /// The running values: current lr, best metric, evaluations without improvement, cooldown left.
    public struct State: Sendable, Equatable {
        public var learningRate: Double
        public var best: Double
        public var badEvaluations: Int
        public var cooldownLeft: Int
        public var evaluations: Int
    }

    public let mode: Mode
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    public let cooldown: Int
    public let minLR: Double
    public let eps: Double
    private let state: Mutex<State>

    public init(initial: Float, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
                thresholdMode: ThresholdMode = .rel, cooldown: Int = 0, minLR: Double = 0, eps: Double = 1e-8) {
        precondition(factor < 1, "factor must be below 1")
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minLR = minLR
        self.eps = eps
        let worst = mode == .min ? Double.infinity : -Double.infinity
        state = Mutex(State(learningRate: Double(initial), best: worst, badEvaluations: 0, cooldownLeft: 0, evaluations: 0))
    }

    /// The current learning rate, whatever the step.
    public func callAsFunction(_ step: Int) -> Float { Float(state.withLock { $0.learningRate }) }

    /// The current running values.
    public var current: State { state.withLock { $0 } }

    private func isBetter(_ value: Double, than best: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .rel): return value < best * (1 - threshold)
        case (.min, .abs): return value < best - threshold
        case (.max, .rel): return value > best * (threshold + 1)
        case (.max, .abs): return value > best + threshold
        }
    }

    /// Records one evaluation of the metric and returns the learning rate from now on.
    @discardableResult
    public func step(metric: Double) -> Float {
        state.withLock { s in
            s.evaluations += 1
            if isBetter(metric, than: s.best) {
                s.best = metric
                s.badEvaluations = 0
            } else {
                s.badEvaluations += 1
            }
            if s.cooldownLeft > 0 {
                s.cooldownLeft -= 1
                s.badEvaluations = 0
            }
            if s.badEvaluations > patience {
                let reduced = Swift.max(s.learningRate * factor, minLR)
                if s.learningRate - reduced > eps { s.learningRate = reduced }
                s.cooldownLeft = cooldown
                s.badEvaluations = 0
            }
            return Float(s.learningRate)
        }
    }

    /// The state as named tensors (`plateau/learning_rate`, …), for a checkpoint.
    public func stateTensors(prefix: String = "plateau/") -> [String: Tensor] {
        let s = current
        // The best metric and the rate are kept in Double; a Float32 tensor holds each as
        // three Floats (24 + 24 + 24 significant bits ≥ 53) so that a restore is exact.
        func split(_ x: Double) -> Tensor {
            let high = Float(x)
            guard high.isFinite else { return Tensor(shape: [3], scalars: [high, 0, 0]) }
            let mid = Float(x - Double(high))
            return Tensor(shape: [3], scalars: [high, mid, Float(x - Double(high) - Double(mid))])
        }
        return [prefix + "learning_rate": split(s.learningRate), prefix + "best": split(s.best),
                prefix + "bad_evaluations": Tensor(Float(s.badEvaluations)), prefix + "cooldown_left": Tensor(Float(s.cooldownLeft)),
                prefix + "evaluations": Tensor(Float(s.evaluations))]
    }

    /// Restores ``stateTensors(prefix:)``; throws naming the first missing entry.
    public func load(_ tensors: [String: Tensor], prefix: String = "plateau/") throws {
        func value(_ name: String, count: Int) throws -> [Float] {
            guard let t = tensors[prefix + name], t.count == count else {
                throw OptimizerStateError("schedule state has no \(prefix)\(name)")
            }
            return t.scalars
        }
        func joined(_ name: String) throws -> Double {
            let v = try value(name, count: 3)
            return v[0].isFinite ? Double(v[0]) + Double(v[1]) + Double(v[2]) : Double(v[0])
        }
        let restored = State(
            learningRate: try joined("learning_rate"), best: try joined("best"),
            badEvaluations: Int(try value("bad_evaluations", count: 1)[0]),
            cooldownLeft: Int(try value("cooldown_left", count: 1)[0]), evaluations: Int(try value("evaluations", count: 1)[0]))
        state.withLock { $0 = restored }
    }
}

extension Schedule where Self == ReduceLROnPlateau {
    /// A learning rate lowered when a metric stalls (PyTorch's `ReduceLROnPlateau`); drive
    /// it with ``ReduceLROnPlateau/step(metric:)``.
    public static func reduceOnPlateau(
        _ initial: Float, mode: ReduceLROnPlateau.Mode = .min, factor: Double = 0.1, patience: Int = 10,
        threshold: Double = 1e-4, thresholdMode: ReduceLROnPlateau.ThresholdMode = .rel, cooldown: Int = 0, minLR: Double = 0
    ) -> ReduceLROnPlateau {
        ReduceLROnPlateau(initial: initial, mode: mode, factor: factor, patience: patience, threshold: threshold,
                          thresholdMode: thresholdMode, cooldown: cooldown, minLR: minLR)
    }
}
