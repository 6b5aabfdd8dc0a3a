/// Every named optimizer Descent provides, in the order `descent optim list` shows them.
///
/// Each family lives in its own file: `TorchOptimizers.swift` (matched against
/// `torch.optim`), `ReferenceOptimizers.swift` (elementwise optimizers matched against
/// their authors' packages) and `PreconditionedOptimizers.swift` (second-order,
/// factored and parameter-free optimizers matched against theirs). Each descriptor carries
/// its typed preset on `Chain` (all in `Optimizers/Presets.swift`), or, where there is a fused
/// kernel, that kernel, whose chain is then the preset. Every descriptor has a reference fixture,
/// `Tests/DescentOptimTests/Fixtures/optimizers/NAME.json` (scripts/fixtures/fixture_schema.py),
/// which `OptimizerCatalogTests` replays for parity of both forms, resuming,
/// fused-equals-composed and checkpoints moving between the forms.
public enum OptimizerCatalog {
    /// All descriptors.
    public static var all: [OptimizerDescriptor] { torchOptimizers + [muonWithAdamW] + referenceOptimizers + preconditionedOptimizers }

    /// The descriptor named `name`, if any.
    public static func descriptor(named name: String) -> OptimizerDescriptor? {
        all.first { $0.name == name }
    }
}
