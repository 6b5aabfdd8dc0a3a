import ArgumentParser
import DescentOptim
import Foundation

/// `descent optim schedules`: every learning-rate schedule `--schedule` accepts, with its arguments.
struct OptimSchedulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules",
        abstract: "Every learning-rate schedule: its arguments with defaults, and the reference it matches.",
        discussion: """
        A schedule is written NAME[:key=value,...], e.g. onecycle:max_lr=0.05,total_steps=400 or multistep:milestones=30/80,gamma=0.5 (list items separated by /). A default of "lr" is the optimizer's learning rate; an argument without a default is required.

        With --json: an array of objects with name, reference, summary and arguments (name, default or null when required, help), keys sorted.

        Examples:
          descent optim schedules
          descent optim schedules --json
        """
    )

    @Flag(help: "Print a JSON array instead of the table.") var json = false

    func run() throws {
        try CommandFailure.run("optim schedules") {
            let catalog = ScheduleSpec.catalog
            if json {
                Console.emit(try JSONOutput.text(catalog, pretty: true))
                return
            }
            for d in catalog {
                Console.emit("\(d.name)  (\(d.reference))")
                Console.emit("  \(d.summary)")
                Console.emitColumns(d.arguments.map { ("\($0.name)=\($0.default ?? "(required)")", $0.help) }, indent: "    ")
            }
        }
    }
}
