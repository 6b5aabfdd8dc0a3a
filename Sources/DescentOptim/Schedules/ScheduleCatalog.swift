extension ScheduleSpec {
    /// Every schedule with its arguments, defaults, and reference, for `descent optim schedules`.
    public static let catalog: [ScheduleDescriptor] = [
        ScheduleDescriptor(
            name: "constant", reference: "torch.optim.lr_scheduler.ConstantLR (factor=1)",
            summary: "The optimizer's lr at every step.", arguments: []),
        ScheduleDescriptor(
            name: "cosine", reference: "torch.optim.lr_scheduler.CosineAnnealingLR",
            summary: "Half a cosine from lr down to eta_min over t_max steps, then back up along the cosine (period 2·t_max).",
            arguments: [
                .init("t_max", .integer(minimum: 1), default: nil, "steps from lr down to eta_min (whole number ≥ 1)"),
                .init("eta_min", .nonNegative, default: "0", "the lowest lr (≥ 0)"),
            ]),
        ScheduleDescriptor(
            name: "onecycle", reference: "torch.optim.lr_scheduler.OneCycleLR",
            summary: "From max_lr/div_factor up to max_lr over pct_start of total_steps, then down to max_lr/(div_factor·final_div_factor); momentum inverse.",
            arguments: [
                .init("max_lr", .positive, default: "lr", "the peak lr (> 0; default the optimizer's lr, which OneCycleLR otherwise ignores)"),
                .init("total_steps", .integer(minimum: 1), default: nil, "steps in the cycle (whole number ≥ 1; later steps keep the final lr)"),
                .init("pct_start", .unitOpen, default: "0.3", "fraction of the steps spent rising (in (0, 1))"),
                .init("anneal_strategy", .choice(["cos", "linear"]), default: "cos", "how each phase moves: cos or linear"),
                .init("div_factor", .positive, default: "25", "initial lr = max_lr/div_factor (> 0)"),
                .init("final_div_factor", .positive, default: "1e4", "final lr = initial lr/final_div_factor (> 0)"),
                .init("three_phase", .boolean, default: "false", "come back down to the initial lr before the final annealing"),
                .init("cycle_momentum", .boolean, default: "true", "cycle the momentum (SGD) or beta1 (Adam) inversely to the lr"),
                .init("base_momentum", .unitClosed, default: "0.85", "the momentum at the peak lr (in [0, 1])"),
                .init("max_momentum", .unitClosed, default: "0.95", "the momentum at the initial and final lr (in [0, 1])"),
            ]),
        ScheduleDescriptor(
            name: "step", reference: "torch.optim.lr_scheduler.StepLR",
            summary: "lr·gamma^⌊t/step_size⌋.",
            arguments: [
                .init("step_size", .integer(minimum: 1), default: nil, "steps between decays (whole number ≥ 1)"),
                .init("gamma", .positive, default: "0.1", "the factor at each decay (> 0)"),
            ]),
        ScheduleDescriptor(
            name: "multistep", reference: "torch.optim.lr_scheduler.MultiStepLR",
            summary: "lr·gamma^(milestones reached); milestones separated by / (or ;), as milestones=30/80.",
            arguments: [
                .init("milestones", .integerList, default: nil, "steps where the lr is multiplied by gamma, as 30/80 (items separated by /, or by ; inside quotes)"),
                .init("gamma", .positive, default: "0.1", "the factor at each milestone (> 0)"),
            ]),
        ScheduleDescriptor(
            name: "exponential", reference: "torch.optim.lr_scheduler.ExponentialLR",
            summary: "lr·gamma^t.",
            arguments: [.init("gamma", .positive, default: nil, "the factor per step (> 0)")]),
        ScheduleDescriptor(
            name: "linear", reference: "torch.optim.lr_scheduler.LinearLR",
            summary: "lr·start_factor going linearly to lr·end_factor over total_iters steps, then constant.",
            arguments: [
                .init("start_factor", .real(lower: 0, lowerInclusive: false, upper: 1, upperInclusive: true), default: "0.3333333333333333",
                      "the factor at step 0 (in (0, 1])"),
                .init("end_factor", .unitClosed, default: "1", "the factor from total_iters on (in [0, 1])"),
                .init("total_iters", .integer(minimum: 1), default: "5", "steps of the ramp (whole number ≥ 1)"),
            ]),
        ScheduleDescriptor(
            name: "polynomial", reference: "torch.optim.lr_scheduler.PolynomialLR",
            summary: "lr·(1 − t/total_iters)^power, then 0.",
            arguments: [
                .init("total_iters", .integer(minimum: 1), default: "5", "steps down to 0 (whole number ≥ 1)"),
                .init("power", .nonNegative, default: "1", "the polynomial's power (≥ 0)"),
            ]),
        ScheduleDescriptor(
            name: "cosine_warm_restarts", reference: "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts",
            summary: "Cosine cycles from lr to eta_min, the first t_0 steps long, each next one t_mult times longer (SGDR).",
            arguments: [
                .init("t_0", .integer(minimum: 1), default: nil, "steps in the first cycle (whole number ≥ 1)"),
                .init("t_mult", .integer(minimum: 1), default: "1", "growth of each cycle's length (whole number ≥ 1)"),
                .init("eta_min", .nonNegative, default: "0", "the lowest lr (≥ 0)"),
            ]),
        ScheduleDescriptor(
            name: "cyclic", reference: "torch.optim.lr_scheduler.CyclicLR",
            summary: "Triangles between base_lr and max_lr, step_size_up steps up and step_size_down down; momentum inverse.",
            arguments: [
                .init("base_lr", .nonNegative, default: "lr", "the lower end (≥ 0; default the optimizer's lr)"),
                .init("max_lr", .nonNegative, default: nil, "the upper end (≥ 0)"),
                .init("step_size_up", .integer(minimum: 1), default: "2000", "steps going up (whole number ≥ 1)"),
                .init("step_size_down", .integer(minimum: 1), default: "step_size_up", "steps going down (whole number ≥ 1)"),
                .init("mode", .choice(["triangular", "triangular2", "exp_range"]), default: "triangular",
                      "amplitude kept (triangular), halved each cycle (triangular2) or times gamma^t (exp_range)"),
                .init("gamma", .positive, default: "1", "exp_range's factor per step (> 0)"),
                .init("cycle_momentum", .boolean, default: "true", "cycle the momentum (SGD) or beta1 (Adam) inversely to the lr"),
                .init("base_momentum", .unitClosed, default: "0.8", "the momentum at max_lr (in [0, 1])"),
                .init("max_momentum", .unitClosed, default: "0.9", "the momentum at base_lr (in [0, 1])"),
            ]),
        ScheduleDescriptor(
            name: "warmup_cosine", reference: "transformers.get_cosine_schedule_with_warmup",
            summary: "lr·t/warmup_steps, then lr·½(1 + cos(2π·num_cycles·progress)) down to 0 at total_steps.",
            arguments: [
                .init("warmup_steps", .integer(minimum: 0), default: nil, "steps of the linear warm-up from 0 (whole number ≥ 0)"),
                .init("total_steps", .integer(minimum: 0), default: nil, "the training steps, warm-up included (whole number ≥ 0)"),
                .init("num_cycles", .nonNegative, default: "0.5", "cosine periods after the warm-up (0.5: one half-cosine to 0; ≥ 0)"),
            ]),
        ScheduleDescriptor(
            name: "warmup_stable_decay", reference: "transformers.get_wsd_schedule",
            summary: "Warm-up from lr·min_lr_ratio to lr, lr for stable_steps, then decay to lr·min_lr_ratio (WSD).",
            arguments: [
                .init("warmup_steps", .integer(minimum: 0), default: nil, "steps of the linear warm-up (whole number ≥ 0)"),
                .init("stable_steps", .integer(minimum: 0), default: nil, "steps at lr (whole number ≥ 0)"),
                .init("decay_steps", .integer(minimum: 0), default: nil, "steps of the decay (whole number ≥ 0)"),
                .init("min_lr_ratio", .unitClosed, default: "0", "start and end lr as a fraction of lr (in [0, 1])"),
                .init("decay_type", .choice(["cosine", "linear", "1-sqrt"]), default: "cosine", "the decay's shape: cosine, linear or 1-sqrt"),
            ]),
        ScheduleDescriptor(
            name: "inverse_sqrt", reference: "transformers.get_inverse_sqrt_schedule",
            summary: "lr·t/warmup_steps, then lr/√((t + timescale − warmup_steps)/timescale).",
            arguments: [
                .init("warmup_steps", .integer(minimum: 0), default: nil, "steps of the linear warm-up from 0 (whole number ≥ 0)"),
                .init("timescale", .integer(minimum: 1), default: "warmup_steps or 10000", "the decay's time scale (whole number ≥ 1)"),
            ]),
        ScheduleDescriptor(
            name: "plateau", reference: "torch.optim.lr_scheduler.ReduceLROnPlateau",
            summary: "lr·factor when the validation loss has not improved for more than patience evaluations (driven by the metric).",
            arguments: [
                .init("mode", .choice(["min", "max"]), default: "min", "min: lower is better (losses); max: higher is better"),
                .init("factor", .unitOpen, default: "0.1", "the factor at each reduction (in (0, 1))"),
                .init("patience", .integer(minimum: 0), default: "10", "evaluations without improvement tolerated (whole number ≥ 0)"),
                .init("threshold", .nonNegative, default: "1e-4", "the smallest change that counts as an improvement (≥ 0)"),
                .init("threshold_mode", .choice(["rel", "abs"]), default: "rel", "threshold relative to the best value (rel) or absolute (abs)"),
                .init("cooldown", .integer(minimum: 0), default: "0", "evaluations ignored after a reduction (whole number ≥ 0)"),
                .init("min_lr", .nonNegative, default: "0", "the lowest lr (≥ 0)"),
                .init("eps", .nonNegative, default: "1e-8", "reductions smaller than this are skipped (≥ 0)"),
            ]),
    ]
}
