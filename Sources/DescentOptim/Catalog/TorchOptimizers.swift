/// Optimizers matched against `torch.optim` (fixtures: scripts/fixtures/optimizers.py).
extension OptimizerCatalog {
    public static let torchOptimizers: [OptimizerDescriptor] = [
        OptimizerDescriptor(
            name: "sgd",
            hyperparameters: [.init("lr", 1e-3), .init("momentum", 0), .init("dampening", 0), .init("weight_decay", 0),
                              .init("nesterov", 0, .boolean), .init("maximize", 0, .boolean)],
            reference: "torch.optim.SGD", paper: "Robbins & Monro (1951); Sutskever et al. (2013), Nesterov momentum",
            formula: "d = g + λp; b = μb + (1−τ)d (b = d at the first step); d = d + μb if nesterov else b; p ← p − lr·d",
            composition: "add_decayed_weights → trace(momentum, dampening, nesterov) → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            make: { h in
                SGD(lr: h.float("lr"), momentum: h.float("momentum"), dampening: h.float("dampening"),
                    weightDecay: h.float("weight_decay"), nesterov: h.flag("nesterov"), maximize: h.flag("maximize"))
            }),
        OptimizerDescriptor(
            name: "adam",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("eps", 1e-8),
                              .init("weight_decay", 0), .init("amsgrad", 0, .boolean), .init("maximize", 0, .boolean)],
            reference: "torch.optim.Adam", paper: "Kingma & Ba (2015), Adam: A Method for Stochastic Optimization",
            formula: "g = g + λp; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p ← p − lr·m̂/(√v̂ + ε)",
            composition: "add_decayed_weights → scale_by_adam → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            make: { h in
                AdamW(lr: h.float("lr"), beta1: h.float("beta1"), beta2: h.float("beta2"), eps: h.float("eps"),
                      weightDecay: h.float("weight_decay"), amsgrad: h.flag("amsgrad"), maximize: h.flag("maximize"),
                      decoupled: false)
            }),
        OptimizerDescriptor(
            name: "adamw",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("eps", 1e-8),
                              .init("weight_decay", 1e-2), .init("amsgrad", 0, .boolean), .init("maximize", 0, .boolean)],
            reference: "torch.optim.AdamW", paper: "Loshchilov & Hutter (2019), Decoupled Weight Decay Regularization",
            formula: "p ← p(1 − lr·λ); m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p ← p − lr·m̂/(√v̂ + ε)",
            composition: "scale_by_adam → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            make: { h in
                AdamW(lr: h.float("lr"), beta1: h.float("beta1"), beta2: h.float("beta2"), eps: h.float("eps"),
                      weightDecay: h.float("weight_decay"), amsgrad: h.flag("amsgrad"), maximize: h.flag("maximize"))
            }),
    ]
}
