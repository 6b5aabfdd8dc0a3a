import ArgumentParser
import DescentBench

/// `descent bench list`: the workloads of every suite with their metric, target and budget.
struct BenchListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The workloads of each suite: model, data, loss, validation metric, target and step budget.",
        discussion: """
        With --json: an array of objects with suite, name, model, data, loss, metric, target, budget_steps, batch_size and reference (the AdamW hyperparameters of the run the target was set from).

        Examples:
          descent bench list
          descent bench list --json
        """
    )

    @Flag(help: "Print a JSON array instead of the table.") var json = false

    func run() throws {
        try CommandFailure.run("bench list") {
            let rows = BenchmarkSuite.all.flatMap { suite in suite.workloads.map { WorkloadJSON(suite: suite.name, $0) } }
            if json {
                Console.emit(try JSONOutput.text(rows))
                return
            }
            let width = max(8, rows.map(\.name.count).max() ?? 8)
            Console.emit("suite     " + "workload".padded(width) + "  metric                         target  budget  batch  model")
            for row in rows {
                Console.emit(row.suite.padded(8) + "  " + row.name.padded(width) + "  " + row.metric.padded(28)
                             + String(format: "  %7.4f  %6d  %5d  ", row.target, row.budgetSteps, row.batchSize) + row.model)
            }
        }
    }
}

/// A workload as `bench list --json` prints it.
struct WorkloadJSON: JSONReport {
    var suite: String
    var name: String
    var model: String
    var data: String
    var loss: String
    var metric: String
    var target: Double
    var budgetSteps: Int
    var batchSize: Int
    var reference: [String: Double]

    init(suite: String, _ w: Workload) {
        self.suite = suite
        name = w.name
        model = w.model
        data = w.data
        loss = w.loss
        metric = w.metric.rawValue
        target = w.target
        budgetSteps = w.budgetSteps
        batchSize = w.batchSize
        reference = w.reference
    }

    private enum CodingKeys: String, CodingKey {
        case suite, name, model, data, loss, metric, target, reference
        case budgetSteps = "budget_steps", batchSize = "batch_size"
    }
}
