/// A transformation that runs inner transformations, whose states are its state's
/// children in the same order (a ``Chain``, ``Lookahead``, ``MultiSteps``, …).
public protocol CompositeTransformation: GradientTransformation {
    /// The inner transformations, in the order of the state's children.
    var innerTransformations: [any GradientTransformation] { get }
}

extension Chain: CompositeTransformation {
    public var innerTransformations: [any GradientTransformation] { parts }
}

/// Finds transformations of a given type, with their states, inside nested compositions.
public enum TransformationLookup {
    /// Every transformation of type `T` in `transformation` (itself included, depth first)
    /// with its part of `state`.
    public static func states<T: GradientTransformation>(
        of type: T.Type, in transformation: any GradientTransformation, state: TransformationState
    ) -> [(transformation: T, state: TransformationState)] {
        var found: [(transformation: T, state: TransformationState)] = []
        if let match = transformation as? T { found.append((match, state)) }
        if let composite = transformation as? any CompositeTransformation {
            for (inner, child) in zip(composite.innerTransformations, state.children) {
                found += states(of: type, in: inner, state: child)
            }
        }
        return found
    }
}

extension ParameterSet {
    /// A new set with the entries named (in this order), copied.
    func selecting(_ names: [String]) -> ParameterSet {
        ParameterSet(names.map { ($0, self[$0]) })
    }

    /// Copies every entry of `part` into the entry of the same name.
    mutating func overwrite(from part: ParameterSet) {
        let entries = part.entries.map { (part: $0, whole: entry(named: $0.name)!) }
        storage.withUnsafeMutableBufferPointer { whole in
            part.storage.withUnsafeBufferPointer { source in
                for (p, w) in entries {
                    (whole.baseAddress! + w.offset).update(from: source.baseAddress! + p.offset, count: p.count)
                }
            }
        }
    }
}

extension TransformationLookup {
    /// `state` with buffer `name` of the first transformation of type `T` set to `value`.
    static func replacingBuffer<T: GradientTransformation>(
        _ name: String, of type: T.Type, in transformation: any GradientTransformation, state: TransformationState,
        with value: ParameterSet
    ) -> TransformationState {
        var state = state
        if transformation is T {
            state.buffers[name] = value
            return state
        }
        if let composite = transformation as? any CompositeTransformation {
            for (index, inner) in composite.innerTransformations.enumerated() where index < state.children.count {
                if !states(of: type, in: inner, state: state.children[index]).isEmpty {
                    state.children[index] = replacingBuffer(name, of: type, in: inner, state: state.children[index], with: value)
                    return state
                }
            }
        }
        preconditionFailure("no \(T.self) in the transformation")
    }
}
