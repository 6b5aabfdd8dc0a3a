import ArgumentParser

/// `descent bench`: the optimizer benchmark (AlgoPerf's protocol and scoring on CPU-sized workloads).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Compare optimizers by time to target on a suite of workloads, scored as AlgoPerf scores.",
        discussion: """
        Examples:
          descent bench --suite quick --optimizers adamw,nadamw,sgd,lion --out bench/
          descent bench --suite standard --out bench-std/ --data-dir data/   # rerun into bench-std/ to resume
          descent bench --suite quick --optimizers adamw,nadamw --self-tuning --studies 3 --out bench/ --json
          descent bench list --json
          descent bench targets --suite standard
          descent bench report bench/
          descent bench --suite quick --shard 1/2 --out part1/ && descent bench --suite quick --shard 2/2 --out part2/
          descent bench merge part1/ part2/ --out bench/

        Exit status: 0 success, 2 bad input (one line on stderr; nothing written).
        """,
        subcommands: [BenchRunCommand.self, BenchListCommand.self, BenchTargetsCommand.self, BenchReportCommand.self, BenchMergeCommand.self],
        defaultSubcommand: BenchRunCommand.self
    )
}
