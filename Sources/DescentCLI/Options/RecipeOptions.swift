import ArgumentParser
import DescentOptim
import Foundation

/// The training-recipe options shared by `descent train` and `descent optim replay|trace|bench`.
struct RecipeOptions: ParsableArguments {
    @Option(help: "Learning-rate schedule NAME[:key=value,...] with PyTorch's semantics and argument names (descent optim schedules lists them), stepped once per optimizer step. Example: onecycle:max_lr=0.05,total_steps=400.")
    var schedule: String?
    @Option(help: "Linear warm-up from lr/N over N steps in front of the schedule (torch's LinearLR joined by SequentialLR).")
    var warmupSteps: Int?
    @Option(help: "Clip the gradients' global L2 norm to this value before each step (torch.nn.utils.clip_grad_norm_).")
    var clipGradNorm: Float?
    @Option(help: "Clip every gradient element to [-X, X] before each step (torch.nn.utils.clip_grad_value_).")
    var clipGradValue: Float?
    @Option(help: "Parameter groups without weight decay, comma-separated: biases, norms, embeddings.")
    var noDecay: String?
    @Option(help: "Average the gradients of this many micro-batches into each optimizer step.")
    var accumulate: Int?
    @Option(help: "How the optimizer state is stored.")
    var stateDtype: Choice<StateDType>?

    /// Whether any recipe option was given.
    var isEmpty: Bool {
        schedule == nil && warmupSteps == nil && clipGradNorm == nil && clipGradValue == nil && noDecay == nil
            && accumulate == nil && stateDtype == nil
    }

    /// The recipe these options describe; throws a one-line error naming the bad option.
    func recipe() throws -> TrainingRecipe {
        if clipGradNorm != nil && clipGradValue != nil {
            throw OptimizerSpecError("--clip-grad-norm and --clip-grad-value exclude each other")
        }
        let groups = try (noDecay ?? "").split(separator: ",").map {
            try Choice<ParameterGroup>(name: $0.trimmingCharacters(in: .whitespaces)).value("--no-decay group")
        }
        let dtype = try stateDtype?.value("--state-dtype")
        let recipe = TrainingRecipe(
            schedule: try schedule.map { try ScheduleSpec(parsing: $0) }, warmupSteps: warmupSteps ?? 0,
            clipping: clipGradNorm.map(GradientClipping.norm) ?? clipGradValue.map(GradientClipping.value),
            noDecay: groups, accumulate: accumulate ?? 1, stateDType: dtype ?? .float32)
        try recipe.validate()
        return recipe
    }
}
