import Foundation

/// The one-cycle policy (Smith & Topin 2018), as PyTorch's `OneCycleLR`: from
/// maxLR/divFactor up to `maxLR` over the first `pctStart` of `total` updates, then down
/// to maxLR/(divFactor·finalDivFactor); with `threePhase` it first comes back down to the
/// start symmetrically and only then anneals to the minimum (fast.ai's original form).
///
/// PyTorch's momentum cycling (`cycle_momentum`) is ``CycledMomentumSchedule``.
/// Steps past `total` keep the final value (PyTorch raises).
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
        let initial = Double(maxLR) / Double(divFactor)
        return Float(interpolate(step, start: initial, peak: Double(maxLR), end: initial / Double(finalDivFactor)))
    }

    /// The value at `step` of a cycle through these phases from `start` to `peak` and on to
    /// `end` (with `threePhase`: `start` → `peak` → `start` → `end`), as torch's
    /// `OneCycleLR.get_lr` anneals both the learning rate and the momentum.
    func interpolate(_ step: Int, start: Double, peak: Double, end: Double) -> Double {
        let pct = Double(pctStart), n = Double(total)
        // (end step, start value, end value), as torch builds its phases.
        let phases: [(Double, Double, Double)] = threePhase
            ? [(Double(Float(pct * n)) - 1, start, peak), (Double(Float(2 * pct * n)) - 2, peak, start), (n - 1, start, end)]
            : [(Double(Float(pct * n)) - 1, start, peak), (n - 1, peak, end)]
        // The last step is total − 1; later ones keep its value (t = total would carry the
        // linear phase past its end, below zero).
        let t = Double(min(step, total - 1))
        var phaseStart = 0.0
        for (index, phase) in phases.enumerated() {
            if t <= phase.0 || index == phases.count - 1 {
                let fraction = (t - phaseStart) / (phase.0 - phaseStart)
                switch annealing {
                case .cos: return phase.2 + (phase.1 - phase.2) / 2 * (cos(Double.pi * fraction) + 1)
                case .linear: return (phase.2 - phase.1) * fraction + phase.1
                }
            }
            phaseStart = phase.0
        }
        return end
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
