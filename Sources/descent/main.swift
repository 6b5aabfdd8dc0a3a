import ArgumentParser
import DescentCLI
import DescentCore
import Foundation

ComputeThreads.keepFreedMemory()
do {
    var command = try DescentCommand.parseAsRoot()
    try command.run()
} catch {
    // A malformed command line is bad input like any other: one line and exit 2, as every
    // command documents (ArgumentParser's own code for it is 64).
    if DescentCommand.exitCode(for: error) == .validationFailure {
        let reason = DescentCommand.message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("descent: \(reason)\n".utf8))
        exit(2)
    }
    DescentCommand.exit(withError: error)
}
