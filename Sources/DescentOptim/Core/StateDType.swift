/// How an optimizer's state buffers are stored: 32-bit floats, bfloat16 with stochastic
/// rounding, or bitsandbytes' blockwise 8-bit quantisation.
public enum StateDType: String, Sendable, Codable, CaseIterable {
    case float32, bfloat16, int8

    /// Bytes per state element (int8 adds one Float absmax per block of 2,048).
    public var bytesPerElement: Double {
        switch self {
        case .float32: 4
        case .bfloat16: 2
        case .int8: 1 + 4.0 / 2048
        }
    }
}
