/// Per-group hyperparameters (Optax's `multi_transform`, PyTorch's parameter groups): each
/// parameter gets a label from its name and shape, and each label its own
/// transformation, run on those parameters only.
///
/// ```swift
/// MultiTransform(["decay": Chain { ScaleByAdam(); AddDecayedWeights(0.1); ScaleByLearningRate(1e-3) },
///                 "no_decay": Chain { ScaleByAdam(); ScaleByLearningRate(1e-3) },
///                 "embedding": Chain { ScaleByAdam(); ScaleByLearningRate(1e-2) }]) { entry in
///     entry.name.contains("embedding") ? "embedding" : entry.shape.count > 1 ? "decay" : "no_decay"
/// }
/// ```
/// The state's children are the groups' states in the order of the sorted labels, each
/// holding buffers for its own parameters only.
public struct MultiTransform: CompositeTransformation {
    public var transforms: [String: any GradientTransformation]
    public var label: @Sendable (ParameterSet.Entry) -> String

    public init(_ transforms: [String: any GradientTransformation], label: @escaping @Sendable (ParameterSet.Entry) -> String) {
        self.transforms = transforms
        self.label = label
    }

    /// Two groups from a mask: `included` for the parameters in it, `excluded` for the rest.
    public init(included: any GradientTransformation, excluded: any GradientTransformation, mask: ParameterMask) {
        self.init(["included": included, "excluded": excluded]) { mask.contains($0) ? "included" : "excluded" }
    }

    public var name: String { "multi_transform" }

    /// The labels in state order.
    public var labels: [String] { transforms.keys.sorted() }

    public var innerTransformations: [any GradientTransformation] { labels.map { transforms[$0]! } }

    /// The names of the parameters labelled `group`, in arena order.
    func names(in parameters: ParameterSet, labelled group: String) -> [String] {
        parameters.entries.filter { entry in
            let l = label(entry)
            precondition(transforms[l] != nil, "parameter \(entry.name) has label '\(l)', which has no transformation")
            return l == group
        }.map(\.name)
    }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(children: labels.map { group in
            transforms[group]!.initialState(for: parameters.selecting(names(in: parameters, labelled: group)))
        })
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        for (index, group) in labels.enumerated() {
            let names = names(in: parameters, labelled: group)
            guard !names.isEmpty else { continue }
            var part = updates.selecting(names)
            transforms[group]!.update(&part, state: &state.children[index], parameters: parameters.selecting(names))
            updates.overwrite(from: part)
        }
    }
}
