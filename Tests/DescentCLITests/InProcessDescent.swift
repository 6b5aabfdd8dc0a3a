@testable import DescentCLI

/// A command line run in-process as `descent` runs it: exit status, standard output, standard error.
func descent(_ arguments: [String]) -> (status: Int32, output: String, errors: String) {
    let capture = Console.Capture()
    let status = Console.$capture.withValue(capture) { DescentCommand.execute(arguments) }
    return (status, capture.text, capture.errors)
}
