/// Every named optimizer Descent provides, in the order `descent optim list` shows them.
///
/// Each family lives in its own file (`TorchOptimizers.swift`: those matched against
/// `torch.optim`; `ReferenceOptimizers.swift`: those matched against their authors'
/// packages).
public enum OptimizerCatalog {
    /// All descriptors.
    public static var all: [OptimizerDescriptor] { torchOptimizers + referenceOptimizers }

    /// The descriptor named `name`, if any.
    public static func descriptor(named name: String) -> OptimizerDescriptor? {
        all.first { $0.name == name }
    }
}
