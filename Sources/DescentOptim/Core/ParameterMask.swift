/// Which parameters a transformation applies to, chosen by name and shape (Optax's
/// `mask`, PyTorch's parameter groups).
public struct ParameterMask: Sendable {
    private let includes: @Sendable (ParameterSet.Entry) -> Bool

    /// A mask from a predicate on each parameter's entry (name and shape).
    public init(_ includes: @escaping @Sendable (ParameterSet.Entry) -> Bool) { self.includes = includes }

    /// Whether the mask includes `entry`.
    public func contains(_ entry: ParameterSet.Entry) -> Bool { includes(entry) }

    /// Every parameter.
    public static let all = ParameterMask { _ in true }

    /// Matrices and higher-rank weights only: biases and normalisation scales (1-D) are
    /// left out, the usual rule for weight decay (Optax: `p.ndim > 1`).
    public static let excludingBiasesAndNorms = ParameterMask { $0.shape.count > 1 }

    /// Parameters whose name contains any of `fragments` (`["embedding", "wte"]`).
    public static func named(containing fragments: [String]) -> ParameterMask {
        ParameterMask { entry in fragments.contains { entry.name.contains($0) } }
    }

    /// Parameters this mask leaves out.
    public var inverted: ParameterMask {
        let includes = self.includes
        return ParameterMask { !includes($0) }
    }

    /// The element ranges of the included parameters, merged where adjacent.
    public func ranges(in parameters: ParameterSet) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for entry in parameters.entries where includes(entry) {
            if let last = result.last, last.upperBound == entry.offset {
                result[result.count - 1] = last.lowerBound..<entry.range.upperBound
            } else {
                result.append(entry.range)
            }
        }
        return result
    }
}
