import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar {
    private let enabled: Bool
    private let total: Int
    private var lastDraw = Date.distantPast

    init(enabled: Bool, total: Int) {
        self.enabled = enabled && isatty(STDERR_FILENO) != 0
        self.total = max(total, 1)
    }

    func update(step: Int, epoch: Int, loss: Float) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 || step == total else { return }
        lastDraw = Date()
        let width = 30
        let filled = min(width, width * step / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data(String(format: "\r[%@] step %d/%d  epoch %d  loss %.4f ", bar, step, total, epoch, loss).utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
