/// How a weight tensor is filled at the start: PyTorch's defaults, Xavier/Glorot or Kaiming/He.
public enum Initializer: Sendable, Hashable {
    /// PyTorch's default for Linear and Conv weights: kaiming_uniform(a: √5), that is
    /// U(−1/√fanIn, 1/√fanIn).
    case pytorchDefault
    /// U(−b, b) with b = √(6 / (fanIn + fanOut)).
    case xavierUniform
    /// N(0, 2 / (fanIn + fanOut)).
    case xavierNormal
    /// U(−b, b) with b = √(6 / fanIn) (ReLU gain).
    case kaimingUniform
    /// N(0, 2 / fanIn) (ReLU gain).
    case kaimingNormal
    /// N(0, σ²).
    case normal(std: Float)
    /// U(low, high).
    case uniform(low: Float, high: Float)
    /// Every element equal to a constant.
    case constant(Float)

    /// The initialisers that `--init` names: `pytorch`, `xavier-uniform`, `xavier-normal`,
    /// `kaiming-uniform`, `kaiming-normal`.
    public init?(named name: String) {
        switch name {
        case "pytorch", "default": self = .pytorchDefault
        case "xavier-uniform", "glorot-uniform", "xavier": self = .xavierUniform
        case "xavier-normal", "glorot-normal": self = .xavierNormal
        case "kaiming-uniform", "he-uniform", "kaiming": self = .kaimingUniform
        case "kaiming-normal", "he-normal": self = .kaimingNormal
        default: return nil
        }
    }

    /// A tensor of `shape` drawn from this initialiser, with fans computed as PyTorch does
    /// (`fanIn` = shape[1] · receptive field, `fanOut` = shape[0] · receptive field).
    public func tensor(_ shape: [Int], generator: inout RandomGenerator) -> Tensor {
        let receptive = shape.dropFirst(2).reduce(1, *)
        let fanIn = Float(shape.count > 1 ? shape[1] * receptive : shape.first ?? 1)
        let fanOut = Float((shape.first ?? 1) * receptive)
        let count = shape.reduce(1, *)
        func uniform(_ bound: Float) -> Tensor {
            Tensor(shape: shape, scalars: (0..<count).map { _ in generator.uniform(-bound, bound) })
        }
        func normal(_ std: Float) -> Tensor {
            Tensor(shape: shape, scalars: (0..<count).map { _ in generator.normal() * std })
        }
        switch self {
        case .pytorchDefault: return uniform(1 / fanIn.squareRoot())
        case .xavierUniform: return uniform((6 / (fanIn + fanOut)).squareRoot())
        case .xavierNormal: return normal((2 / (fanIn + fanOut)).squareRoot())
        case .kaimingUniform: return uniform((6 / fanIn).squareRoot())
        case .kaimingNormal: return normal((2 / fanIn).squareRoot())
        case .normal(let std): return normal(std)
        case .uniform(let low, let high):
            return Tensor(shape: shape, scalars: (0..<count).map { _ in generator.uniform(low, high) })
        case .constant(let value): return Tensor(repeating: value, shape: shape)
        }
    }
}
