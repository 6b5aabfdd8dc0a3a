import Foundation

/// Where every command writes: standard output and standard error, or a test's ``Capture``.
enum Console {
    /// Collects output lines instead of printing them (tests run commands in-process and in parallel).
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        private var errorLines: [String] = []
        var text: String { lock.withLock { lines.joined(separator: "\n") } }
        var errors: String { lock.withLock { errorLines.joined(separator: "\n") } }
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        func appendError(_ line: String) { lock.withLock { errorLines.append(line) } }
    }

    @TaskLocal static var capture: Capture?

    /// Prints text (one or more lines) to standard output, or to the task's ``capture``.
    static func emit(_ text: String) {
        if let capture { capture.append(text) } else { print(text) }
    }

    /// Prints one line to standard error, or to the task's ``capture``.
    static func error(_ line: String) {
        if let capture { capture.appendError(line) } else { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}
