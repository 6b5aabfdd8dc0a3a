import Dispatch
import Foundation

/// Ctrl-C for a long command: the first SIGINT asks it to stop (``requested``; the command
/// stops starting work, tidies up and exits 130), a second one ends the process at once
/// (exit 130), after `onForce`.
final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var signals = 0
    private var source: DispatchSourceSignal?
    private let onForce: @Sendable () -> Void

    /// Handles SIGINT from now on, until ``uninstall()``.
    init(onForce: @escaping @Sendable () -> Void = {}) {
        self.onForce = onForce
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in
            // Two quick presses may arrive as one event: its data counts them.
            let count = lock.withLock { signals += max(Int(source.data), 1); return signals }
            if count >= 2 {
                onForce()
                _exit(130)
            }
        }
        source.resume()
        self.source = source
    }

    /// Whether Ctrl-C was pressed.
    var requested: Bool { lock.withLock { signals > 0 } }

    /// Gives SIGINT back its default action.
    func uninstall() {
        source?.cancel()
        source = nil
        signal(SIGINT, SIG_DFL)
    }
}
