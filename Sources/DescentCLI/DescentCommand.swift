import ArgumentParser

/// The `descent` command: train, compare and watch models.
public struct DescentCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "Train models with modern optimizers, compare optimizers fairly, keep models healthy.",
        discussion: """
        Examples:
          descent train --data digits --model mlp:256,256 --optimizer adamw --hp lr=1e-3 --epochs 20 --out runs/a
          descent optim list
          descent drift --reference ref.csv --current cur.csv --json

        Every command prints one JSON object with --json. Exit status: 0 success, 1 the check found something (drift), 2 bad input (one line on stderr; nothing written).
        """,
        subcommands: [TrainCommand.self, DriftCommand.self, OptimCommand.self]
    )

    public init() {}
}
