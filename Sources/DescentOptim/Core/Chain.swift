/// Transformations applied one after another, each to the previous one's updates, as
/// Optax's `chain`; the state is the list of the parts' states.
///
/// ```swift
/// let optimizer = Chain {
///     ClipByGlobalNorm(1.0)
///     ScaleByAdam(beta1: 0.9, beta2: 0.999, eps: 1e-8)
///     AddDecayedWeights(0.01, mask: .excludingBiasesAndNorms)
///     ScaleByLearningRate(.warmupCosine(peak: 3e-3, warmup: 500, total: 10_000))
/// }
/// ```
public struct Chain: GradientTransformation {
    public var parts: [any GradientTransformation]

    public init(_ parts: [any GradientTransformation]) { self.parts = parts }

    public init(@ChainBuilder _ build: () -> [any GradientTransformation]) { self.parts = build() }

    public var name: String { "chain" }

    /// The parts' names, which prefix a part's state keys where they collide (`1.trace/step`).
    public var partNames: [String] { parts.map(\.name) }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(children: parts.map { $0.initialState(for: parameters) }, childNames: partNames)
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        for index in parts.indices {
            parts[index].update(&updates, state: &state.children[index], parameters: parameters)
        }
    }
}

/// Collects transformations written one per line into a list.
@resultBuilder
public enum ChainBuilder {
    public static func buildExpression(_ part: any GradientTransformation) -> [any GradientTransformation] { [part] }
    public static func buildBlock(_ parts: [any GradientTransformation]...) -> [any GradientTransformation] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any GradientTransformation]?) -> [any GradientTransformation] { part ?? [] }
    public static func buildEither(first: [any GradientTransformation]) -> [any GradientTransformation] { first }
    public static func buildEither(second: [any GradientTransformation]) -> [any GradientTransformation] { second }
    public static func buildArray(_ parts: [[any GradientTransformation]]) -> [any GradientTransformation] { parts.flatMap { $0 } }
}
