import Foundation

/// lr / (1 + rate·k)^power at 0-based step k, computed in double precision (Keras's
/// `InverseTimeDecay` for power 1). With rate = `lr_decay` and power 1 it is
/// `torch.optim.Adagrad`'s decayed learning rate lr / (1 + (t − 1)·lr_decay); with
/// rate = λ·lr and power α it is `torch.optim.ASGD`'s step size η = lr / (1 + λ·lr·t)^α.
public struct InverseTimeDecaySchedule: Schedule {
    public let initial: Double
    public let rate: Double
    public let power: Double

    public init(initial: Double, rate: Double, power: Double = 1) {
        self.initial = initial
        self.rate = rate
        self.power = power
    }

    public func callAsFunction(_ step: Int) -> Float {
        let base = 1 + rate * Double(step)
        return Float(power == 1 ? initial / base : initial / pow(base, power))
    }
}
