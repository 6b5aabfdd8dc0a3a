/// An optimizer whose concrete type is chosen at run time (from the command line).
public struct AnyOptimizer: Optimizer {
    public private(set) var base: any Optimizer

    public init(_ base: any Optimizer) { self.base = base }

    public var name: String { base.name }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float) {
        base.step(&parameters, gradients: gradients, gradientScale: gradientScale)
    }

    public func stateTensors() -> [String: SafeTensors.Value] { base.stateTensors() }

    public mutating func loadStateTensors(_ tensors: [String: SafeTensors.Value], for parameters: ParameterSet) throws {
        try base.loadStateTensors(tensors, for: parameters)
    }

    public mutating func observe(validationLoss: Double) { base.observe(validationLoss: validationLoss) }

    public func evaluationPoint(_ parameters: ParameterSet) -> ParameterSet? { base.evaluationPoint(parameters) }
}
