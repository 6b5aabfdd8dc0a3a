/// Optimizers matched against their authors' reference packages (lion-pytorch,
/// adabelief-pytorch, pytorch-optimizer); fixtures: scripts/fixtures/reference_optimizers.py.
///
/// Hyperparameters carry the reference constructor's names and defaults (tuples split:
/// `beta1`, `beta2`, `beta3`; booleans as `.boolean`).
extension OptimizerCatalog {
    /// pytorch-optimizer's `SignSGD`, the preset of `signsgd` and `signum` (they differ in the momentum's default).
    static let signSGD: @Sendable (OptimizerSettings) -> Chain = { h in
        Chain.signsgd(lr: h.float("lr"), momentum: h.float("momentum"), weightDecay: h.weightDecay,
                      weightDecouple: h.flag("weight_decouple"), maximize: h.maximize, decayMask: h.decayMask)
    }

    public static let referenceOptimizers: [OptimizerDescriptor] = [
        OptimizerDescriptor(
            name: "lion",
            hyperparameters: [.init("lr", 1e-4), .init("beta1", 0.9), .init("beta2", 0.99), .init("weight_decay", 0),
                              .init("decoupled_weight_decay", 0, .boolean, help: "divide weight_decay by the initial lr (decay factor 1 − weight_decay)")],
            reference: "lion-pytorch 0.2.5 (lion_pytorch.Lion)",
            paper: "Chen et al. (2023), Symbolic Discovery of Optimization Algorithms",
            formula: "p ← p(1 − lr·λ); p ← p − lr·sign(β₁m + (1−β₁)g); m ← β₂m + (1−β₂)g",
            composition: "scale_by_lion → add_decayed_weights → scale_by_learning_rate (fused kernel)",
            stateBuffersPerParameter: 1, stateDTypes: StateDType.allCases,
            fused: { h in
                TransformationOptimizer.lion(lr: h.lr, beta1: h.float("beta1"), beta2: h.float("beta2"), weightDecay: h.weightDecay,
                    decoupledWeightDecay: h.flag("decoupled_weight_decay"), decayMask: h.decayMask,
                    stateDType: h.stateDType)
            }),
        OptimizerDescriptor(
            name: "lamb",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("weight_decay", 0),
                              .init("weight_decouple", 1, .boolean), .init("fixed_decay", 0, .boolean),
                              .init("grad_averaging", 1, .boolean), .init("max_grad_norm", 1.0),
                              .init("adam", 0, .boolean, help: "trust ratio 1 (Adam without v's bias correction)"),
                              .init("pre_norm", 0, .boolean, help: "scale gradients by min(1, max_grad_norm/(‖g‖+eps))"),
                              .init("eps", 1e-6), .maximize],
            reference: "pytorch-optimizer 4.1.0 (Lamb; rectify and adanorm not offered)",
            paper: "You et al. (2020), Large Batch Optimization for Deep Learning: Training BERT in 76 minutes",
            formula: "m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; u = m/(√v + ε) (+ λp coupled); "
                + "r = min(‖p‖, 10)/(‖u‖ + ε) per tensor; p ← p(1 − lr·λ) − lr/(1−β₁ᵗ)·r·u",
            composition: "[rescale_by_global_norm] → scale_by_lamb_moments → [add_decayed_weights] → scale_by_trust_ratio "
                + "→ scale_by_bias_correction → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            decayMaskable: false,
            preset: { h in
                Chain.lamb(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!, weightDecay: h.weightDecay,
                    weightDecouple: h.flag("weight_decouple"), fixedDecay: h.flag("fixed_decay"),
                    gradAveraging: h.flag("grad_averaging"), maxGradNorm: h.float("max_grad_norm"), adam: h.flag("adam"),
                    preNorm: h.flag("pre_norm"), eps: h.float("eps"), maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "lars",
            hyperparameters: [.init("lr", 1e-3), .init("weight_decay", 0), .init("momentum", 0.9), .init("dampening", 0),
                              .init("trust_coefficient", 1e-3), .init("nesterov", 0, .boolean), .maximize],
            reference: "pytorch-optimizer 4.1.0 (LARS)",
            paper: "You, Gitman & Ginsburg (2017), Large Batch Training of Convolutional Networks",
            formula: "on tensors with ndim > 1: r = η‖p‖/(‖g‖ + λ‖p‖), g ← (g + λp)·r; b ← μb + (1−τ)g; "
                + "d = g + μb if nesterov else b; p ← p − lr·d (vectors: plain SGD with momentum)",
            composition: "scale_by_trust_ratio(ndim > 1) → heavy_ball_momentum → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            decayMaskable: false,
            preset: { h in
                Chain.lars(lr: h.float("lr"), weightDecay: h.weightDecay, momentum: h.float("momentum"),
                    dampening: h.float("dampening"), trustCoefficient: h.float("trust_coefficient"),
                    nesterov: h.flag("nesterov"), maximize: h.maximize)
            }),
        OptimizerDescriptor(
            name: "novograd",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.95), .init("beta2", 0.98), .init("weight_decay", 0),
                              .init("weight_decouple", 0, .boolean), .init("fixed_decay", 0, .boolean),
                              .init("grad_averaging", 0, .boolean), .init("eps", 1e-8), .maximize],
            reference: "pytorch-optimizer 4.1.0 (NovoGrad)",
            paper: "Ginsburg et al. (2019), Stochastic Gradient Methods with Layer-wise Adaptive Moments",
            formula: "per tensor: n ← ‖g‖² (t = 1), n ← n + (1−β₂)(‖g‖² − n); d = g/(√n + ε) + λp; "
                + "m ← d (t = 1), m ← β₁m + c·d; p ← p − lr·m",
            composition: "scale_by_novograd → [add_decayed_weights] → heavy_ball_momentum(copy first) → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            preset: { h in
                Chain.novograd(lr: h.float("lr"), beta1: h.float("beta1"), beta2: h["beta2"]!, weightDecay: h.weightDecay,
                    weightDecouple: h.flag("weight_decouple"), fixedDecay: h.flag("fixed_decay"),
                    gradAveraging: h.flag("grad_averaging"), eps: h.float("eps"), maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "adabelief",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("eps", 1e-16),
                              .init("weight_decay", 0), .init("amsgrad", 0, .boolean), .init("weight_decouple", 1, .boolean),
                              .init("fixed_decay", 0, .boolean), .init("rectify", 1, .boolean),
                              .init("degenerated_to_sgd", 1, .boolean)],
            reference: "adabelief-pytorch 0.2.1 (the authors' package)",
            paper: "Zhuang et al. (2020), AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients",
            formula: "m ← β₁m + (1−β₁)g; s ← β₂s + (1−β₂)(g − m)² + ε; p ← p(1 − lr·λ) − lr·m̂/(√ŝ + ε) "
                + "(RAdam-rectified when rectify)",
            composition: "scale_by_belief → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            preset: { h in
                Chain.adabelief(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!, eps: h.float("eps"),
                    weightDecay: h.weightDecay, amsgrad: h.flag("amsgrad"), weightDecouple: h.flag("weight_decouple"),
                    fixedDecay: h.flag("fixed_decay"), rectify: h.flag("rectify"),
                    degeneratedToSGD: h.flag("degenerated_to_sgd"), decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "yogi",
            hyperparameters: [.init("lr", 1e-2), .init("beta1", 0.9), .init("beta2", 0.999), .init("initial_accumulator", 1e-6),
                              .init("weight_decay", 0), .init("weight_decouple", 1, .boolean), .init("fixed_decay", 0, .boolean),
                              .init("eps", 1e-3), .maximize],
            reference: "pytorch-optimizer 4.1.0 (Yogi)",
            paper: "Zaheer et al. (2018), Adaptive Methods for Nonconvex Optimization",
            formula: "m ← m + (1−β₁)(g − m); v ← v − (1−β₂)sign(v − g²)g²; p ← p(1 − lr·λ) − lr·m̂/(√v̂ + ε)",
            composition: "scale_by_yogi → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            preset: { h in
                Chain.yogi(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!,
                    initialAccumulator: h.float("initial_accumulator"), weightDecay: h.weightDecay,
                    weightDecouple: h.flag("weight_decouple"), fixedDecay: h.flag("fixed_decay"), eps: h.float("eps"),
                    maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "adan",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.98), .init("beta2", 0.92), .init("beta3", 0.99),
                              .init("weight_decay", 0), .init("weight_decouple", 0, .boolean),
                              .init("max_grad_norm", 0, help: "0 disables the global gradient rescaling"), .init("eps", 1e-8)],
            reference: "pytorch-optimizer 4.1.0 (Adan; maximize not offered)",
            paper: "Xie et al. (2022), Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing Deep Models",
            formula: "d = g − g₋₁; m ← m + (1−β₁)(g − m); n ← n + (1−β₂)(d − n); v ← β₃v + (1−β₃)(g + β₂d)²; "
                + "p ← (p − lr(m̂ + β₂n̂)/(√v̂ + ε))/(1 + lr·λ)",
            composition: "[rescale_by_global_norm] → scale_by_adan → scale_by_learning_rate → proximal_weight_decay",
            stateBuffersPerParameter: 4,
            decayMaskable: false,
            preset: { h in
                Chain.adan(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!, beta3: h["beta3"]!,
                    weightDecay: h.weightDecay, weightDecouple: h.flag("weight_decouple"),
                    maxGradNorm: h.float("max_grad_norm"), eps: h.float("eps"), decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "ademamix",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("beta3", 0.9999),
                              .init("weight_decay", 0), .init("weight_decouple", 0, .boolean), .init("fixed_decay", 0, .boolean),
                              .init("alpha", 5),
                              .init("t_alpha_beta3", 0, help: "warm-up steps of alpha and beta3; 0 is the reference's None"),
                              .init("eps", 1e-8), .maximize],
            reference: "pytorch-optimizer 4.1.0 (AdEMAMix)",
            paper: "Pagliardini, Ablin & Grangier (2024), The AdEMAMix Optimizer: Better, Faster, Older",
            formula: "m ← m + (1−β₁)(g − m); v ← β₂v + (1−β₂)g²; s ← s + (1−β₃(t))(g − s); "
                + "p ← p − lr(m̂ + α(t)s)/(√v̂ + ε)",
            composition: "[add_decayed_weights] → scale_by_ademamix → scale_by_learning_rate",
            stateBuffersPerParameter: 3,
            preset: { h in
                Chain.ademamix(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!, beta3: h["beta3"]!,
                    weightDecay: h.weightDecay, weightDecouple: h.flag("weight_decouple"), fixedDecay: h.flag("fixed_decay"),
                    alpha: h.float("alpha"), tAlphaBeta3: h["t_alpha_beta3"]!, eps: h.float("eps"), maximize: h.maximize,
                    decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "adopt",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.9999),
                              .init("clip", 1, .boolean, help: "clip the normalised gradient to ±step^clip_exponent"),
                              .init("clip_exponent", 0.25, help: "the reference's clip_lambda = step ** clip_exponent"),
                              .init("weight_decay", 0), .init("weight_decouple", 0, .boolean), .init("fixed_decay", 0, .boolean),
                              .init("eps", 1e-6), .maximize],
            reference: "pytorch-optimizer 4.1.0 (ADOPT)",
            paper: "Taniguchi et al. (2024), ADOPT: Modified Adam Can Converge with Any β₂ with the Optimal Rate",
            formula: "t = 1: v = g²; then m ← m + (1−β₁)(clip(g/max(√v, ε), t^¼) − m); p ← p − lr·m; v ← β₂v + (1−β₂)g²",
            composition: "[add_decayed_weights] → scale_by_adopt → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            preset: { h in
                Chain.adopt(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!, clip: h.flag("clip"),
                    clipExponent: h["clip_exponent"]!, weightDecay: h.weightDecay, weightDecouple: h.flag("weight_decouple"),
                    fixedDecay: h.flag("fixed_decay"), eps: h.float("eps"), maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "signsgd",
            hyperparameters: [.init("lr", 1e-3), .init("momentum", 0), .init("weight_decay", 0),
                              .init("weight_decouple", 1, .boolean), .maximize],
            reference: "pytorch-optimizer 4.1.0 (SignSGD, momentum 0)",
            paper: "Bernstein et al. (2018), signSGD: Compressed Optimisation for Non-Convex Problems",
            formula: "p ← p(1 − lr·λ) − lr·sign(g)",
            composition: "scale_by_sign → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 0,
            preset: signSGD),
        OptimizerDescriptor(
            name: "signum",
            hyperparameters: [.init("lr", 1e-3), .init("momentum", 0.9), .init("weight_decay", 0),
                              .init("weight_decouple", 1, .boolean), .maximize],
            reference: "pytorch-optimizer 4.1.0 (SignSGD with momentum)",
            paper: "Bernstein et al. (2018), signSGD: Compressed Optimisation for Non-Convex Problems",
            formula: "b ← b + (1−μ)(g − b); p ← p(1 − lr·λ) − lr·sign(b)",
            composition: "scale_by_sign(momentum) → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            preset: signSGD),
        OptimizerDescriptor(
            name: "mars",
            hyperparameters: [.init("lr", 3e-3), .init("beta1", 0.95), .init("beta2", 0.99), .init("gamma", 0.025),
                              .init("optimize_1d", 0, .boolean), .init("lr_1d", 3e-3), .init("beta1_1d", 0.9),
                              .init("beta2_1d", 0.95), .init("weight_decay", 0), .init("weight_decay_1d", 0.1),
                              .init("ams_bound", 0, .boolean), .init("eps", 1e-8), .maximize,
                              .init("mars_type", 0, .integer, help: "0: 'adamw', 1: 'lion' ('shampoo' is not offered)")],
            reference: "pytorch-optimizer 4.1.0 (MARS, mars_type 'adamw' or 'lion', decoupled decay)",
            paper: "Yuan et al. (2024), MARS: Unleashing the Power of Variance Reduction for Training Large Models",
            formula: "ndim ≥ 2: c = g + γβ₁/(1−β₁)(g − g₋₁), c ← c/‖c‖ if ‖c‖ > 1; m ← m + (1−β₁)(c − m); "
                + "v ← β₂v + (1−β₂)c²; p ← p(1 − lr·λ) − lr·m̂/(√v/√(1−β₂ᵗ) + ε) (lion: − lr·sign(m)); "
                + "vectors: AdamW with the _1d settings",
            composition: "scale_by_mars → add_decayed_weights(ndim ≥ 2) → add_decayed_weights(vectors) → scale_by_learning_rate",
            stateBuffersPerParameter: 3,
            preset: { h in
                Chain.mars(lr: h["lr"]!, beta1: h["beta1"]!, beta2: h["beta2"]!, gamma: h.float("gamma"),
                    optimize1D: h.flag("optimize_1d"), lr1D: h["lr_1d"]!, beta1For1D: h["beta1_1d"]!,
                    beta2For1D: h["beta2_1d"]!, weightDecay: h.weightDecay, weightDecay1D: h.float("weight_decay_1d"),
                    amsBound: h.flag("ams_bound"), eps: h.float("eps"), maximize: h.maximize,
                    marsType: Chain.MARSType(rawValue: Int(h["mars_type"]!)) ?? .adamw, decayMask: h.decayMask)
            }),
    ]
}
