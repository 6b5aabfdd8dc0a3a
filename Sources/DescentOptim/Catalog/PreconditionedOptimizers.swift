/// Second-order, factored and parameter-free optimizers matched against their authors'
/// packages (pytorch-optimizer, prodigyopt, schedulefree, dadaptation, dog-optimizer);
/// fixtures: scripts/fixtures/preconditioned_optimizers.py.
///
/// Where a reference takes `None` for a hyperparameter, a sentinel stands for it (named in
/// the hyperparameter's help); `growth_rate`'s `inf` is the largest finite Double.
/// pytorch-optimizer's `maximize` is provided (a `Scale(-1)` first); `foreach` and the
/// distributed (FSDP) switches are not.
extension OptimizerCatalog {
    public static let preconditionedOptimizers: [OptimizerDescriptor] = [
        OptimizerDescriptor(
            name: "prodigy",
            hyperparameters: [
                .init("lr", 1), .init("beta1", 0.9), .init("beta2", 0.999),
                .init("beta3", 0, help: "0 means √beta2 (prodigyopt's None)"), .init("eps", 1e-8),
                .init("weight_decay", 0), .init("decouple", 1, .boolean), .init("use_bias_correction", 0, .boolean),
                .init("safeguard_warmup", 0, .boolean), .init("d0", 1e-6), .init("d_coef", 1),
                .init("growth_rate", .greatestFiniteMagnitude, help: "largest multiplicative growth of d per step (inf)"),
                .init("slice_p", 1, .integer, help: "keep the d statistics for every slice_p-th element"),
            ],
            reference: "prodigyopt 1.1.2 Prodigy",
            paper: "Mishchenko & Defazio (2024), Prodigy: An Expeditiously Adaptive Parameter-Free Learner",
            formula: "dlr = d·lr; r = β₃r + (d/d₀)·dlr·⟨g, x₀−x⟩; s = β₃s + (d/d₀)·dlr·g; d = max(d, d_coef·r/‖s‖₁); "
                + "m = β₁m + d(1−β₁)g; v = β₂v + d²(1−β₂)g²; p ← p − dlr·m/(√v + d·ε) − λ·dlr·p",
            composition: "[add_decayed_weights (decouple=false)] → scale_by_prodigy (the whole update)",
            stateBuffersPerParameter: 4,
            decayMaskable: false,
            preset: { h in
                Chain.prodigy(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!, beta3: h["beta3"]!,
                    eps: h.float("eps"), weightDecay: h.weightDecay, decouple: h.flag("decouple"),
                    useBiasCorrection: h.flag("use_bias_correction"), safeguardWarmup: h.flag("safeguard_warmup"),
                    d0: h.float("d0"), dCoef: h.float("d_coef"), growthRate: h["growth_rate"]!,
                    sliceP: Swift.max(1, Int(h["slice_p"]!)))
            }),
        OptimizerDescriptor(
            name: "schedule_free_adamw",
            hyperparameters: [
                .init("lr", 0.0025), .init("beta1", 0.9), .init("beta2", 0.999), .init("eps", 1e-8), .init("weight_decay", 0),
                .init("warmup_steps", 0, .integer), .init("r", 0), .init("weight_lr_power", 2),
            ],
            reference: "schedulefree 1.4.1 AdamWScheduleFree (train mode: the parameters are the iterates y)",
            paper: "Defazio et al. (2024), The Road Less Scheduled",
            formula: "d = g/(√v̂ + ε) + λy; c = w_k/Σw; y ← (1−c)y + c·z + lr(β₁(1−c) − 1)d; z ← z − lr·d; "
                + "eval point x = y + (1 − 1/β₁)(z − y)",
            composition: "scale_by_adam(beta1 = 0) → add_decayed_weights → schedule_free_averaging",
            stateBuffersPerParameter: 3,
            preset: { h in
                Chain.scheduleFreeAdamW(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h.float("beta2"), eps: h.float("eps"),
                    weightDecay: h.weightDecay, warmupSteps: Int(h["warmup_steps"]!), r: h.float("r"),
                    weightLrPower: h.float("weight_lr_power"), decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "schedule_free_sgd",
            hyperparameters: [
                .init("lr", 1), .init("momentum", 0.9), .init("weight_decay", 0), .init("warmup_steps", 0, .integer),
                .init("r", 0), .init("weight_lr_power", 2),
            ],
            reference: "schedulefree 1.4.1 SGDScheduleFree (train mode: the parameters are the iterates y)",
            paper: "Defazio et al. (2024), The Road Less Scheduled",
            formula: "d = g + λy; c = w_k/Σw; y ← (1−c)y + c·z + lr(μ(1−c) − 1)d; z ← z − lr·d; eval point x = y + (1 − 1/μ)(z − y)",
            composition: "add_decayed_weights → schedule_free_averaging",
            stateBuffersPerParameter: 1,
            preset: { h in
                Chain.scheduleFreeSGD(lr: h.float("lr"), momentum: h["momentum"]!, weightDecay: h.weightDecay,
                    warmupSteps: Int(h["warmup_steps"]!), r: h.float("r"), weightLrPower: h.float("weight_lr_power"),
                    decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "dadapt_adam",
            hyperparameters: [
                .init("lr", 1), .init("beta1", 0.9), .init("beta2", 0.999), .init("eps", 1e-8), .init("weight_decay", 0),
                .init("decouple", 0, .boolean), .init("use_bias_correction", 0, .boolean), .init("d0", 1e-6),
                .init("growth_rate", .greatestFiniteMagnitude, help: "largest multiplicative growth of d per step (inf)"),
            ],
            reference: "dadaptation 3.2 DAdaptAdam",
            paper: "Defazio & Mishchenko (2023), Learning-Rate-Free Learning by D-Adaptation",
            formula: "dlr = d·lr; n = √β₂n + (1−√β₂)dlr⟨g, s/(√v+ε)⟩; m = β₁m + dlr(1−β₁)g; v = β₂v + (1−β₂)g²; "
                + "s = √β₂s + dlr(1−√β₂)g; d = max(d, n/((1−√β₂)‖s‖₁)); p ← p − m/(√v + ε) − λ·dlr·p",
            composition: "scale_by_dadapt_adam (the whole update; coupled or decoupled decay inside)",
            stateBuffersPerParameter: 3,
            decayMaskable: false,
            preset: { h in
                Chain.dadaptAdam(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!, eps: h.float("eps"),
                    weightDecay: h.weightDecay, decouple: h.flag("decouple"), useBiasCorrection: h.flag("use_bias_correction"),
                    d0: h.float("d0"), growthRate: h["growth_rate"]!)
            }),
        OptimizerDescriptor(
            name: "dog",
            hyperparameters: [
                .init("reps_rel", 1e-6), .init("lr", 1), .init("weight_decay", 0), .init("eps", 1e-8),
                .init("init_eta", 0, help: "first step size; 0 means reps_rel decides (the reference's None)"),
            ],
            reference: "dog-optimizer 1.0.3 DoG (one parameter group)",
            paper: "Ivgi, Hinder & Carmon (2023), DoG is SGD's Best Friend: A Parameter-Free Dynamic Step Size Schedule",
            formula: "g = g + λp; r̄ = max(r̄, ‖x − x₀‖) (r̄₀ = reps_rel(1 + ‖x₀‖)); G = G + ‖g‖²; p ← p − lr·r̄/√G · g",
            composition: "add_decayed_weights → scale_by_distance_over_gradients (the whole update)",
            stateBuffersPerParameter: 1,
            preset: { h in
                Chain.dog(repsRel: h.float("reps_rel"), lr: h.float("lr"), weightDecay: h.weightDecay, eps: h.float("eps"),
                    initEta: h.float("init_eta"), decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "came",
            hyperparameters: [
                .init("lr", 2e-4), .init("beta1", 0.9), .init("beta2", 0.999), .init("beta3", 0.9999), .init("weight_decay", 0),
                .init("weight_decouple", 1, .boolean), .init("fixed_decay", 0, .boolean), .init("clip_threshold", 1),
                .init("ams_bound", 0, .boolean), .init("eps1", 1e-30), .init("eps2", 1e-16), .maximize,
            ],
            reference: "pytorch-optimizer 4.1.0 CAME",
            paper: "Luo et al. (2023), CAME: Confidence-guided Adaptive Memory Efficient Optimization",
            formula: "v = factored EMA of g² + ε₁ (β₂); u = clip_rms(g/√v); m = β₁m + (1−β₁)u; "
                + "S = factored EMA of (u − m)² + ε₂ (β₃); p ← p − lr·m/√S − lr·λp",
            composition: "[add_decayed_weights (coupled)] → scale_by_came → [add_decayed_weights (decoupled)] → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            preset: { h in
                Chain.came(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!, beta3: h["beta3"]!,
                    weightDecay: h.weightDecay, weightDecouple: h.flag("weight_decouple"), fixedDecay: h.flag("fixed_decay"),
                    clipThreshold: h.float("clip_threshold"), amsBound: h.flag("ams_bound"), eps1: h.float("eps1"),
                    eps2: h.float("eps2"), maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "sm3",
            hyperparameters: [.init("lr", 0.1), .init("momentum", 0), .init("beta", 0), .init("eps", 1e-30), .maximize],
            reference: "pytorch-optimizer 4.1.0 SM3 (dense gradients)",
            paper: "Anil, Gupta, Koren & Singer (2019), Memory-Efficient Adaptive Optimization",
            formula: "ν = β·minᵢ accᵢ + (1−β)g²; accᵢ = max(accᵢ, max of ν off axis i); u = g/√(ν + ε); m = μm + (1−μ)u; p ← p − lr·m",
            composition: "scale_by_sm3 → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            preset: { h in
                Chain.sm3(lr: h.float("lr"), momentum: h["momentum"]!, beta: h["beta"]!, eps: h.float("eps"),
                    maximize: h.maximize)
            }),
        OptimizerDescriptor(
            name: "shampoo",
            hyperparameters: [
                .init("lr", 1e-3), .init("momentum", 0), .init("weight_decay", 0), .init("weight_decouple", 0, .boolean),
                .init("fixed_decay", 0, .boolean), .init("preconditioning_compute_steps", 1, .integer), .init("matrix_eps", 1e-6),
                .maximize,
            ],
            reference: "pytorch-optimizer 4.1.0 Shampoo",
            paper: "Gupta, Koren & Singer (2018), Shampoo: Preconditioned Stochastic Tensor Optimization",
            formula: "g = g + μ(b − g); g = g + λp; Lᵢ = Lᵢ + G₍ᵢ₎G₍ᵢ₎ᵀ (L₀ = εI); Pᵢ = Lᵢ^(−1/2k); b = g ×₁ P₁ … ×ₖ Pₖ; p ← p − lr·b",
            composition: "scale_by_shampoo → [add_decayed_weights (decoupled)] → scale_by_learning_rate",
            stateBuffersPerParameter: 1,
            preset: { h in
                Chain.shampoo(lr: h.float("lr"), momentum: h.float("momentum"), weightDecay: h.weightDecay,
                    weightDecouple: h.flag("weight_decouple"), fixedDecay: h.flag("fixed_decay"),
                    preconditioningComputeSteps: Int(h["preconditioning_compute_steps"]!), matrixEps: h.float("matrix_eps"),
                    maximize: h.maximize, decayMask: h.decayMask)
            }),
        OptimizerDescriptor(
            name: "soap",
            hyperparameters: [
                .init("lr", 3e-3), .init("beta1", 0.95), .init("beta2", 0.95),
                .init("shampoo_beta", -1, help: "a negative value means beta2 (the reference's None)"),
                .init("weight_decay", 1e-2), .init("precondition_frequency", 10, .integer),
                .init("max_precondition_dim", 10_000, .integer), .init("merge_dims", 0, .boolean),
                .init("precondition_1d", 0, .boolean), .init("correct_bias", 1, .boolean),
                .init("normalize_gradient", 0, .boolean), .init("eps", 1e-8), .maximize,
            ],
            reference: "pytorch-optimizer 4.1.0 SOAP (channels_first)",
            paper: "Vyas et al. (2024), SOAP: Improving and Stabilizing Shampoo using Adam",
            formula: "Lᵢ = βₛLᵢ + (1−βₛ)G₍ᵢ₎G₍ᵢ₎ᵀ; Qᵢ = eigvecs(Lᵢ), refreshed by QR(LᵢQᵢ); g′ = g×ᵢQᵢᵀ; m = β₁m + (1−β₁)g; "
                + "v = β₂v + (1−β₂)g′²; p ← (p − lr·c·((m×ᵢQᵢᵀ)/(√v+ε))×ᵢQᵢ)(1 − lr·λ)",
            composition: "scale_by_soap (the whole update)",
            stateBuffersPerParameter: 2,
            decayMaskable: false,
            preset: { h in
                Chain.soap(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!, shampooBeta: h["shampoo_beta"]!,
                    weightDecay: h.weightDecay, preconditionFrequency: Int(h["precondition_frequency"]!),
                    maxPreconditionDim: Int(h["max_precondition_dim"]!), mergeDims: h.flag("merge_dims"),
                    precondition1D: h.flag("precondition_1d"), correctBias: h.flag("correct_bias"),
                    normalizeGradient: h.flag("normalize_gradient"), eps: h.float("eps"), maximize: h.maximize)
            }),
        OptimizerDescriptor(
            name: "sophia",
            hyperparameters: [
                .init("lr", 6e-2), .init("beta1", 0.96), .init("beta2", 0.99), .init("weight_decay", 0),
                .init("weight_decouple", 1, .boolean), .init("fixed_decay", 0, .boolean),
                .init("p", 1e-2, help: "clip bound ρ"), .init("update_period", 10, .integer), .init("eps", 1e-12), .maximize,
            ],
            reference: "pytorch-optimizer 4.1.0 SophiaH, with the Hessian estimate given (step(hessian=…)); g ⊙ g when none is",
            paper: "Liu et al. (2024), Sophia: A Scalable Stochastic Second-order Optimizer for Language Model Pre-training",
            formula: "m = β₁m + (1−β₁)g; h = β₂h + (1−β₂)ĥ every update_period steps; p ← p − lr·clip(m/max(h, ε), −ρ, ρ) − lr·λp",
            composition: "[add_decayed_weights (coupled)] → scale_by_sophia → [add_decayed_weights (decoupled)] → scale_by_learning_rate",
            stateBuffersPerParameter: 2,
            preset: { h in
                Chain.sophia(lr: h.float("lr"), beta1: h["beta1"]!, beta2: h["beta2"]!, weightDecay: h.weightDecay,
                    weightDecouple: h.flag("weight_decouple"), fixedDecay: h.flag("fixed_decay"), p: h.float("p"),
                    updatePeriod: Int(h["update_period"]!), eps: h.float("eps"), maximize: h.maximize, decayMask: h.decayMask)
            }),
    ]
}
