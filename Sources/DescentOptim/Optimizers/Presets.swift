/// The `torch.optim` optimizers (and Lion) as compositions of gradient transformations (as
/// Optax's `alias.py`), with PyTorch's constructor names and defaults. `maximize` negates
/// the gradient first, as PyTorch does before its weight decay; `decayMask` is the
/// parameter group weight decay applies to.
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
