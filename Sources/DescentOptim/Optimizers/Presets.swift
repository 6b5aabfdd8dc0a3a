// Every composed optimizer preset, as a composition of gradient transformations (as
// Optax's `alias.py`): static functions on `Chain` whose parameters carry the reference
// constructor's names (camelCase, tuples split: `betas` → `beta1`, `beta2`) and defaults,
// where the reference takes `None`, nil. The catalog (`OptimizerCatalog`) only translates
// its settings into these calls.
//
// `maximize` negates the gradient first, as PyTorch does before its weight decay;
// `decayMask` is the parameter group weight decay applies to (the optimizers whose decay is
// inside their update rule take none).

// MARK: - torch.optim

extension Chain {
    /// `torch.optim.SGD`: coupled weight decay, momentum with dampening or Nesterov, lr.
    public static func sgd(lr: LearningRate = 1e-3, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0,
                           nesterov: Bool = false, maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            AddDecayedWeights(weightDecay, mask: decayMask)
            if momentum != 0 { Trace(momentum: momentum, dampening: dampening, nesterov: nesterov) }
            ScaleByLearningRate(lr.schedule)
        }
    }

    /// `torch.optim.AdamW`: Adam's bias-corrected step, decoupled weight decay (λ·p added
    /// before the learning rate, so p ← p − lr·λ·p), lr.
    public static func adamw(lr: LearningRate = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                             weightDecay: Float = 1e-2, amsgrad: Bool = false, maximize: Bool = false,
                             decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            ScaleByAdam(beta1: beta1, beta2: beta2, eps: eps, amsgrad: amsgrad)
            AddDecayedWeights(weightDecay, mask: decayMask)
            ScaleByLearningRate(lr.schedule)
        }
    }

    /// `torch.optim.Adam`: coupled (L2) weight decay added to the gradient, Adam, lr.
    public static func adam(lr: LearningRate = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                            weightDecay: Float = 0, amsgrad: Bool = false, maximize: Bool = false,
                            decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            AddDecayedWeights(weightDecay, mask: decayMask)
            ScaleByAdam(beta1: beta1, beta2: beta2, eps: eps, amsgrad: amsgrad)
            ScaleByLearningRate(lr.schedule)
        }
    }

    /// `torch.optim.Adamax`: coupled weight decay, Adam over the infinity norm, lr.
    public static func adamax(lr: Float = 2e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                              weightDecay: Float = 0, maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            AddDecayedWeights(weightDecay, mask: decayMask)
            ScaleByAdamax(beta1: beta1, beta2: beta2, eps: eps)
            ScaleByLearningRate(lr)
        }
    }

    /// `torch.optim.NAdam`: weight decay coupled (or decoupled, p·(1 − lr·λ)), NAdam, lr.
    public static func nadam(lr: Float = 2e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                             weightDecay: Float = 0, momentumDecay: Float = 4e-3, decoupledWeightDecay: Bool = false,
                             maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            if !decoupledWeightDecay { AddDecayedWeights(weightDecay, mask: decayMask) }
            ScaleByNAdam(beta1: beta1, beta2: beta2, eps: eps, momentumDecay: momentumDecay)
            if decoupledWeightDecay { AddDecayedWeights(weightDecay, mask: decayMask) }
            ScaleByLearningRate(lr)
        }
    }

    /// `torch.optim.RAdam`: weight decay coupled (or decoupled), rectified Adam, lr.
    public static func radam(lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                             weightDecay: Float = 0, decoupledWeightDecay: Bool = false, maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            if !decoupledWeightDecay { AddDecayedWeights(weightDecay, mask: decayMask) }
            ScaleByRAdam(beta1: beta1, beta2: beta2, eps: eps)
            if decoupledWeightDecay { AddDecayedWeights(weightDecay, mask: decayMask) }
            ScaleByLearningRate(lr)
        }
    }

    /// `torch.optim.RMSprop`: coupled weight decay, RMS scaling (centred), momentum, lr.
    public static func rmsprop(lr: Float = 1e-2, alpha: Float = 0.99, eps: Float = 1e-8, weightDecay: Float = 0,
                               momentum: Float = 0, centered: Bool = false, maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            AddDecayedWeights(weightDecay, mask: decayMask)
            ScaleByRMS(alpha: alpha, eps: eps, centered: centered)
            if momentum > 0 { Trace(momentum: momentum) }
            ScaleByLearningRate(lr)
        }
    }

    /// `torch.optim.Adagrad`: coupled weight decay, RSS scaling, lr / (1 + k·lr_decay).
    public static func adagrad(lr: Float = 1e-2, lrDecay: Float = 0, weightDecay: Float = 0, initialAccumulatorValue: Float = 0,
                               eps: Float = 1e-10, maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            AddDecayedWeights(weightDecay, mask: decayMask)
            ScaleByRSS(initialAccumulator: initialAccumulatorValue, eps: eps)
            ScaleByLearningRate(InverseTimeDecaySchedule(initial: Double(lr), rate: Double(lrDecay)))
        }
    }

    /// `torch.optim.Adadelta`: coupled weight decay, Adadelta scaling, lr.
    public static func adadelta(lr: Float = 1, rho: Float = 0.9, eps: Float = 1e-6, weightDecay: Float = 0,
                                maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            AddDecayedWeights(weightDecay, mask: decayMask)
            ScaleByAdadelta(rho: rho, eps: eps)
            ScaleByLearningRate(lr)
        }
    }

    /// `torch.optim.Rprop`: sign-based steps whose sizes start at lr, then descent.
    public static func rprop(lr: Float = 1e-2, etaMinus: Float = 0.5, etaPlus: Float = 1.2, stepSizeMin: Float = 1e-6,
                             stepSizeMax: Float = 50, maximize: Bool = false) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            ScaleByRprop(initialStepSize: lr, etaMinus: etaMinus, etaPlus: etaPlus, stepSizeMin: stepSizeMin, stepSizeMax: stepSizeMax)
            Scale(-1)
        }
    }

    /// `torch.optim.ASGD`: p ← p(1 − λη) − η(g + wd·p) with η = lr/(1 + λ·lr·t)^α, and the
    /// average of the iterates from step t₀ on (state `ax`).
    public static func asgd(lr: Float = 1e-2, lambd: Float = 1e-4, alpha: Float = 0.75, t0: Float = 1e6, weightDecay: Float = 0,
                            maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            AddDecayedWeights(weightDecay, mask: decayMask)
            AddDecayedWeights(lambd)
            ScaleByLearningRate(InverseTimeDecaySchedule(initial: Double(lr), rate: Double(lambd) * Double(lr), power: Double(alpha)))
            PolyakAveraging(t0: t0)
        }
    }

    /// `torch.optim.Adafactor`: factored second moments, update clipping d, relative step
    /// max(ε₂, RMS(p))·min(lr, 1/√t), and decay p·(1 − lr·λ) (PyTorch multiplies the decay
    /// by lr alone, not by the relative step; Optax's `adafactor` by the whole step size).
    public static func adafactor(lr: Float = 1e-2, beta2Decay: Float = -0.8, eps1: Float = Float.ulpOfOne, eps2: Float = 1e-3,
                                 d: Float = 1, weightDecay: Float = 0, maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            ScaleByFactoredRMS(beta2Decay: beta2Decay, eps1: eps1)
            ClipByBlockRMS(d)
            ScaleByParamBlockRMS(minScale: eps2)
            ScaleByLearningRate(RelativeStepSchedule(lr: Double(lr)))
            // After the learning rate: adds −lr·λ·p, PyTorch's p·(1 − lr·λ).
            AddDecayedWeights(-lr * weightDecay, mask: decayMask)
        }
    }

    /// `torch.optim.Muon`: EMA momentum (Nesterov by default), Newton–Schulz
    /// orthogonalisation with the shape ratio, decoupled weight decay, lr. 2-D only.
    public static func muon(lr: Float = 1e-3, weightDecay: Float = 0.1, momentum: Float = 0.95, nesterov: Bool = true,
                            coefficients: (a: Double, b: Double, c: Double) = (3.4445, -4.7750, 2.0315), eps: Float = 1e-7,
                            nsSteps: Int = 5, adjustLR: ScaleByNewtonSchulz.AdjustLR = .original,
                            decayMask: ParameterMask = .all) -> Chain {
        Chain {
            Trace(momentum: momentum, dampening: momentum, nesterov: nesterov, firstStepIsUpdate: false)
            ScaleByNewtonSchulz(coefficients: coefficients, steps: nsSteps, eps: eps, adjustLR: adjustLR)
            AddDecayedWeights(weightDecay, mask: decayMask)
            ScaleByLearningRate(lr)
        }
    }
}

// MARK: - Reference optimizers (lion-pytorch, adabelief-pytorch, pytorch-optimizer)

extension Chain {
    /// Lion as lion-pytorch's `Lion`: sign step, decoupled decay p·(1 − lr·λ) (with
    /// `decoupledWeightDecay`, p·(1 − λ) whatever the learning rate), lr.
    public static func lion(lr: LearningRate = 1e-4, beta1: Float = 0.9, beta2: Float = 0.99, weightDecay: Float = 0,
                            decoupledWeightDecay: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            ScaleByLion(beta1: beta1, beta2: beta2)
            if !decoupledWeightDecay { AddDecayedWeights(weightDecay, mask: decayMask) }
            ScaleByLearningRate(lr.schedule)
            if decoupledWeightDecay { AddDecayedWeights(-weightDecay, mask: decayMask) }
        }
    }

    /// LAMB as pytorch-optimizer's `Lamb` (trust ratio on the decayed weights, clamped at 10;
    /// `rectify` and `adanorm` not offered). The trust ratio's parameter scale assumes every
    /// parameter decays (the catalog's `lamb` is not decay-maskable).
    public static func lamb(lr: Float = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, weightDecay: Float = 0,
                            weightDecouple: Bool = true, fixedDecay: Bool = false, gradAveraging: Bool = true,
                            maxGradNorm: Float = 1, adam: Bool = false, preNorm: Bool = false, eps: Float = 1e-6,
                            maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        let decay = Decay(weightDecay, decouple: weightDecouple, fixed: fixedDecay, mask: decayMask)
        let parameterScale: Float = weightDecouple && weightDecay != 0 ? (fixedDecay ? 1 - weightDecay : 1 - lr * weightDecay) : 1
        return Chain(joining: [
            maximize ? [Scale(-1)] : [],
            preNorm ? [RescaleByGlobalNorm(maxNorm: maxGradNorm, eps: eps)] : [],
            [ScaleByLAMBMoments(beta1: beta1, beta2: beta2, eps: eps, gradAveraging: gradAveraging)],
            decay.coupled,
            adam ? [] : [ScaleByTrustRatio(eps: eps, maxParameterNorm: 10, parameterScale: parameterScale)],
            [ScaleByBiasCorrection(beta: beta1)],
            decay.beforeLearningRate,
            [ScaleByLearningRate(lr)],
            decay.afterLearningRate,
        ])
    }

    /// LARS as pytorch-optimizer's `LARS`: the trust ratio and the weight decay on tensors
    /// with ndim > 1 only (inside the trust ratio, so no `decayMask`), heavy-ball momentum, lr.
    public static func lars(lr: Float = 1e-3, weightDecay: Float = 0, momentum: Float = 0.9, dampening: Float = 0,
                            trustCoefficient: Float = 1e-3, nesterov: Bool = false, maximize: Bool = false) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            ScaleByTrustRatio(trustCoefficient: trustCoefficient, weightDecay: weightDecay, mask: .excludingBiasesAndNorms)
            if momentum > 0 {
                Trace(momentum: momentum, dampening: dampening, nesterov: nesterov, firstStepIsUpdate: false,
                      dampensNesterovUpdate: false)
            }
            ScaleByLearningRate(lr)
        }
    }

    /// NovoGrad as pytorch-optimizer's `NovoGrad` (one second moment per parameter tensor).
    public static func novograd(lr: Float = 1e-3, beta1: Float = 0.95, beta2: Double = 0.98, weightDecay: Float = 0,
                                weightDecouple: Bool = false, fixedDecay: Bool = false, gradAveraging: Bool = false,
                                eps: Float = 1e-8, maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        let decay = Decay(weightDecay, decouple: weightDecouple, fixed: fixedDecay, mask: decayMask)
        return Chain(joining: [
            maximize ? [Scale(-1)] : [],
            [ScaleByNovoGrad(beta2: beta2, eps: eps)],
            decay.coupled,
            [Trace(momentum: beta1, dampening: gradAveraging ? beta1 : 0)],
            decay.beforeLearningRate,
            [ScaleByLearningRate(lr)],
            decay.afterLearningRate,
        ])
    }

    /// AdaBelief as the authors' `adabelief-pytorch` (rectified by default; no `maximize`).
    public static func adabelief(lr: Float = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, eps: Float = 1e-16,
                                 weightDecay: Float = 0, amsgrad: Bool = false, weightDecouple: Bool = true,
                                 fixedDecay: Bool = false, rectify: Bool = true, degeneratedToSGD: Bool = true,
                                 decayMask: ParameterMask = .all) -> Chain {
        adaptive(ScaleByBelief(beta1: beta1, beta2: beta2, eps: eps, amsgrad: amsgrad, rectify: rectify,
                               degeneratedToSGD: degeneratedToSGD),
                 lr: lr, weightDecay: weightDecay, weightDecouple: weightDecouple, fixedDecay: fixedDecay,
                 maximize: false, decayMask: decayMask)
    }

    /// Yogi as pytorch-optimizer's `Yogi`.
    public static func yogi(lr: Float = 1e-2, beta1: Double = 0.9, beta2: Double = 0.999, initialAccumulator: Float = 1e-6,
                            weightDecay: Float = 0, weightDecouple: Bool = true, fixedDecay: Bool = false, eps: Float = 1e-3,
                            maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        adaptive(ScaleByYogi(beta1: beta1, beta2: beta2, eps: eps, initialAccumulator: initialAccumulator),
                 lr: lr, weightDecay: weightDecay, weightDecouple: weightDecouple, fixedDecay: fixedDecay,
                 maximize: maximize, decayMask: decayMask)
    }

    /// Adan as pytorch-optimizer's `Adan` (`maximize` not offered): global gradient
    /// rescaling (`maxGradNorm` 0 disables it), Adan, lr, then the proximal decay
    /// p/(1 + lr·λ) — which takes every parameter — unless `weightDecouple`.
    public static func adan(lr: Float = 1e-3, beta1: Double = 0.98, beta2: Double = 0.92, beta3: Double = 0.99,
                            weightDecay: Float = 0, weightDecouple: Bool = false, maxGradNorm: Float = 0, eps: Float = 1e-8,
                            decayMask: ParameterMask = .all) -> Chain {
        Chain {
            RescaleByGlobalNorm(maxNorm: maxGradNorm, eps: eps)
            ScaleByAdan(beta1: beta1, beta2: beta2, beta3: beta3, eps: eps)
            if weightDecouple && weightDecay != 0 { AddDecayedWeights(weightDecay, mask: decayMask) }
            ScaleByLearningRate(lr)
            if !weightDecouple && weightDecay != 0 { ProximalWeightDecay(weightDecay, learningRate: lr) }
        }
    }

    /// AdEMAMix as pytorch-optimizer's `AdEMAMix`; `tAlphaBeta3` nil (the reference's None)
    /// warms neither alpha nor beta3 up.
    public static func ademamix(lr: Float = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, beta3: Double = 0.9999,
                                weightDecay: Float = 0, weightDecouple: Bool = false, fixedDecay: Bool = false,
                                alpha: Float = 5, tAlphaBeta3: Double? = nil, eps: Float = 1e-8, maximize: Bool = false,
                                decayMask: ParameterMask = .all) -> Chain {
        adaptive(ScaleByAdEMAMix(beta1: beta1, beta2: beta2, beta3: beta3, alpha: alpha, tAlphaBeta3: tAlphaBeta3 ?? 0, eps: eps),
                 lr: lr, weightDecay: weightDecay, weightDecouple: weightDecouple, fixedDecay: fixedDecay,
                 maximize: maximize, decayMask: decayMask)
    }

    /// ADOPT as pytorch-optimizer's `ADOPT`; with `clip`, the normalised gradient is clipped
    /// to ±step^clipExponent (the reference's `clip_lambda`).
    public static func adopt(lr: Float = 1e-3, beta1: Double = 0.9, beta2: Double = 0.9999, clip: Bool = true,
                             clipExponent: Double = 0.25, weightDecay: Float = 0, weightDecouple: Bool = false,
                             fixedDecay: Bool = false, eps: Float = 1e-6, maximize: Bool = false,
                             decayMask: ParameterMask = .all) -> Chain {
        adaptive(ScaleByADOPT(beta1: beta1, beta2: beta2, eps: eps, clipExponent: clip ? clipExponent : nil),
                 lr: lr, weightDecay: weightDecay, weightDecouple: weightDecouple, fixedDecay: fixedDecay,
                 maximize: maximize, decayMask: decayMask)
    }

    /// SignSGD as pytorch-optimizer's `SignSGD` with momentum 0: p ← p(1 − lr·λ) − lr·sign(g).
    public static func signsgd(lr: Float = 1e-3, momentum: Float = 0, weightDecay: Float = 0, weightDecouple: Bool = true,
                               maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        adaptive(ScaleBySign(momentum: momentum), lr: lr, weightDecay: weightDecay, weightDecouple: weightDecouple,
                 fixedDecay: false, maximize: maximize, decayMask: decayMask)
    }

    /// Signum, pytorch-optimizer's `SignSGD` with momentum: the sign of the momentum buffer.
    public static func signum(lr: Float = 1e-3, momentum: Float = 0.9, weightDecay: Float = 0, weightDecouple: Bool = true,
                              maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        signsgd(lr: lr, momentum: momentum, weightDecay: weightDecay, weightDecouple: weightDecouple, maximize: maximize,
                decayMask: decayMask)
    }

    /// MARS' update rule on the matrices (`mars_type`; 'shampoo' is not offered).
    public enum MARSType: Int, Sendable {
        case adamw = 0, lion = 1
    }

    /// MARS as pytorch-optimizer's `MARS` (decoupled decay), vectors on AdamW with the `1D`
    /// settings (unless `optimize1D`). `lr` and `lr1D` are doubles: their ratio scales the
    /// vectors' steps, taken in double precision as the reference's Python floats.
    public static func mars(lr: Double = 3e-3, beta1: Double = 0.95, beta2: Double = 0.99, gamma: Float = 0.025,
                            optimize1D: Bool = false, lr1D: Double = 3e-3, beta1For1D: Double = 0.9, beta2For1D: Double = 0.95,
                            weightDecay: Float = 0, weightDecay1D: Float = 0.1, amsBound: Bool = false, eps: Float = 1e-8,
                            maximize: Bool = false, marsType: MARSType = .adamw, decayMask: ParameterMask = .all) -> Chain {
        let scale1D = Float(lr1D / lr)
        let mars = ScaleByMARS(beta1: beta1, beta2: beta2, gamma: gamma, eps: eps, amsBound: amsBound, optimize1D: optimize1D,
                               beta1For1D: beta1For1D, beta2For1D: beta2For1D, scale1D: scale1D,
                               signOfMomentum: marsType == .lion)
        let corrected = ParameterMask { mars.isCorrected($0) && decayMask.contains($0) }
        let uncorrected = ParameterMask { !mars.isCorrected($0) && decayMask.contains($0) }
        return Chain {
            if maximize { Scale(-1) }
            mars
            AddDecayedWeights(weightDecay, mask: corrected)
            AddDecayedWeights(weightDecay1D * scale1D, mask: uncorrected)
            ScaleByLearningRate(Float(lr))
        }
    }
}

// MARK: - Preconditioned, factored and parameter-free optimizers (prodigyopt, schedulefree, dadaptation, dog-optimizer, pytorch-optimizer)

extension Chain {
    /// Prodigy as prodigyopt's `Prodigy` (the whole update, its decay inside: no `decayMask`);
    /// `beta3` nil is √beta2.
    public static func prodigy(lr: Float = 1, beta1: Double = 0.9, beta2: Double = 0.999, beta3: Double? = nil,
                               eps: Float = 1e-8, weightDecay: Float = 0, decouple: Bool = true, useBiasCorrection: Bool = false,
                               safeguardWarmup: Bool = false, d0: Float = 1e-6, dCoef: Float = 1,
                               growthRate: Double = .infinity, sliceP: Int = 1) -> Chain {
        Chain {
            ScaleByProdigy(lr: lr, beta1: beta1, beta2: beta2, beta3: beta3 ?? 0, eps: eps, weightDecay: weightDecay,
                           decouple: decouple, useBiasCorrection: useBiasCorrection, safeguardWarmup: safeguardWarmup,
                           d0: d0, dCoef: dCoef, growthRate: growthRate, sliceP: sliceP)
        }
    }

    /// schedulefree's `AdamWScheduleFree` in train mode (the parameters are the iterates y).
    public static func scheduleFreeAdamW(lr: Float = 0.0025, beta1: Double = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                                         weightDecay: Float = 0, warmupSteps: Int = 0, r: Float = 0, weightLrPower: Float = 2,
                                         decayMask: ParameterMask = .all) -> Chain {
        Chain {
            ScaleByAdam(beta1: 0, beta2: beta2, eps: eps)
            AddDecayedWeights(weightDecay, mask: decayMask)
            ScheduleFreeAveraging(lr: lr, beta: beta1, warmupSteps: warmupSteps, r: r, weightLrPower: weightLrPower)
        }
    }

    /// schedulefree's `SGDScheduleFree` in train mode (the parameters are the iterates y).
    public static func scheduleFreeSGD(lr: Float = 1, momentum: Double = 0.9, weightDecay: Float = 0, warmupSteps: Int = 0,
                                       r: Float = 0, weightLrPower: Float = 2, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            AddDecayedWeights(weightDecay, mask: decayMask)
            ScheduleFreeAveraging(lr: lr, beta: momentum, warmupSteps: warmupSteps, r: r, weightLrPower: weightLrPower)
        }
    }

    /// dadaptation's `DAdaptAdam` (the whole update, coupled or decoupled decay inside: no `decayMask`).
    public static func dadaptAdam(lr: Float = 1, beta1: Double = 0.9, beta2: Double = 0.999, eps: Float = 1e-8,
                                  weightDecay: Float = 0, decouple: Bool = false, useBiasCorrection: Bool = false,
                                  d0: Float = 1e-6, growthRate: Double = .infinity) -> Chain {
        Chain {
            ScaleByDAdaptAdam(lr: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay, decouple: decouple,
                              useBiasCorrection: useBiasCorrection, d0: d0, growthRate: growthRate)
        }
    }

    /// dog-optimizer's `DoG` (one parameter group); `initEta` nil lets `repsRel` decide the first step.
    public static func dog(repsRel: Float = 1e-6, lr: Float = 1, weightDecay: Float = 0, eps: Float = 1e-8,
                           initEta: Float? = nil, decayMask: ParameterMask = .all) -> Chain {
        Chain {
            AddDecayedWeights(weightDecay, mask: decayMask)
            ScaleByDistanceOverGradients(repsRel: repsRel, lr: lr, eps: eps, initEta: initEta ?? 0)
        }
    }

    /// CAME as pytorch-optimizer's `CAME`.
    public static func came(lr: Float = 2e-4, beta1: Double = 0.9, beta2: Double = 0.999, beta3: Double = 0.9999,
                            weightDecay: Float = 0, weightDecouple: Bool = true, fixedDecay: Bool = false,
                            clipThreshold: Float = 1, amsBound: Bool = false, eps1: Float = 1e-30, eps2: Float = 1e-16,
                            maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain(weightDecayParts(lr: lr, decay: weightDecay, decouple: weightDecouple, fixed: fixedDecay, mask: decayMask,
                               maximize: maximize) {
            ScaleByCAME(beta1: beta1, beta2: beta2, beta3: beta3, clipThreshold: clipThreshold, amsBound: amsBound,
                        eps1: eps1, eps2: eps2)
        })
    }

    /// SM3 as pytorch-optimizer's `SM3` (dense gradients).
    public static func sm3(lr: Float = 0.1, momentum: Double = 0, beta: Double = 0, eps: Float = 1e-30,
                           maximize: Bool = false) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            ScaleBySM3(momentum: momentum, beta: beta, eps: eps)
            ScaleByLearningRate(lr)
        }
    }

    /// Shampoo as pytorch-optimizer's `Shampoo`: coupled decay inside the preconditioner (on
    /// every parameter), decoupled decay after it (on `decayMask`).
    public static func shampoo(lr: Float = 1e-3, momentum: Float = 0, weightDecay: Float = 0, weightDecouple: Bool = false,
                               fixedDecay: Bool = false, preconditioningComputeSteps: Int = 1, matrixEps: Float = 1e-6,
                               maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain(weightDecayParts(lr: lr, decay: weightDecouple ? weightDecay : 0, decouple: true, fixed: fixedDecay,
                               mask: decayMask, maximize: maximize) {
            ScaleByShampoo(momentum: momentum, matrixEps: matrixEps, preconditioningComputeSteps: preconditioningComputeSteps,
                           coupledWeightDecay: weightDecouple ? 0 : weightDecay)
        })
    }

    /// SOAP as pytorch-optimizer's `SOAP` (channels first; the whole update, its decay
    /// inside: no `decayMask`); `shampooBeta` nil is beta2.
    public static func soap(lr: Float = 3e-3, beta1: Double = 0.95, beta2: Double = 0.95, shampooBeta: Double? = nil,
                            weightDecay: Float = 1e-2, preconditionFrequency: Int = 10, maxPreconditionDim: Int = 10_000,
                            mergeDims: Bool = false, precondition1D: Bool = false, correctBias: Bool = true,
                            normalizeGradient: Bool = false, eps: Float = 1e-8, maximize: Bool = false) -> Chain {
        Chain {
            if maximize { Scale(-1) }
            ScaleBySOAP(lr: lr, beta1: beta1, beta2: beta2, shampooBeta: shampooBeta ?? -1, weightDecay: weightDecay,
                        preconditionFrequency: preconditionFrequency, maxPreconditionDim: maxPreconditionDim,
                        mergeDims: mergeDims, precondition1d: precondition1D, correctBias: correctBias,
                        normalizeGradient: normalizeGradient, eps: eps)
        }
    }

    /// SophiaH as pytorch-optimizer's `SophiaH`, with the Hessian estimate given (g ⊙ g when
    /// none is); `p` is the clip bound ρ.
    public static func sophia(lr: Float = 6e-2, beta1: Double = 0.96, beta2: Double = 0.99, weightDecay: Float = 0,
                              weightDecouple: Bool = true, fixedDecay: Bool = false, p: Float = 1e-2, updatePeriod: Int = 10,
                              eps: Float = 1e-12, maximize: Bool = false, decayMask: ParameterMask = .all) -> Chain {
        Chain(weightDecayParts(lr: lr, decay: weightDecay, decouple: weightDecouple, fixed: fixedDecay, mask: decayMask,
                               maximize: maximize) {
            ScaleBySophia(beta1: beta1, beta2: beta2, clip: p, updatePeriod: updatePeriod, eps: eps)
        })
    }
}

// MARK: - Weight decay placements

extension Chain {
    /// The parts of a chain, in order (groups may be empty).
    private init(joining groups: [[any GradientTransformation]]) { self.init(groups.flatMap { $0 }) }

    /// Where pytorch-optimizer's `apply_weight_decay` puts the decay: added to the gradient
    /// (coupled, first), p·(1 − lr·λ) (decoupled, before the learning rate) or p·(1 − λ)
    /// (`fixed_decay`, after it).
    private struct Decay {
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

    /// A rescaling between pytorch-optimizer's weight decay placements and the learning rate.
    private static func adaptive(_ rescaling: any GradientTransformation, lr: Float, weightDecay: Float, weightDecouple: Bool,
                         fixedDecay: Bool, maximize: Bool, decayMask: ParameterMask) -> Chain {
        let decay = Decay(weightDecay, decouple: weightDecouple, fixed: fixedDecay, mask: decayMask)
        return Chain(joining: [
            maximize ? [Scale(-1)] : [],
            decay.coupled,
            [rescaling],
            decay.beforeLearningRate,
            [ScaleByLearningRate(lr)],
            decay.afterLearningRate,
        ])
    }

    /// pytorch-optimizer's weight decay around a scaling `core`: coupled (λp added to the
    /// gradient first), decoupled (p ← p(1 − lr·λ)) or fixed (p ← p(1 − λ)), then −lr;
    /// `maximize` negates the gradient before anything sees it.
    private static func weightDecayParts(
        lr: Float, decay: Float, decouple: Bool, fixed: Bool, mask: ParameterMask, maximize: Bool = false,
        core: () -> any GradientTransformation
    ) -> [any GradientTransformation] {
        var parts: [any GradientTransformation] = maximize ? [Scale(-1)] : []
        if decay != 0 && !decouple { parts.append(AddDecayedWeights(decay, mask: mask)) }
        parts.append(core())
        if decay != 0 && decouple { parts.append(AddDecayedWeights(fixed && lr != 0 ? decay / lr : decay, mask: mask)) }
        parts.append(ScaleByLearningRate(lr))
        return parts
    }
}
