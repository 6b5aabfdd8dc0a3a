import DescentCore
import Foundation

/// The machine a benchmark ran on, as the report and results.json state it.
public struct MachineDescription: Sendable, Hashable, Codable {
    /// The processor's model name (`/proc/cpuinfo`), or "unknown".
    public var cpu: String
    /// Logical processors.
    public var cores: Int
    /// Compute threads the trials used.
    public var threads: Int
    /// The operating system's version string.
    public var system: String

    public init(cpu: String, cores: Int, threads: Int, system: String) {
        self.cpu = cpu
        self.cores = cores
        self.threads = threads
        self.system = system
    }

    /// This machine, with `threads` compute threads.
    public static func current(threads: Int) -> MachineDescription {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return MachineDescription(cpu: model ?? "unknown", cores: ProcessInfo.processInfo.activeProcessorCount,
                                  threads: threads, system: ProcessInfo.processInfo.operatingSystemVersionString)
    }
}
