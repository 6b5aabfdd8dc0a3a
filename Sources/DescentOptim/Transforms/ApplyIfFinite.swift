/// Skips updates whose gradients are not all finite (Optax's `apply_if_finite`): such a
/// step returns zero updates and leaves the inner state untouched, and is counted.
///
/// Giving up: after more than `maxConsecutiveErrors` non-finite steps in a row the
/// update is applied anyway, as Optax does, so the non-finite values reach the
/// parameters instead of training silently standing still. The state records it
/// (`gave_up` = 1, with `notfinite_count` and `total_notfinite`); ``report(in:)`` reads the
/// counts and ``check(_:)`` throws ``NonFiniteUpdatesError`` naming them, for a training
/// loop that wants to stop with a clear message.
public struct ApplyIfFinite: CompositeTransformation {
    public var inner: any GradientTransformation
    public var maxConsecutiveErrors: Int

    public init(_ inner: any GradientTransformation, maxConsecutiveErrors: Int) {
        precondition(maxConsecutiveErrors >= 0, "maxConsecutiveErrors must be non-negative")
        self.inner = inner
        self.maxConsecutiveErrors = maxConsecutiveErrors
    }

    public var name: String { "apply_if_finite" }

    public var innerTransformations: [any GradientTransformation] { [inner] }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(scalars: ["notfinite_count": 0, "total_notfinite": 0, "last_finite": 1, "gave_up": 0],
                            children: [inner.initialState(for: parameters)])
    }

    /// The counts kept in a state made by this transformation.
    public struct Report: Sendable, Equatable {
        /// Non-finite steps in a row up to now.
        public var consecutiveSkipped: Int
        /// Non-finite steps in all.
        public var totalSkipped: Int
        /// Whether the last step exceeded `maxConsecutiveErrors` and was applied anyway.
        public var gaveUp: Bool
    }

    /// The counts in `state`.
    public static func report(in state: TransformationState) -> Report {
        Report(consecutiveSkipped: Int(state.scalars["notfinite_count"]!), totalSkipped: Int(state.scalars["total_notfinite"]!),
               gaveUp: state.scalars["gave_up"]! != 0)
    }

    /// Throws if any ``ApplyIfFinite`` in the optimizer gave up at its last step.
    public static func check(_ optimizer: TransformationOptimizer) throws {
        guard let state = optimizer.state else { return }
        for (part, partState) in TransformationLookup.states(of: ApplyIfFinite.self, in: optimizer.transformation, state: state) {
            let r = report(in: partState)
            if r.gaveUp {
                throw NonFiniteUpdatesError(
                    "gave up after \(r.consecutiveSkipped) non-finite updates in a row (more than \(part.maxConsecutiveErrors)); "
                        + "\(r.totalSkipped) skipped in all")
            }
        }
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let finite = updates.storage.withUnsafeBufferPointer { u in
            var ok = true
            for x in u where !x.isFinite { ok = false; break }
            return ok
        }
        let consecutive = finite ? 0 : state.scalars["notfinite_count"]! + 1
        state.scalars["notfinite_count"] = consecutive
        state.scalars["last_finite"] = finite ? 1 : 0
        if !finite { state.scalars["total_notfinite"]! += 1 }
        let giveUp = Int(consecutive) > maxConsecutiveErrors
        state.scalars["gave_up"] = giveUp ? 1 : 0
        if finite || giveUp {
            inner.update(&updates, state: &state.children[0], parameters: parameters)
        } else {
            updates.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
    }
}

/// Updates stayed non-finite for more steps in a row than ``ApplyIfFinite`` allows.
public struct NonFiniteUpdatesError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
