/// Runs `inner` on the parameters in `mask` only; the others' updates pass unchanged
/// (Optax's `masked`). The inner state holds buffers for the masked parameters only.
public struct Masked: CompositeTransformation {
    public var inner: any GradientTransformation
    public var mask: ParameterMask

    public init(_ inner: any GradientTransformation, mask: ParameterMask) {
        self.inner = inner
        self.mask = mask
    }

    public var name: String { "masked" }

    public var innerTransformations: [any GradientTransformation] { [inner] }

    func names(in parameters: ParameterSet) -> [String] { parameters.entries.filter(mask.contains).map(\.name) }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(children: [inner.initialState(for: parameters.selecting(names(in: parameters)))])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let names = names(in: parameters)
        guard !names.isEmpty else { return }
        var part = updates.selecting(names)
        inner.update(&part, state: &state.children[0], parameters: parameters.selecting(names))
        updates.overwrite(from: part)
    }
}
