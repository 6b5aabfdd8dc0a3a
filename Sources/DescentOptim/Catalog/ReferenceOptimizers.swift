/// Optimizers matched against their authors' reference packages (lion-pytorch,
/// adabelief-pytorch, pytorch-optimizer); fixtures: scripts/fixtures/reference_optimizers.py.
///
/// Hyperparameters carry the reference constructor's names and defaults (tuples split:
/// `beta1`, `beta2`, `beta3`; booleans as `.boolean`).
extension OptimizerCatalog {
    public static let referenceOptimizers: [OptimizerDescriptor] = [
        OptimizerDescriptor(
            name: "lion",
            hyperparameters: [.init("lr", 1e-4), .init("beta1", 0.9), .init("beta2", 0.99), .init("weight_decay", 0),
                              .init("decoupled_weight_decay", 0, .boolean,
                                    help: "divide weight_decay by the initial lr (decay factor 1 − weight_decay)")],
            reference: "lion-pytorch 0.2.5 (lion_pytorch.Lion)",
            paper: "Chen et al. (2023), Symbolic Discovery of Optimization Algorithms",
            formula: "p ← p(1 − lr·λ); p ← p − lr·sign(β₁m + (1−β₁)g); m ← β₂m + (1−β₂)g",
            composition: "scale_by_lion → add_decayed_weights → scale_by_learning_rate (fused kernel)",
            stateBuffersPerParameter: 1, stateDTypes: StateDType.allCases,
            make: { h in
                TransformationOptimizer.lion(lr: h.lr, beta1: h.float("beta1"), beta2: h.float("beta2"), weightDecay: h.float("weight_decay"),
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
                              .init("eps", 1e-6), .init("maximize", 0, .boolean)],
            reference: "pytorch-optimizer 4.1.0 (Lamb; rectify and adanorm not offered)",
            paper: "You et al. (2020), Large Batch Optimization for Deep Learning: Training BERT in 76 minutes",
            formula: "m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; u = m/(√v + ε) (+ λp coupled); "
                + "r = min(‖p‖, 10)/(‖u‖ + ε) per tensor; p ← p(1 − lr·λ) − lr/(1−β₁ᵗ)·r·u",
            composition: "[rescale_by_global_norm] → scale_by_lamb_moments → [add_decayed_weights] → scale_by_trust_ratio "
                + "→ scale_by_bias_correction → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            decayMaskable: false,
            make: { h in TransformationOptimizer(ReferencePresets.lamb(h), name: "lamb") }),
        OptimizerDescriptor(
            name: "lars",
            hyperparameters: [.init("lr", 1e-3), .init("weight_decay", 0), .init("momentum", 0.9), .init("dampening", 0),
                              .init("trust_coefficient", 1e-3), .init("nesterov", 0, .boolean), .init("maximize", 0, .boolean)],
            reference: "pytorch-optimizer 4.1.0 (LARS)",
            paper: "You, Gitman & Ginsburg (2017), Large Batch Training of Convolutional Networks",
            formula: "on tensors with ndim > 1: r = η‖p‖/(‖g‖ + λ‖p‖), g ← (g + λp)·r; b ← μb + (1−τ)g; "
                + "d = g + μb if nesterov else b; p ← p − lr·d (vectors: plain SGD with momentum)",
            composition: "scale_by_trust_ratio(ndim > 1) → heavy_ball_momentum → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            decayMaskable: false,
            make: { h in TransformationOptimizer(ReferencePresets.lars(h), name: "lars") }),
        OptimizerDescriptor(
            name: "novograd",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.95), .init("beta2", 0.98), .init("weight_decay", 0),
                              .init("weight_decouple", 0, .boolean), .init("fixed_decay", 0, .boolean),
                              .init("grad_averaging", 0, .boolean), .init("eps", 1e-8), .init("maximize", 0, .boolean)],
            reference: "pytorch-optimizer 4.1.0 (NovoGrad)",
            paper: "Ginsburg et al. (2019), Stochastic Gradient Methods with Layer-wise Adaptive Moments",
            formula: "per tensor: n ← ‖g‖² (t = 1), n ← n + (1−β₂)(‖g‖² − n); d = g/(√n + ε) + λp; "
                + "m ← d (t = 1), m ← β₁m + c·d; p ← p − lr·m",
            composition: "scale_by_novograd → [add_decayed_weights] → heavy_ball_momentum(copy first) → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            make: { h in TransformationOptimizer(ReferencePresets.novograd(h), name: "novograd") }),
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
            make: { h in TransformationOptimizer(ReferencePresets.adabelief(h), name: "adabelief") }),
        OptimizerDescriptor(
            name: "yogi",
            hyperparameters: [.init("lr", 1e-2), .init("beta1", 0.9), .init("beta2", 0.999), .init("initial_accumulator", 1e-6),
                              .init("weight_decay", 0), .init("weight_decouple", 1, .boolean), .init("fixed_decay", 0, .boolean),
                              .init("eps", 1e-3), .init("maximize", 0, .boolean)],
            reference: "pytorch-optimizer 4.1.0 (Yogi)",
            paper: "Zaheer et al. (2018), Adaptive Methods for Nonconvex Optimization",
            formula: "m ← m + (1−β₁)(g − m); v ← v − (1−β₂)sign(v − g²)g²; p ← p(1 − lr·λ) − lr·m̂/(√v̂ + ε)",
            composition: "scale_by_yogi → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            make: { h in TransformationOptimizer(ReferencePresets.yogi(h), name: "yogi") }),
        OptimizerDescriptor(
            name: "adan",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.98), .init("beta2", 0.92), .init("beta3", 0.99),
                              .init("weight_decay", 0), .init("weight_decouple", 0, .boolean),
                              .init("max_grad_norm", 0, help: "0 disables the global gradient rescaling"),
                              .init("eps", 1e-8)],
            reference: "pytorch-optimizer 4.1.0 (Adan; maximize not offered)",
            paper: "Xie et al. (2022), Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing Deep Models",
            formula: "d = g − g₋₁; m ← m + (1−β₁)(g − m); n ← n + (1−β₂)(d − n); v ← β₃v + (1−β₃)(g + β₂d)²; "
                + "p ← (p − lr(m̂ + β₂n̂)/(√v̂ + ε))/(1 + lr·λ)",
            composition: "[rescale_by_global_norm] → scale_by_adan → scale_by_learning_rate → proximal_weight_decay",
            stateBuffersPerParameter: 4,
            decayMaskable: false,
            make: { h in TransformationOptimizer(ReferencePresets.adan(h), name: "adan") }),
        OptimizerDescriptor(
            name: "ademamix",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.999), .init("beta3", 0.9999),
                              .init("weight_decay", 0), .init("weight_decouple", 0, .boolean), .init("fixed_decay", 0, .boolean),
                              .init("alpha", 5),
                              .init("t_alpha_beta3", 0, help: "warm-up steps of alpha and beta3; 0 is the reference's None"),
                              .init("eps", 1e-8), .init("maximize", 0, .boolean)],
            reference: "pytorch-optimizer 4.1.0 (AdEMAMix)",
            paper: "Pagliardini, Ablin & Grangier (2024), The AdEMAMix Optimizer: Better, Faster, Older",
            formula: "m ← m + (1−β₁)(g − m); v ← β₂v + (1−β₂)g²; s ← s + (1−β₃(t))(g − s); "
                + "p ← p − lr(m̂ + α(t)s)/(√v̂ + ε)",
            composition: "[add_decayed_weights] → scale_by_ademamix → scale_by_learning_rate",
            stateBuffersPerParameter: 3,
            make: { h in TransformationOptimizer(ReferencePresets.ademamix(h), name: "ademamix") }),
        OptimizerDescriptor(
            name: "adopt",
            hyperparameters: [.init("lr", 1e-3), .init("beta1", 0.9), .init("beta2", 0.9999),
                              .init("clip", 1, .boolean, help: "clip the normalised gradient to ±step^clip_exponent"),
                              .init("clip_exponent", 0.25, help: "the reference's clip_lambda = step ** clip_exponent"),
                              .init("weight_decay", 0), .init("weight_decouple", 0, .boolean), .init("fixed_decay", 0, .boolean),
                              .init("eps", 1e-6), .init("maximize", 0, .boolean)],
            reference: "pytorch-optimizer 4.1.0 (ADOPT)",
            paper: "Taniguchi et al. (2024), ADOPT: Modified Adam Can Converge with Any β₂ with the Optimal Rate",
            formula: "t = 1: v = g²; then m ← m + (1−β₁)(clip(g/max(√v, ε), t^¼) − m); p ← p − lr·m; v ← β₂v + (1−β₂)g²",
            composition: "[add_decayed_weights] → scale_by_adopt → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            make: { h in TransformationOptimizer(ReferencePresets.adopt(h), name: "adopt") }),
        OptimizerDescriptor(
            name: "signsgd",
            hyperparameters: [.init("lr", 1e-3), .init("momentum", 0), .init("weight_decay", 0),
                              .init("weight_decouple", 1, .boolean), .init("maximize", 0, .boolean)],
            reference: "pytorch-optimizer 4.1.0 (SignSGD, momentum 0)",
            paper: "Bernstein et al. (2018), signSGD: Compressed Optimisation for Non-Convex Problems",
            formula: "p ← p(1 − lr·λ) − lr·sign(g)",
            composition: "scale_by_sign → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 0,
            make: { h in TransformationOptimizer(ReferencePresets.sign(h), name: "signsgd") }),
        OptimizerDescriptor(
            name: "signum",
            hyperparameters: [.init("lr", 1e-3), .init("momentum", 0.9), .init("weight_decay", 0),
                              .init("weight_decouple", 1, .boolean), .init("maximize", 0, .boolean)],
            reference: "pytorch-optimizer 4.1.0 (SignSGD with momentum)",
            paper: "Bernstein et al. (2018), signSGD: Compressed Optimisation for Non-Convex Problems",
            formula: "b ← b + (1−μ)(g − b); p ← p(1 − lr·λ) − lr·sign(b)",
            composition: "scale_by_sign(momentum) → add_decayed_weights → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            make: { h in TransformationOptimizer(ReferencePresets.sign(h), name: "signum") }),
        OptimizerDescriptor(
            name: "mars",
            hyperparameters: [.init("lr", 3e-3), .init("beta1", 0.95), .init("beta2", 0.99), .init("gamma", 0.025),
                              .init("optimize_1d", 0, .boolean), .init("lr_1d", 3e-3), .init("beta1_1d", 0.9),
                              .init("beta2_1d", 0.95), .init("weight_decay", 0), .init("weight_decay_1d", 0.1),
                              .init("ams_bound", 0, .boolean), .init("eps", 1e-8), .init("maximize", 0, .boolean),
                              .init("mars_type", 0, .integer, help: "0: 'adamw', 1: 'lion' ('shampoo' is not offered)")],
            reference: "pytorch-optimizer 4.1.0 (MARS, mars_type 'adamw' or 'lion', decoupled decay)",
            paper: "Yuan et al. (2024), MARS: Unleashing the Power of Variance Reduction for Training Large Models",
            formula: "ndim ≥ 2: c = g + γβ₁/(1−β₁)(g − g₋₁), c ← c/‖c‖ if ‖c‖ > 1; m ← m + (1−β₁)(c − m); "
                + "v ← β₂v + (1−β₂)c²; p ← p(1 − lr·λ) − lr·m̂/(√v/√(1−β₂ᵗ) + ε) (lion: − lr·sign(m)); "
                + "vectors: AdamW with the _1d settings",
            composition: "scale_by_mars → add_decayed_weights(ndim ≥ 2) → add_decayed_weights(vectors) → scale_by_learning_rate",
            stateBuffersPerParameter: 3,
            make: { h in TransformationOptimizer(ReferencePresets.mars(h), name: "mars") }),
    ]
}

/// The chains behind the reference optimizers, from resolved hyperparameters (every name of
/// the descriptor present).
///
/// The adaptive blocks take their β's in double precision, as the references keep them
/// (Python floats), so that 1 − β is the same float32 as theirs: for β₂ = 0.9999,
/// 1 − Float(0.9999) is 2·10⁻⁵ off in relative terms, enough to leave the 10⁻⁴ tolerance.
public enum ReferencePresets {
    /// Where pytorch-optimizer's `apply_weight_decay` puts the decay: added to the gradient
    /// (coupled, first), p·(1 − lr·λ) (decoupled, before the learning rate) or p·(1 − λ)
    /// (`fixed_decay`, after it).
    struct Decay {
        let coupled: [any GradientTransformation]
        let beforeLearningRate: [any GradientTransformation]
        let afterLearningRate: [any GradientTransformation]

        init(_ weightDecay: Float, decouple: Bool, fixed: Bool = false, mask: ParameterMask = .all) {
            let decay: [any GradientTransformation] = weightDecay != 0 ? [AddDecayedWeights(weightDecay, mask: mask)] : []
            coupled = decouple ? [] : decay
            beforeLearningRate = decouple && !fixed ? decay : []
            afterLearningRate = decouple && fixed && weightDecay != 0 ? [AddDecayedWeights(-weightDecay, mask: mask)] : []
        }
    }

    static func maximize(_ h: OptimizerSettings) -> [any GradientTransformation] {
        (h["maximize"] ?? 0) != 0 ? [Scale(-1)] : []
    }

    /// The parts of a chain, in order (groups may be empty).
    static func chain(_ groups: [[any GradientTransformation]]) -> Chain { Chain(groups.flatMap { $0 }) }

    /// LAMB as pytorch-optimizer's `Lamb` (trust ratio on the decayed weights, clamped at 10).
    public static func lamb(_ h: OptimizerSettings) -> Chain {
        let (lr, wd, eps) = (h.float("lr"), h.float("weight_decay"), h.float("eps"))
        let (decouple, fixed) = (h.flag("weight_decouple"), h.flag("fixed_decay"))
        let decay = Decay(wd, decouple: decouple, fixed: fixed)
        let parameterScale: Float = decouple && wd != 0 ? (fixed ? 1 - wd : 1 - lr * wd) : 1
        return chain([
            maximize(h),
            h.flag("pre_norm") ? [RescaleByGlobalNorm(maxNorm: h.float("max_grad_norm"), eps: eps)] : [],
            [ScaleByLAMBMoments(beta1: h["beta1"]!, beta2: h["beta2"]!, eps: eps,
                                gradAveraging: h.flag("grad_averaging"))],
            decay.coupled,
            h.flag("adam") ? [] : [ScaleByTrustRatio(eps: eps, maxParameterNorm: 10, parameterScale: parameterScale)],
            [ScaleByBiasCorrection(beta: h["beta1"]!)],
            decay.beforeLearningRate,
            [ScaleByLearningRate(lr)],
            decay.afterLearningRate,
        ])
    }

    /// LARS as pytorch-optimizer's `LARS` (trust ratio and decay on matrices only).
    public static func lars(_ h: OptimizerSettings) -> Chain {
        let momentum = h.float("momentum")
        return chain([
            maximize(h),
            [ScaleByTrustRatio(trustCoefficient: h.float("trust_coefficient"), weightDecay: h.float("weight_decay"),
                               mask: .excludingBiasesAndNorms)],
            momentum > 0 ? [Trace(momentum: momentum, dampening: h.float("dampening"), nesterov: h.flag("nesterov"), firstStepIsUpdate: false,
                          dampensNesterovUpdate: false)] : [],
            [ScaleByLearningRate(h.float("lr"))],
        ])
    }

    /// NovoGrad as pytorch-optimizer's `NovoGrad` (one second moment per parameter tensor).
    public static func novograd(_ h: OptimizerSettings) -> Chain {
        let decay = Decay(h.float("weight_decay"), decouple: h.flag("weight_decouple"), fixed: h.flag("fixed_decay"), mask: h.decayMask)
        let beta1 = h.float("beta1")
        return chain([
            maximize(h),
            [ScaleByNovoGrad(beta2: h["beta2"]!, eps: h.float("eps"))],
            decay.coupled,
            [Trace(momentum: beta1, dampening: h.flag("grad_averaging") ? beta1 : 0)],
            decay.beforeLearningRate,
            [ScaleByLearningRate(h.float("lr"))],
            decay.afterLearningRate,
        ])
    }

    /// A rescaling between pytorch-optimizer's weight decay placements and the learning rate.
    static func adaptive(_ h: OptimizerSettings, _ rescaling: any GradientTransformation, maximizes: Bool = true) -> Chain {
        let decay = Decay(h.float("weight_decay"), decouple: h.flag("weight_decouple"), fixed: (h["fixed_decay"] ?? 0) != 0,
                          mask: h.decayMask)
        return chain([
            maximizes ? maximize(h) : [],
            decay.coupled,
            [rescaling],
            decay.beforeLearningRate,
            [ScaleByLearningRate(h.float("lr"))],
            decay.afterLearningRate,
        ])
    }

    /// AdaBelief as the authors' `adabelief-pytorch` (rectified by default; no `maximize`).
    public static func adabelief(_ h: OptimizerSettings) -> Chain {
        adaptive(h, ScaleByBelief(beta1: h["beta1"]!, beta2: h["beta2"]!, eps: h.float("eps"),
                                  amsgrad: h.flag("amsgrad"), rectify: h.flag("rectify"),
                                  degeneratedToSGD: h.flag("degenerated_to_sgd")), maximizes: false)
    }

    /// Yogi as pytorch-optimizer's `Yogi`.
    public static func yogi(_ h: OptimizerSettings) -> Chain {
        adaptive(h, ScaleByYogi(beta1: h["beta1"]!, beta2: h["beta2"]!, eps: h.float("eps"),
                                initialAccumulator: h.float("initial_accumulator")))
    }

    /// Adan as pytorch-optimizer's `Adan` (proximal decay unless `weight_decouple`).
    public static func adan(_ h: OptimizerSettings) -> Chain {
        let (lr, wd) = (h.float("lr"), h.float("weight_decay"))
        let decouple = h.flag("weight_decouple")
        return chain([
            [RescaleByGlobalNorm(maxNorm: h.float("max_grad_norm"), eps: h.float("eps"))],
            [ScaleByAdan(beta1: h["beta1"]!, beta2: h["beta2"]!, beta3: h["beta3"]!, eps: h.float("eps"))],
            decouple && wd != 0 ? [AddDecayedWeights(wd)] : [],
            [ScaleByLearningRate(lr)],
            !decouple && wd != 0 ? [ProximalWeightDecay(wd, learningRate: lr)] : [],
        ])
    }

    /// AdEMAMix as pytorch-optimizer's `AdEMAMix`.
    public static func ademamix(_ h: OptimizerSettings) -> Chain {
        adaptive(h, ScaleByAdEMAMix(beta1: h["beta1"]!, beta2: h["beta2"]!, beta3: h["beta3"]!,
                                    alpha: h.float("alpha"), tAlphaBeta3: h["t_alpha_beta3"]!, eps: h.float("eps")))
    }

    /// ADOPT as pytorch-optimizer's `ADOPT`.
    public static func adopt(_ h: OptimizerSettings) -> Chain {
        adaptive(h, ScaleByADOPT(beta1: h["beta1"]!, beta2: h["beta2"]!, eps: h.float("eps"),
                                 clipExponent: h.flag("clip") ? h["clip_exponent"]! : nil))
    }

    /// SignSGD (momentum 0) and Signum.
    public static func sign(_ h: OptimizerSettings) -> Chain {
        adaptive(h, ScaleBySign(momentum: h.float("momentum")))
    }

    /// MARS (`mars_type` 'adamw' or 'lion') as pytorch-optimizer's `MARS`, vectors on AdamW with the `_1d` settings.
    public static func mars(_ h: OptimizerSettings) -> Chain {
        let lr = h["lr"]!
        let scale1D = Float(h["lr_1d"]! / lr)
        let mars = ScaleByMARS(beta1: h["beta1"]!, beta2: h["beta2"]!, gamma: h.float("gamma"), eps: h.float("eps"),
                               amsBound: h.flag("ams_bound"), optimize1D: h.flag("optimize_1d"),
                               beta1For1D: h["beta1_1d"]!, beta2For1D: h["beta2_1d"]!, scale1D: scale1D,
                               signOfMomentum: h["mars_type"]! == 1)
        let decayed = h.decayMask
        let corrected = ParameterMask { mars.isCorrected($0) && decayed.contains($0) }
        let uncorrected = ParameterMask { !mars.isCorrected($0) && decayed.contains($0) }
        return chain([
            maximize(h),
            [mars],
            [AddDecayedWeights(h.float("weight_decay"), mask: corrected)],
            [AddDecayedWeights(h.float("weight_decay_1d") * scale1D, mask: uncorrected)],
            [ScaleByLearningRate(Float(lr))],
        ])
    }
}
