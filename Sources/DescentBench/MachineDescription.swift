import Foundation

/// The machine a benchmark ran on, as the reports state it.
public struct MachineDescription: Sendable, Hashable, Codable {
    /// The processor's model name (`/proc/cpuinfo` on Linux; "unknown" elsewhere).
    public var processor: String
    public var cores: Int
    public var operatingSystem: String
    /// Trials run side by side, and compute threads per trial.
    public var parallelTrials: Int
    public var computeThreads: Int

    public init(processor: String, cores: Int, operatingSystem: String, parallelTrials: Int, computeThreads: Int) {
        self.processor = processor
        self.cores = cores
        self.operatingSystem = operatingSystem
        self.parallelTrials = parallelTrials
        self.computeThreads = computeThreads
    }

    /// This machine, running `parallelTrials` trials with `computeThreads` threads each.
    public static func current(parallelTrials: Int, computeThreads: Int) -> MachineDescription {
        var processor = "unknown"
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            processor = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return MachineDescription(processor: processor, cores: ProcessInfo.processInfo.activeProcessorCount,
                                  operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
                                  parallelTrials: parallelTrials, computeThreads: computeThreads)
    }

    private enum CodingKeys: String, CodingKey {
        case processor, cores
        case operatingSystem = "operating_system", parallelTrials = "parallel_trials", computeThreads = "compute_threads"
    }
}
