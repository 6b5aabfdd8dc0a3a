import ArgumentParser

/// `descent drift`: is the data a model now sees still the data it was trained on?
public struct DriftCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Detect data drift: per-column tests between two CSV files, or streaming detectors over one.",
        discussion: """
        Examples:
          descent drift --reference ref.csv --current cur.csv
          descent drift --reference ref.csv --current cur.csv --columns age,income --test age=ks --threshold 0.01 --json
          descent drift --reference ref.csv --current cur.csv --html report.html
          descent drift stream --detector adwin --param delta=0.01 --input errors.csv --column error --json

        Exit status: 0 no drift, 1 drift, 2 bad input.
        """,
        subcommands: [DriftCompareCommand.self, DriftStreamCommand.self],
        defaultSubcommand: DriftCompareCommand.self
    )

    public init() {}
}
