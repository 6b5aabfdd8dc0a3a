/// What `descent optim list` and `show` know about a named optimizer, and how to make it.
public struct OptimizerDescriptor: Sendable {
    /// One hyperparameter: its name (PyTorch's constructor name, tuples split), default and kind.
    public struct Hyperparameter: Sendable {
        public enum Kind: String, Sendable {
            case real, integer, boolean

            /// A value as text: booleans as true/false, integers without a point.
            public func text(_ value: Double) -> String {
                switch self {
                case .boolean: value != 0 ? "true" : "false"
                case .integer: "\(Int(value))"
                case .real: "\(value)"
                }
            }
        }
        public let name: String
        public let defaultValue: Double
        public let kind: Kind
        public let help: String

        public init(_ name: String, _ defaultValue: Double, _ kind: Kind = .real, help: String = "") {
            self.name = name
            self.defaultValue = defaultValue
            self.kind = kind
            self.help = help
        }

        /// PyTorch's `maximize` switch, the same in every optimizer that has it.
        public static let maximize = Hyperparameter("maximize", 0, .boolean)
    }

    /// The name used on the command line (`adamw`, `lion`).
    public let name: String
    public let hyperparameters: [Hyperparameter]
    /// The implementation it matches, with version (`torch.optim.AdamW`, `lion-pytorch 0.2`).
    public let reference: String
    /// The paper, as authors (year), title.
    public let paper: String
    /// The update rule in plain text, for `descent optim show`.
    public let formula: String
    /// The composed chain, in words (`scale_by_adam → add_decayed_weights → scale_by_learning_rate`).
    public let composition: String
    /// Float32 state buffers kept per parameter element (4 bytes each).
    public let stateBuffersPerParameter: Double
    /// The typed composed preset (a `Chain` preset of `Optimizers/Presets.swift`) from fully
    /// resolved settings (every hyperparameter present); nil for an optimizer that is not a
    /// chain (L-BFGS). Where a fused kernel exists, the chain that kernel wraps.
    public let preset: (@Sendable (OptimizerSettings) -> Chain)?
    /// The fused form of the same preset (one pass over the arena, the same state keys), where
    /// a kernel exists.
    public let fused: (@Sendable (OptimizerSettings) -> TransformationOptimizer)?
    /// Makes the optimizer from fully resolved settings: the fused form where there is one,
    /// else the preset.
    public let make: @Sendable (OptimizerSettings) -> any Optimizer
    /// Whether weight decay can be limited to some parameters (`--no-decay`): false where the
    /// decay is inside a rule that also uses it for global statistics.
    public let decayMaskable: Bool
    /// The state dtypes it can keep its state in (float32 for all; low precision for the fused
    /// AdamW, Adam, SGD and Lion).
    public let stateDTypes: [StateDType]
    /// Why a parameter cannot be optimized by this optimizer (Muon takes matrices only), or
    /// nil when it can.
    public let parameterRequirement: @Sendable (ParameterSet.Entry) -> String?

    /// An optimizer made of its typed `preset`, or of its `fused` kernel (the preset then being
    /// the chain the kernel wraps), or, when it is not a chain (L-BFGS), by `make`.
    public init(
        name: String, hyperparameters: [Hyperparameter], reference: String, paper: String, formula: String,
        composition: String, stateBuffersPerParameter: Double,
        parameterRequirement: @escaping @Sendable (ParameterSet.Entry) -> String? = { _ in nil },
        decayMaskable: Bool = true, stateDTypes: [StateDType] = [.float32],
        preset: (@Sendable (OptimizerSettings) -> Chain)? = nil,
        fused: (@Sendable (OptimizerSettings) -> TransformationOptimizer)? = nil,
        make: (@Sendable (OptimizerSettings) -> any Optimizer)? = nil
    ) {
        precondition((preset == nil && fused == nil) != (make == nil), "\(name): give either a preset, a fused form or a maker")
        self.name = name
        self.hyperparameters = hyperparameters
        self.reference = reference
        self.paper = paper
        self.formula = formula
        self.composition = composition
        self.stateBuffersPerParameter = stateBuffersPerParameter
        self.parameterRequirement = parameterRequirement
        self.decayMaskable = decayMaskable
        self.stateDTypes = stateDTypes
        if preset == nil, let fused {
            self.preset = { settings in
                var float32 = settings
                float32.stateDType = .float32
                guard let chain = fused(float32).transformation as? Chain else { preconditionFailure("\(name): no chain in the fused form") }
                return chain
            }
        } else {
            self.preset = preset
        }
        self.fused = fused
        self.make = make ?? { settings in fused?(settings) ?? TransformationOptimizer(preset!(settings), name: name) }
    }

    /// State memory in bytes per parameter element.
    public var stateBytesPerParameter: Double { 4 * stateBuffersPerParameter }

    /// State memory in bytes per parameter element with the state kept in `dtype` (8-bit
    /// state adds one Float absmax per block of 2,048 elements).
    public func stateBytes(per dtype: StateDType) -> Double {
        let perElement = dtype == .int8 ? 1 + 4.0 / Double(StateDType.blockSize) : Double(dtype.bytesPerElement)
        return perElement * stateBuffersPerParameter
    }

    /// The defaults by name.
    public var defaults: [String: Double] {
        Dictionary(uniqueKeysWithValues: hyperparameters.map { ($0.name, $0.defaultValue) })
    }
}
