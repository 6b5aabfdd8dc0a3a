import Foundation

/// An optimizer as the benchmark compares it: a catalog optimizer with some settings fixed
/// (NAdamW is `nadam` with decoupled weight decay; SGD has Nesterov momentum 0.9), its
/// defaults for the self-tuning ruleset, and its search space for external tuning.
///
/// Every run uses the training recipe the benchmark prescribes (``recipe``): a linear warm-up
/// over `warmup_factor` of the step budget (0.05 unless the search space draws it), then cosine
/// decay to zero at the budget; schedule-free optimizers get their own warm-up only.
public struct BenchOptimizer: Sendable, Hashable {
    /// The name on the command line (`nadamw`).
    public let name: String
    /// The optimizer of `descent optim list` it runs (`nadam`).
    public let catalogName: String
    /// Hyperparameters that define it and that tuning never changes.
    public let fixed: [String: Double]
    /// The self-tuning hyperparameters: the catalog's defaults, overridden by ``fixed``.
    public let defaults: [String: Double]
    /// The external-tuning search space.
    public let searchSpace: SearchSpace

    /// The warm-up's share of the step budget when the search space does not draw it (AlgoPerf's baselines' 0.05).
    public static let defaultWarmupFactor = 0.05

    /// The benchmark's optimizers with a search space of their own; any other catalog optimizer
    /// runs with its defaults and a learning rate searched over [lr/10, 10·lr], log-scaled.
    public static let builtIn: [String: (catalog: String, fixed: [String: Double], searchSpace: String)] = [
        "adamw": ("adamw", [:], """
            {"lr": {"min": 3e-4, "max": 3e-1, "scaling": "log"}, "weight_decay": {"feasible_points": [0.0, 0.01, 0.1]}}
            """),
        "nadamw": ("nadam", ["decoupled_weight_decay": 1, "weight_decay": 0.01], """
            {"lr": {"min": 3e-4, "max": 3e-1, "scaling": "log"}, "weight_decay": {"feasible_points": [0.0, 0.01, 0.1]}}
            """),
        "sgd": ("sgd", ["momentum": 0.9, "nesterov": 1], """
            {"lr": {"min": 1e-3, "max": 1.0, "scaling": "log"}, "weight_decay": {"feasible_points": [0.0, 1e-4]}}
            """),
        "lion": ("lion", [:], """
            {"lr": {"min": 3e-5, "max": 3e-2, "scaling": "log"}, "weight_decay": {"feasible_points": [0.0, 0.1, 1.0]}}
            """),
        "adafactor": ("adafactor", [:], """
            {"lr": {"min": 1e-3, "max": 3e-1, "scaling": "log"}, "weight_decay": {"feasible_points": [0.0, 0.01, 0.1]}}
            """),
        "adan": ("adan", [:], """
            {"lr": {"min": 3e-4, "max": 3e-1, "scaling": "log"}, "weight_decay": {"feasible_points": [0.0, 0.01, 0.1]}}
            """),
        "muon_adamw": ("muon_adamw", [:], """
            {"lr": {"min": 3e-3, "max": 3e-1, "scaling": "log"}, "adamw_lr": {"min": 3e-4, "max": 3e-1, "scaling": "log"},
             "weight_decay": {"feasible_points": [0.0, 0.01, 0.1]}}
            """),
        "schedule_free_adamw": ("schedule_free_adamw", [:], """
            {"lr": {"min": 3e-4, "max": 3e-1, "scaling": "log"}, "weight_decay": {"feasible_points": [0.0, 0.01, 0.1]}}
            """),
        "schedule_free_sgd": ("schedule_free_sgd", [:], """
            {"lr": {"min": 1e-2, "max": 10.0, "scaling": "log"}, "weight_decay": {"feasible_points": [0.0, 1e-4]}}
            """),
        "prodigy": ("prodigy", ["lr": 1, "safeguard_warmup": 1], """
            {"d_coef": {"min": 0.3, "max": 3.0, "scaling": "log"}, "weight_decay": {"feasible_points": [0.0, 0.01, 0.1]}}
            """),
        "dadapt_adam": ("dadapt_adam", ["lr": 1, "decouple": 1], """
            {"weight_decay": {"feasible_points": [0.0, 0.01, 0.1]}, "warmup_factor": {"feasible_points": [0.0, 0.05, 0.1]}}
            """),
    ]

    /// How the benchmark's recipe applies to an optimizer.
    public enum Recipe: String, Sendable, Hashable {
        /// Linear warm-up over `warmup_factor` of the budget, then cosine decay to zero at the budget.
        case warmupCosine = "warm-up + cosine"
        /// Schedule-free optimizers (a catalog entry with its own `warmup_steps`): their own
        /// warm-up over `warmup_factor` of the budget and no decay, since not needing a schedule
        /// is their point.
        case warmupOnly = "own warm-up, no decay"
    }

    /// The recipe this optimizer runs with: ``Recipe/warmupOnly`` when its catalog entry has its
    /// own `warmup_steps` (Schedule-Free AdamW and SGD), ``Recipe/warmupCosine`` otherwise
    /// (learning-rate-free optimizers, Prodigy and D-Adaptation, keep lr = 1 under it: the cosine
    /// their authors recommend).
    public var recipe: Recipe { defaults["warmup_steps"] != nil ? .warmupOnly : .warmupCosine }

    /// The optimizer `name`, with `searchSpace` (a file's) replacing the built-in one when given;
    /// throws a one-line error for an unknown name or a search space naming a hyperparameter it does not have.
    public init(named name: String, searchSpace: SearchSpace? = nil) throws {
        let entry = BenchOptimizer.builtIn[name]
        let catalogName = entry?.catalog ?? name
        guard let descriptor = OptimizerCatalog.descriptor(named: catalogName) else {
            let known = Set(BenchOptimizer.builtIn.keys).union(OptimizerCatalog.all.map(\.name)).sorted()
            throw OptimizerSpecError("unknown optimizer '\(name)' (known: \(known.joined(separator: ", ")))")
        }
        self.name = name
        self.catalogName = catalogName
        fixed = entry?.fixed ?? [:]
        defaults = descriptor.defaults.merging(fixed) { $1 }
        if let searchSpace {
            self.searchSpace = searchSpace
        } else if let text = entry?.searchSpace {
            self.searchSpace = try SearchSpace(json: Data(text.utf8), source: "built-in search space of \(name)")
        } else {
            let lr = descriptor.defaults["lr"] ?? 0
            guard lr > 0 else { throw OptimizerSpecError("\(name) has no learning rate to search; give it a search space") }
            self.searchSpace = SearchSpace(["lr": .range(min: lr / 10, max: lr * 10, logarithmic: true)])
        }
        for (key, _) in self.searchSpace.dimensions where key != "warmup_factor" {
            let target = key.hasPrefix("one_minus_") ? String(key.dropFirst("one_minus_".count)) : key
            guard descriptor.defaults[target] != nil else {
                throw SearchSpaceError("search space of \(name): \(catalogName) has no hyperparameter '\(target)' (known: \(descriptor.defaults.keys.sorted().joined(separator: ", ")), warmup_factor)")
            }
        }
    }

    /// The optimizer's hyperparameters and warm-up factor for a search-space point (`one_minus_`
    /// names turned into their complements), with the fixed settings on top.
    public func resolve(_ point: [String: Double]) -> (hyperparameters: [String: Double], warmupFactor: Double) {
        var values = defaults
        var warmup = BenchOptimizer.defaultWarmupFactor
        for (key, value) in point {
            if key == "warmup_factor" { warmup = value }
            else if key.hasPrefix("one_minus_") { values[String(key.dropFirst("one_minus_".count))] = 1 - value }
            else { values[key] = value }
        }
        return (values.merging(fixed) { $1 }, warmup)
    }

    /// What a trial of `point` records: the resolved hyperparameters with `warmup_factor`, and
    /// for a schedule-free optimizer the `warmup_steps` it runs with on a budget of `budget` steps.
    public func recorded(_ point: [String: Double], budget: Int) -> [String: Double] {
        var (values, warmup) = resolve(point)
        values["warmup_factor"] = warmup
        if recipe == .warmupOnly, let steps = try? BenchOptimizer.recipe(warmupFactor: warmup, budget: budget).warmupSteps {
            values["warmup_steps"] = Double(steps)
        }
        return values
    }

    /// The optimizer with this recipe for a run of `budget` steps: `warmupFactor·budget` steps
    /// of linear warm-up, then cosine decay to zero at the budget.
    public func make(hyperparameters: [String: Double], warmupFactor: Double, budget: Int) throws -> AnyOptimizer {
        let schedule = try BenchOptimizer.recipe(warmupFactor: warmupFactor, budget: budget)
        guard recipe == .warmupOnly else {
            return try schedule.makeOptimizer(try OptimizerSpec(name: catalogName, hyperparameters: hyperparameters))
        }
        var own = hyperparameters
        own["warmup_steps"] = Double(schedule.warmupSteps)
        return try TrainingRecipe().makeOptimizer(try OptimizerSpec(name: catalogName, hyperparameters: own))
    }

    /// Warm-up over `warmupFactor` of `budget` steps, then cosine to zero at `budget`.
    public static func recipe(warmupFactor: Double, budget: Int) throws -> TrainingRecipe {
        guard (0..<1).contains(warmupFactor) else { throw SearchSpaceError("warmup_factor must be in [0, 1), got \(warmupFactor)") }
        let warmup = Int((warmupFactor * Double(budget)).rounded())
        return TrainingRecipe(schedule: try ScheduleSpec(parsing: "cosine:t_max=\(max(budget - warmup, 1))"), warmupSteps: warmup)
    }
}
