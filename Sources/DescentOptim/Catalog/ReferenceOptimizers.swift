/// Optimizers matched against their authors' reference packages (lion-pytorch,
/// schedulefree, prodigyopt, pytorch-optimizer, optax).
extension OptimizerCatalog {
    public static let referenceOptimizers: [OptimizerDescriptor] = []
}
