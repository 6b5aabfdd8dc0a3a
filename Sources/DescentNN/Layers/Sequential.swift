/// Layers applied one after another; children are named `0`, `1`, … as in PyTorch.
public struct Sequential: Layer {
    public var layers: [any Layer]

    public init(_ layers: [any Layer]) { self.layers = layers }

    public init(@LayerBuilder _ build: () -> [any Layer]) { self.layers = build() }

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        layers.enumerated().flatMap { index, layer in
            prefixed(String(index), layer.initialParameters(generator: &generator))
        }
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        var x = input
        for (index, layer) in layers.enumerated() {
            x = layer(x, parameters: parameters.child(String(index)), context: &context)
        }
        return x
    }
}

/// Collects layers written one per line into an array.
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    public static func buildExpression(_ layers: [any Layer]) -> [any Layer] { layers }
    public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
    public static func buildEither(first: [any Layer]) -> [any Layer] { first }
    public static func buildEither(second: [any Layer]) -> [any Layer] { second }
    public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
}
