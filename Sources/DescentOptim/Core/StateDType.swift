/// The number type an optimizer keeps its state in (`--state-dtype`).
public enum StateDType: String, Sendable, Codable, CaseIterable {
    /// 4 bytes per element, exact.
    case float32
    /// 2 bytes per element, rounded stochastically after every update.
    case bfloat16
    /// 1 byte per element plus one float per block of ``blockSize``: bitsandbytes' blockwise 8-bit state.
    case int8

    /// Elements per block of 8-bit state, each block with its own absmax.
    public static let blockSize = 2048

    /// Bytes per state element, not counting the per-block absmax of 8-bit state.
    public var bytesPerElement: Int {
        switch self {
        case .float32: 4
        case .bfloat16: 2
        case .int8: 1
        }
    }

    /// The number of blocks (absmax values) of 8-bit state for `count` elements.
    public static func blockCount(_ count: Int) -> Int { (count + blockSize - 1) / blockSize }
}
