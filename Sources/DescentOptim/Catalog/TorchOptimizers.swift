/// Optimizers matched against `torch.optim` (fixtures: scripts/fixtures/optimizers.py).
///
/// Tuples are split as PyTorch's docs name their parts: `betas` → `beta1`, `beta2`; Rprop's
/// `etas` → `eta_minus`, `eta_plus` and `step_sizes` → `step_size_min`, `step_size_max`;
/// Adafactor's `eps` → `eps1` (PyTorch's `None` is float32's machine epsilon, the default
/// here), `eps2`; Muon's `ns_coefficients` → `ns_a`, `ns_b`, `ns_c`, and its string
/// `adjust_lr_fn` is an integer (0 original, 1 match_rms_adamw, 2 spectral_unclamped).
extension OptimizerCatalog {
    public static let torchOptimizers: [OptimizerDescriptor] = [
        OptimizerDescriptor(
            name: "sgd",
            hyperparameters: [.init("lr", 1e-3), .init("momentum", 0), .init("dampening", 0), .init("weight_decay", 0),
                              .init("nesterov", 0, .boolean), .maximize],
            reference: "torch.optim.SGD", paper: "Robbins & Monro (1951); Sutskever et al. (2013), Nesterov momentum",
            formula: "d = g + λp; b = μb + (1−τ)d (b = d at the first step); d = d + μb if nesterov else b; p ← p − lr·d",
            composition: "add_decayed_weights → trace(momentum, dampening, nesterov) → scale_by_learning_rate",
            stateBuffersPerParameter: 1, stateDTypes: StateDType.allCases,
            fused: { h in
                TransformationOptimizer.sgd(lr: h.lr, momentum: h.float("momentum"), dampening: h.float("dampening"),
                    weightDecay: h.weightDecay, nesterov: h.flag("nesterov"),
                    maximize: h.maximize, decayMask: h.decayMask, stateDType: h.stateDType)
            }),
        OptimizerDescriptor(
            name: "adam",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("eps", 1e-8),
                              .init("weight_decay", 0), .init("amsgrad", 0, .boolean), .maximize],
            reference: "torch.optim.Adam", paper: "Kingma & Ba (2015), Adam: A Method for Stochastic Optimization",
            formula: "g = g + λp; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p ← p − lr·m̂/(√v̂ + ε)",
            composition: "add_decayed_weights → scale_by_adam → scale_by_learning_rate",
            stateBuffersPerParameter: 2, stateDTypes: StateDType.allCases,
            fused: { h in
                TransformationOptimizer.adam(lr: h.lr, beta1: h.float("beta1"), beta2: h.float("beta2"), eps: h.float("eps"),
                    weightDecay: h.weightDecay, amsgrad: h.flag("amsgrad"),
                    maximize: h.maximize, decayMask: h.decayMask, stateDType: h.stateDType)
            }),
        OptimizerDescriptor(
            name: "adamw",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("eps", 1e-8),
                              .init("weight_decay", 1e-2), .init("amsgrad", 0, .boolean), .maximize],
            reference: "torch.optim.AdamW", paper: "Loshchilov & Hutter (2019), Decoupled Weight Decay Regularization",
            formula: "p ← p(1 − lr·λ); m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p ← p − lr·m̂/(√v̂ + ε)",
            composition: "scale_by_adam → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 2, stateDTypes: StateDType.allCases,
            fused: { h in
                TransformationOptimizer.adamw(lr: h.lr, beta1: h.float("beta1"), beta2: h.float("beta2"), eps: h.float("eps"),
                    weightDecay: h.weightDecay, amsgrad: h.flag("amsgrad"),
                    maximize: h.maximize, decayMask: h.decayMask, stateDType: h.stateDType)
            }),
        OptimizerDescriptor(
            name: "adamax",
            hyperparameters: [.init("lr", 2e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("eps", 1e-8),
                              .init("weight_decay", 0), .maximize],
            reference: "torch.optim.Adamax", paper: "Kingma & Ba (2015), Adam: A Method for Stochastic Optimization (section 7.1)",
            formula: "g = g + λp; m = β₁m + (1−β₁)g; n = max(β₂n, |g| + ε); p ← p − lr/(1−β₁ᵗ)·m/n",
            composition: "add_decayed_weights → scale_by_adamax → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            preset: { h in
                Chain.adamax(lr: h.float("lr"), beta1: h.float("beta1"), beta2: h.float("beta2"), eps: h.float("eps"),
                    weightDecay: h.weightDecay, maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "nadam",
            hyperparameters: [.init("lr", 2e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("eps", 1e-8),
                              .init("weight_decay", 0), .init("momentum_decay", 4e-3),
                              .init("decoupled_weight_decay", 0, .boolean), .maximize],
            reference: "torch.optim.NAdam", paper: "Dozat (2016), Incorporating Nesterov Momentum into Adam",
            formula: "μₜ = β₁(1 − ½·0.96^(tψ)); m, v as Adam; p ← p − lr[(1−μₜ)/(1−Πμ)·g + μₜ₊₁/(1−Πμ·μₜ₊₁)·m]/(√v̂ + ε)",
            composition: "add_decayed_weights → scale_by_nadam → scale_by_learning_rate (decoupled: decay after scale_by_nadam); fused kernel",
            stateBuffersPerParameter: 2,
            fused: { h in
                TransformationOptimizer.nadam(lr: h.float("lr"), beta1: h.float("beta1"), beta2: h.float("beta2"),
                    eps: h.float("eps"), weightDecay: h.weightDecay, momentumDecay: h.float("momentum_decay"),
                    decoupledWeightDecay: h.flag("decoupled_weight_decay"), maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "radam",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("eps", 1e-8),
                              .init("weight_decay", 0), .init("decoupled_weight_decay", 0, .boolean), .maximize],
            reference: "torch.optim.RAdam", paper: "Liu et al. (2020), On the Variance of the Adaptive Learning Rate and Beyond",
            formula: "ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ); p ← p − lr·m̂·r·√(1−β₂ᵗ)/(√v + ε) if ρₜ > 5 else p − lr·m̂",
            composition: "add_decayed_weights → scale_by_radam → scale_by_learning_rate (decoupled: decay after scale_by_radam)",
            stateBuffersPerParameter: 2,
            preset: { h in
                Chain.radam(lr: h.float("lr"), beta1: h.float("beta1"), beta2: h.float("beta2"), eps: h.float("eps"),
                    weightDecay: h.weightDecay,
                    decoupledWeightDecay: h.flag("decoupled_weight_decay"), maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "rmsprop",
            hyperparameters: [.init("lr", 1e-2), .init("alpha", 0.99), .init("eps", 1e-8), .init("weight_decay", 0),
                              .init("momentum", 0), .init("centered", 0, .boolean), .maximize],
            reference: "torch.optim.RMSprop", paper: "Hinton (2012), Neural Networks for Machine Learning, lecture 6e",
            formula: "g = g + λp; v = αv + (1−α)g²; d = √(v − ḡ²) (centred) or √v; b = μb + g/(d + ε); p ← p − lr·b",
            composition: "add_decayed_weights → scale_by_rms → trace(momentum) → scale_by_learning_rate; fused kernel",
            stateBuffersPerParameter: 1,
            fused: { h in
                TransformationOptimizer.rmsprop(lr: h.float("lr"), alpha: h.float("alpha"), eps: h.float("eps"), weightDecay: h.weightDecay,
                    momentum: h.float("momentum"), centered: h.flag("centered"), maximize: h.maximize,
                    decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "adagrad",
            hyperparameters: [.init("lr", 1e-2), .init("lr_decay", 0), .init("weight_decay", 0),
                              .init("initial_accumulator_value", 0), .init("eps", 1e-10), .maximize],
            reference: "torch.optim.Adagrad", paper: "Duchi, Hazan & Singer (2011), Adaptive Subgradient Methods",
            formula: "g = g + λp; s = s + g²; p ← p − lr/(1 + (t−1)·lr_decay)·g/(√s + ε)",
            composition: "add_decayed_weights → scale_by_rss → scale_by_learning_rate(inverse_time_decay); fused kernel",
            stateBuffersPerParameter: 1,
            fused: { h in
                TransformationOptimizer.adagrad(lr: h.float("lr"), lrDecay: h.float("lr_decay"), weightDecay: h.weightDecay,
                    initialAccumulatorValue: h.float("initial_accumulator_value"), eps: h.float("eps"),
                    maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "adadelta",
            hyperparameters: [.init("lr", 1), .init("rho", 0.9), .init("eps", 1e-6), .init("weight_decay", 0), .maximize],
            reference: "torch.optim.Adadelta", paper: "Zeiler (2012), ADADELTA: An Adaptive Learning Rate Method",
            formula: "g = g + λp; v = ρv + (1−ρ)g²; δ = √(a + ε)/√(v + ε)·g; a = ρa + (1−ρ)δ²; p ← p − lr·δ",
            composition: "add_decayed_weights → scale_by_adadelta → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            preset: { h in
                Chain.adadelta(lr: h.float("lr"), rho: h.float("rho"), eps: h.float("eps"),
                    weightDecay: h.weightDecay, maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "rprop",
            hyperparameters: [.init("lr", 1e-2), .init("eta_minus", 0.5), .init("eta_plus", 1.2), .init("step_size_min", 1e-6),
                              .init("step_size_max", 50), .maximize],
            reference: "torch.optim.Rprop", paper: "Riedmiller & Braun (1993), A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP Algorithm",
            formula: "s = clamp(s·η±, min, max) by sign(g·g₋₁) (starts at lr); g = 0 after a flip; p ← p − sign(g)·s",
            composition: "scale_by_rprop → scale(−1)",
            stateBuffersPerParameter: 2,
            preset: { h in
                Chain.rprop(lr: h.float("lr"), etaMinus: h.float("eta_minus"), etaPlus: h.float("eta_plus"),
                    stepSizeMin: h.float("step_size_min"), stepSizeMax: h.float("step_size_max"), maximize: h.maximize)
            }),
        OptimizerDescriptor(
            name: "asgd",
            hyperparameters: [.init("lr", 1e-2), .init("lambd", 1e-4), .init("alpha", 0.75), .init("t0", 1e6),
                              .init("weight_decay", 0), .maximize],
            reference: "torch.optim.ASGD", paper: "Polyak & Juditsky (1992), Acceleration of Stochastic Approximation by Averaging",
            formula: "η = lr/(1 + λ·lr·t)^α; p ← p(1 − λη) − η(g + wd·p); ax ← ax + μ(p − ax), μ = 1/max(1, t − t₀)",
            composition: "add_decayed_weights(wd) → add_decayed_weights(λ) → scale_by_learning_rate(inverse_time_decay) → polyak_averaging",
            stateBuffersPerParameter: 1,
            preset: { h in
                Chain.asgd(lr: h.float("lr"), lambd: h.float("lambd"), alpha: h.float("alpha"), t0: h.float("t0"),
                    weightDecay: h.weightDecay, maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "adafactor",
            hyperparameters: [.init("lr", 1e-2), .init("beta2_decay", -0.8), .init("eps1", Double(Float.ulpOfOne)), .init("eps2", 1e-3),
                              .init("d", 1), .init("weight_decay", 0), .maximize],
            reference: "torch.optim.Adafactor", paper: "Shazeer & Stern (2018), Adafactor: Adaptive Learning Rates with Sublinear Memory Cost",
            formula: "r, c = row/column mean squares (β₂ₜ = 1 − t^β₂decay); û = g/√max(rcᵀ/mean(r), ε₁²); p ← p(1 − lr·λ) − max(ε₂, RMS(p))·min(lr, 1/√t)·û/max(1, RMS(û)/d)",
            composition: "scale_by_factored_rms → clip_by_block_rms(d) → scale_by_param_block_rms(ε₂) → scale_by_learning_rate(relative_step) → add_decayed_weights(−lr·λ); fused kernel",
            stateBuffersPerParameter: 0,
            fused: { h in
                TransformationOptimizer.adafactor(lr: h.float("lr"), beta2Decay: h.float("beta2_decay"), eps1: h.float("eps1"), eps2: h.float("eps2"),
                    d: h.float("d"), weightDecay: h.weightDecay, maximize: h.maximize,
                    decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "muon",
            hyperparameters: [.init("lr", 1e-3), .init("weight_decay", 0.1), .init("momentum", 0.95), .init("nesterov", 1, .boolean),
                              .init("ns_a", 3.4445), .init("ns_b", -4.7750), .init("ns_c", 2.0315), .init("eps", 1e-7),
                              .init("ns_steps", 5, .integer),
                              .init("adjust_lr_fn", 0, .integer, help: "0 original √max(1, A/B), 1 match_rms_adamw 0.2·√max(A, B), 2 spectral_unclamped √(A/B)")],
            reference: "torch.optim.Muon (2-D parameters only)", paper: "Jordan et al. (2024), Muon: An optimizer for hidden layers in neural networks",
            formula: "b = μb + (1−μ)g; u = (1−μ)g + μb (Nesterov) or b; O = NewtonSchulz₅(u) in bfloat16; p ← p(1 − lr·λ) − lr·s(A, B)·O",
            composition: "trace(μ, dampening μ, nesterov) → scale_by_newton_schulz → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            parameterRequirement: { $0.shape.count == 2 ? nil : "Muon orthogonalises 2-D weight matrices only (as torch.optim.Muon)" },
            preset: { h in
                Chain.muon(lr: h.float("lr"), weightDecay: h.weightDecay, momentum: h.float("momentum"),
                    nesterov: h.flag("nesterov"), coefficients: (h["ns_a"]!, h["ns_b"]!, h["ns_c"]!),
                    eps: h.float("eps"), nsSteps: Int(h["ns_steps"]!),
                    adjustLR: ScaleByNewtonSchulz.AdjustLR(rawValue: Int(h["adjust_lr_fn"]!)) ?? .original,
                    decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "lbfgs",
            hyperparameters: [.init("lr", 1), .init("max_iter", 20, .integer), .init("max_eval", 0, .integer, help: "0 means max_iter·5/4"),
                              .init("tolerance_grad", 1e-7), .init("tolerance_change", 1e-9), .init("history_size", 100, .integer),
                              .init("strong_wolfe", 0, .boolean, help: "line_search_fn=\"strong_wolfe\"")],
            reference: "torch.optim.LBFGS", paper: "Liu & Nocedal (1989), On the Limited Memory BFGS Method for Large Scale Optimization",
            formula: "d = −H·g by the two-loop recursion over the last m (s, y) pairs, H₀ = sᵀy/yᵀy; p ← p + t·d (t = lr, or a strong-Wolfe line search)",
            composition: "not a chain: needs the objective (LBFGS.step(_:objective:)); with gradients alone, one iteration per step without line search",
            stateBuffersPerParameter: 202,
            make: { h in
                LBFGS(lr: h.float("lr"), maxIter: Int(h["max_iter"]!), maxEval: h["max_eval"]! > 0 ? Int(h["max_eval"]!) : nil,
                      toleranceGrad: h.float("tolerance_grad"), toleranceChange: h.float("tolerance_change"),
                      historySize: Int(h["history_size"]!), strongWolfe: h.flag("strong_wolfe"))
            }),
    ]
}
