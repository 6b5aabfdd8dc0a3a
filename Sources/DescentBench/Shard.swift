/// One part of a benchmark's trials, as `--shard K/N` names it: the trials whose protocol
/// index i has i mod N = K − 1. The N shards partition the trials, whatever their count.
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
    /// K − 1, in 0..<count.
    public let index: Int
    /// N.
    public let count: Int

    /// `K/N` with 1 ≤ K ≤ N; a one-line error otherwise.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw BenchmarkError("--shard \(text): expected K/N, as 1/2")
        }
        guard n >= 1, (1...n).contains(k) else { throw BenchmarkError("--shard \(text): K must be in 1...N, with N at least 1") }
        index = k - 1
        count = n
    }

    /// Whether the trial with protocol index `i` is in this shard.
    public func contains(_ i: Int) -> Bool { i % count == index }

    /// `K/N`.
    public var description: String { "\(index + 1)/\(count)" }

    /// Written as its `K/N` text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }
}
