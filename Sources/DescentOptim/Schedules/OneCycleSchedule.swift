import Foundation

/// The one-cycle policy (Smith & Topin 2018), as PyTorch's `OneCycleLR`: from
/// maxLR/divFactor up to `maxLR` over the first `pctStart` of `total` updates, then down
/// to maxLR/(divFactor·finalDivFactor); with `threePhase` it first comes back down to the
/// start symmetrically and only then anneals to the minimum (fast.ai's original form).
///
/// Only the learning rate is scheduled; PyTorch's momentum cycling is not part of a
/// schedule. Steps past `total` keep the final value (PyTorch raises).
public struct OneCycleSchedule: Schedule {
    /// How each phase moves between its end points.
    public enum Annealing: String, Sendable { case cos, linear }

    public let maxLR: Float
    public let total: Int
    public let pctStart: Float
    public let annealing: Annealing
    public let divFactor: Float
    public let finalDivFactor: Float
    public let threePhase: Bool

    public init(maxLR: Float, total: Int, pctStart: Float = 0.3, annealing: Annealing = .cos,
                divFactor: Float = 25, finalDivFactor: Float = 1e4, threePhase: Bool = false) {
        precondition(total > 0, "total must be positive")
        precondition(pctStart > 0 && pctStart < 1, "pctStart must be in (0, 1)")
        self.maxLR = maxLR
        self.total = total
        self.pctStart = pctStart
        self.annealing = annealing
        self.divFactor = divFactor
        self.finalDivFactor = finalDivFactor
        self.threePhase = threePhase
    }

    public func callAsFunction(_ step: Int) -> Float {
        let maxLR = Double(maxLR)
        let initial = maxLR / Double(divFactor)
        let minimum = initial / Double(finalDivFactor)
        let pct = Double(pctStart), n = Double(total)
        // (end step, start value, end value), as torch builds its phases.
        let phases: [(Double, Double, Double)] = threePhase
            ? [(Double(Float(pct * n)) - 1, initial, maxLR), (Double(Float(2 * pct * n)) - 2, maxLR, initial), (n - 1, initial, minimum)]
            : [(Double(Float(pct * n)) - 1, initial, maxLR), (n - 1, maxLR, minimum)]
        let t = Double(min(step, total))
        var start = 0.0
        for (index, phase) in phases.enumerated() {
            if t <= phase.0 || index == phases.count - 1 {
                let fraction = (t - start) / (phase.0 - start)
                switch annealing {
                case .cos: return Float(phase.2 + (phase.1 - phase.2) / 2 * (cos(Double.pi * fraction) + 1))
                case .linear: return Float((phase.2 - phase.1) * fraction + phase.1)
                }
            }
            start = phase.0
        }
        return Float(minimum)
    }
}

extension Schedule where Self == OneCycleSchedule {
    /// PyTorch's `OneCycleLR(max_lr:total_steps:...)`.
    public static func oneCycle(
        maxLR: Float, total: Int, pctStart: Float = 0.3, annealing: OneCycleSchedule.Annealing = .cos,
        divFactor: Float = 25, finalDivFactor: Float = 1e4, threePhase: Bool = false
    ) -> OneCycleSchedule {
        OneCycleSchedule(maxLR: maxLR, total: total, pctStart: pctStart, annealing: annealing,
                         divFactor: divFactor, finalDivFactor: finalDivFactor, threePhase: threePhase)
    }
}
