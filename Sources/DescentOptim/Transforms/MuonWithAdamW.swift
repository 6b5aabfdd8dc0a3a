/// Muon for a network's hidden matrices and AdamW for everything else, the split every Muon
/// user runs (Keller Jordan's `MuonWithAuxAdam`; torch.optim.Muon's documentation).
///
/// Which parameters are hidden matrices is decided from the whole parameter set, in layout
/// order (the network's): the 2-D parameters except embeddings (``ParameterGroup/embeddings``)
/// and except the first and the last parameter of two or more axes, the network's input and
/// output layers (an MLP's first layer and classifier head, a transformer's token embedding
/// and `lm_head`, a CNN's first convolution). Muon orthogonalises 2-D matrices only, so
/// convolution filters (4-D) go to AdamW as well; biases, norm gains and other 0/1-D
/// parameters always do. The two groups then run as ``MultiTransform``'s `muon` and `adamw`.
public struct MuonWithAdamW: CompositeTransformation {
    /// The transformation of the hidden matrices (``Chain/muon(lr:weightDecay:momentum:nesterov:coefficients:eps:nsSteps:adjustLR:decayMask:)``).
    public var muon: any GradientTransformation
    /// The transformation of the other parameters (``Chain/adamw(lr:beta1:beta2:eps:weightDecay:amsgrad:maximize:decayMask:)``).
    public var adamw: any GradientTransformation

    public init(muon: any GradientTransformation, adamw: any GradientTransformation) {
        self.muon = muon
        self.adamw = adamw
    }

    public var name: String { "muon_with_adamw" }

    /// The state's children: AdamW's, then Muon's (``MultiTransform``'s sorted labels).
    public var innerTransformations: [any GradientTransformation] { [adamw, muon] }

    /// The names of the hidden matrices of `parameters`: the ones Muon updates.
    public static func hiddenMatrices(in parameters: ParameterSet) -> Set<String> {
        let layers = parameters.entries.filter { $0.shape.count >= 2 }
        guard layers.count > 2 else { return [] }
        return Set(layers.dropFirst().dropLast()
            .filter { $0.shape.count == 2 && !ParameterGroup.embeddings.contains($0) }.map(\.name))
    }

    /// The two groups for this parameter set.
    func split(_ parameters: ParameterSet) -> MultiTransform {
        let hidden = Self.hiddenMatrices(in: parameters)
        return MultiTransform(["muon": muon, "adamw": adamw]) { hidden.contains($0.name) ? "muon" : "adamw" }
    }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        var state = split(parameters).initialState(for: parameters)
        state.childNames = ["adamw", "muon"]
        return state
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        split(parameters).update(&updates, state: &state, parameters: parameters)
    }
}

extension Chain {
    /// Muon (torch.optim.Muon's rule) on the hidden matrices and AdamW (torch.optim.AdamW's)
    /// on the rest, as ``MuonWithAdamW`` splits them; the defaults are Keller Jordan's
    /// `MuonWithAuxAdam` example's (Muon lr 0.02 and weight decay 0.01; AdamW lr 3e-4,
    /// betas (0.9, 0.95), weight decay 0.01).
    public static func muonWithAdamW(lr: Float = 0.02, weightDecay: Float = 0.01, momentum: Float = 0.95, nesterov: Bool = true,
                                     coefficients: (a: Double, b: Double, c: Double) = (3.4445, -4.7750, 2.0315), eps: Float = 1e-7,
                                     nsSteps: Int = 5, adjustLR: ScaleByNewtonSchulz.AdjustLR = .original,
                                     adamwLR: Float = 3e-4, adamwBeta1: Float = 0.9, adamwBeta2: Float = 0.95, adamwEps: Float = 1e-8,
                                     adamwWeightDecay: Float = 0.01, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            MuonWithAdamW(
                muon: Chain.muon(lr: lr, weightDecay: weightDecay, momentum: momentum, nesterov: nesterov, coefficients: coefficients,
                                 eps: eps, nsSteps: nsSteps, adjustLR: adjustLR, decayMask: decayMask),
                adamw: Chain.adamw(lr: .constant(adamwLR), beta1: adamwBeta1, beta2: adamwBeta2, eps: adamwEps,
                                   weightDecay: adamwWeightDecay, decayMask: decayMask))
        }
    }
}
