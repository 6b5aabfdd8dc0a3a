/// Sets the updates of the parameters in `mask` to zero: freezes them (Optax's
/// `set_to_zero`, usually given to the frozen group of a ``MultiTransform``; with a mask
/// it is the same without one). Place it last, after any decay, so nothing moves them.
public struct SetToZero: GradientTransformation {
    public var mask: ParameterMask

    public init(mask: ParameterMask = .all) { self.mask = mask }

    public var name: String { "set_to_zero" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let ranges = mask.ranges(in: updates)
        updates.storage.withUnsafeMutableBufferPointer { u in
            for range in ranges { UnsafeMutableBufferPointer(rebasing: u[range]).update(repeating: 0) }
        }
    }
}
