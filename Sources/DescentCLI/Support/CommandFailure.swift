import ArgumentParser

/// Bad input to a command: one line on standard error, exit status 2, nothing written.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }

    /// Runs a command's work. An `ExitCode` passes through (1: the check found something);
    /// any other error becomes one line, `descent COMMAND: reason`, and exit status 2.
    static func run<T>(_ command: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let code as ExitCode {
            throw code
        } catch {
            let reason = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
            Console.error("descent \(command): \(reason)")
            throw ExitCode(2)
        }
    }
}
