/// min(lr, 1/√(k + 1)) at 0-based step k: Adafactor's relative step size ρₜ as
/// `torch.optim.Adafactor` computes it (Shazeer & Stern 2018 use min(10⁻², 1/√t)).
public struct RelativeStepSchedule: Schedule {
    public let lr: Double

    public init(lr: Double) { self.lr = lr }

    public func callAsFunction(_ step: Int) -> Float {
        Float(Swift.min(lr, 1 / Double(step + 1).squareRoot()))
    }
}
