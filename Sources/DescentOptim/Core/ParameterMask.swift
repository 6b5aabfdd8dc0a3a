/// Which parameters a transformation applies to, chosen by name and shape (Optax's
/// `mask`, PyTorch's parameter groups).
public struct ParameterMask: Sendable {
    private let includes: @Sendable (ParameterSet.Entry) -> Bool
    /// True for ``all`` (known without asking the predicate).
    public let includesEverything: Bool

    /// A mask from a predicate on each parameter's entry (name and shape).
    public init(_ includes: @escaping @Sendable (ParameterSet.Entry) -> Bool) {
        self.includes = includes
        includesEverything = false
    }

    private init(everything: Void) {
        includes = { _ in true }
        includesEverything = true
    }

    /// Whether the mask includes `entry`.
    public func contains(_ entry: ParameterSet.Entry) -> Bool { includes(entry) }

    /// Every parameter.
    public static let all = ParameterMask(everything: ())

    /// Every parameter outside `groups` (`--no-decay biases,norms`: timm's and nanoGPT's
    /// parameter groups without weight decay); all parameters when `groups` is empty.
    public static func excluding(_ groups: [ParameterGroup]) -> ParameterMask {
        groups.isEmpty ? .all : ParameterMask { entry in !groups.contains { $0.contains(entry) } }
    }

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

/// A kind of parameter recognised by name, for parameter groups.
public enum ParameterGroup: String, Sendable, Codable, CaseIterable {
    /// Biases: parameters named `bias` (`0.bias`, `h.0.attn.c_attn.bias`).
    case biases
    /// Normalisation layers' scales and shifts: a name part starting with `ln` (nanoGPT's
    /// `ln_1`, `ln_f`) or containing `norm` or `bn`.
    case norms
    /// Embedding tables: a name part `wte` or `wpe` (nanoGPT) or containing `embed`.
    case embeddings

    /// Whether `entry` belongs to this group.
    public func contains(_ entry: ParameterSet.Entry) -> Bool {
        let parts = entry.name.lowercased().split(separator: ".").map(String.init)
        switch self {
        case .biases: return parts.last == "bias"
        case .norms: return parts.dropLast().contains { $0.hasPrefix("ln") || $0.contains("norm") || $0.hasPrefix("bn") }
        case .embeddings: return parts.dropLast().contains { $0 == "wte" || $0 == "wpe" || $0.contains("embed") }
        }
    }
}
