import ArgumentParser

/// The `descent` command: train, compare and watch models.
public struct DescentCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "Train models with modern optimizers, compare optimizers fairly, keep models healthy.",
        subcommands: [TrainCommand.self, DriftCommand.self, OptimCommand.self]
    )

    public init() {}
}
