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

    /// Prints two columns, one row a line: `indent`, the left column padded to its widest
    /// entry, two spaces, the right column.
    static func emitColumns(_ rows: [(String, String)], indent: String = "") {
        let width = rows.map(\.0.count).max() ?? 0
        for (left, right) in rows { emit(indent + left.padded(width) + "  " + right) }
    }

    /// Prints one line to standard error, or to the task's ``capture``.
    static func error(_ line: String) {
        if let capture { capture.appendError(line) } else { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}

extension String {
    /// Padded with spaces to `width` characters, or cut to it (a table cell).
    func padded(_ width: Int) -> String { padding(toLength: width, withPad: " ", startingAt: 0) }
}
