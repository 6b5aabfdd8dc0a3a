import ArgumentParser
import DescentCLI
import DescentCore
import Foundation

ComputeThreads.keepFreedMemory()
do {
    var command = try DescentCommand.parseAsRoot()
    try command.run()
} catch {
    // A malformed command line is bad input like any other: exit 2, as every command
    // documents (ArgumentParser's own code for it is 64).
    if DescentCommand.exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((DescentCommand.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    DescentCommand.exit(withError: error)
}
