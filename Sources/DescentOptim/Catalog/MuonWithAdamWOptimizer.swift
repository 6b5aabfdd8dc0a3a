extension OptimizerCatalog {
    /// `muon_adamw`: torch.optim.Muon on the hidden matrices, torch.optim.AdamW on the rest
    /// (``MuonWithAdamW``). Muon's hyperparameters keep torch.optim.Muon's names; AdamW's
    /// carry an `adamw_` prefix (`adamw_lr`, `adamw_betas=0.9,0.95`, `adamw_weight_decay`).
    /// A learning-rate schedule scales `adamw_lr` by the same factor as `lr`, as a PyTorch
    /// scheduler scales every parameter group's initial learning rate.
    public static let muonWithAdamW = OptimizerDescriptor(
        name: "muon_adamw",
        hyperparameters: [.init("lr", 0.02, help: "Muon's, for the hidden matrices"), .init("weight_decay", 0.01), .init("momentum", 0.95),
                          .init("nesterov", 1, .boolean), .init("ns_a", 3.4445), .init("ns_b", -4.7750), .init("ns_c", 2.0315),
                          .init("eps", 1e-7), .init("ns_steps", 5, .integer),
                          .init("adjust_lr_fn", 0, .integer, help: "0 original √max(1, A/B), 1 match_rms_adamw 0.2·√max(A, B), 2 spectral_unclamped √(A/B)"),
                          .init("adamw_lr", 3e-4, help: "AdamW's, for every other parameter"), .init("adamw_beta1", 0.9), .init("adamw_beta2", 0.95),
                          .init("adamw_eps", 1e-8), .init("adamw_weight_decay", 0.01)],
        reference: "torch.optim.Muon on the hidden matrices + torch.optim.AdamW on the rest (Keller Jordan's MuonWithAuxAdam split)",
        paper: "Jordan et al. (2024), Muon: An optimizer for hidden layers in neural networks",
        formula: "hidden 2-D matrices (not embeddings, not the first or last layer): Muon; every other parameter: AdamW with adamw_lr, adamw_betas, adamw_eps, adamw_weight_decay",
        composition: "muon_with_adamw(muon: trace → scale_by_newton_schulz → add_decayed_weights → scale_by_learning_rate, adamw: scale_by_adam → add_decayed_weights → scale_by_learning_rate)",
        stateBuffersPerParameter: 2,
        preset: { h in
            Chain.muonWithAdamW(lr: h.float("lr"), weightDecay: h.weightDecay, momentum: h.float("momentum"),
                                nesterov: h.flag("nesterov"), coefficients: (h["ns_a"]!, h["ns_b"]!, h["ns_c"]!), eps: h.float("eps"),
                                nsSteps: Int(h["ns_steps"]!),
                                adjustLR: ScaleByNewtonSchulz.AdjustLR(rawValue: Int(h["adjust_lr_fn"]!)) ?? .original,
                                adamwLR: h.float("adamw_lr"), adamwBeta1: h.float("adamw_beta1"), adamwBeta2: h.float("adamw_beta2"),
                                adamwEps: h.float("adamw_eps"), adamwWeightDecay: h.float("adamw_weight_decay"), decayMask: h.decayMask)
        })
}
