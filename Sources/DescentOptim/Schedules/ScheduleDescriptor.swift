/// One schedule of ``ScheduleSpec/catalog``: its command-line name, the reference it follows, and its arguments.
public struct ScheduleDescriptor: Sendable, Codable {
    /// One `key=value` argument: its snake-case name (the reference's), default and meaning.
    public struct Argument: Sendable, Codable {
        /// The key, as the reference names its argument (`t_max`, `pct_start`).
        public let name: String
        /// The default as text (`"0.1"`, `"lr"` for the optimizer's learning rate), or nil when required.
        public let `default`: String?
        /// One line: what it means and its valid range.
        public let help: String
        /// The values it takes (checked at parse time); not part of the JSON.
        var kind: ArgumentKind = .choice([])

        enum CodingKeys: String, CodingKey { case name, `default`, help }

        init(_ name: String, _ kind: ArgumentKind, default: String?, _ help: String) {
            self.name = name
            self.kind = kind
            self.default = `default`
            self.help = help
        }

        /// Writes `default` as null when the argument is required, so every entry has the key.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(self.default, forKey: .default)
            try container.encode(help, forKey: .help)
        }
    }

    /// The name on the command line (`onecycle`).
    public let name: String
    /// The implementation it matches (`torch.optim.lr_scheduler.OneCycleLR`).
    public let reference: String
    /// One line on its shape.
    public let summary: String
    /// Its arguments in the reference's order.
    public let arguments: [Argument]

    /// The names of ``arguments``, comma-separated, for error messages.
    var knownKeys: String { arguments.isEmpty ? "none" : arguments.map(\.name).joined(separator: ", ") }

    /// The argument named `key`.
    func argument(_ key: String) -> Argument? { arguments.first { $0.name == key } }
}

/// The values an argument takes; ``check(_:)`` names what is wrong with a value.
enum ArgumentKind: Sendable {
    /// A finite number within the bounds (nil: unbounded), each inclusive or not.
    case real(lower: Double?, lowerInclusive: Bool, upper: Double?, upperInclusive: Bool)
    /// A whole number at least `minimum`.
    case integer(minimum: Int)
    /// `true`/`false`/`1`/`0`.
    case boolean
    /// One of these words.
    case choice([String])
    /// Whole numbers ≥ 0 separated by `/` (or `;`).
    case integerList

    static let positive = ArgumentKind.real(lower: 0, lowerInclusive: false, upper: nil, upperInclusive: false)
    static let nonNegative = ArgumentKind.real(lower: 0, lowerInclusive: true, upper: nil, upperInclusive: false)
    static let unitOpen = ArgumentKind.real(lower: 0, lowerInclusive: false, upper: 1, upperInclusive: false)
    static let unitClosed = ArgumentKind.real(lower: 0, lowerInclusive: true, upper: 1, upperInclusive: true)

    /// `text` as a finite number, or nil.
    static func real(_ text: String) -> Double? { SpecText.real(text) }

    /// `text` as a whole number (`400`, `1e4`), or nil.
    static func integer(_ text: String) -> Int? { SpecText.integer(text) }

    /// `text` as a boolean (`true`, `false`, `yes`, `no`, `1`, `0`), or nil.
    static func boolean(_ text: String) -> Bool? { SpecText.boolean(text) }

    /// `text` as a list of whole numbers separated by `/` (or `;`), or nil.
    static func integers(_ text: String) -> [Int]? {
        let items = SpecText.list(text)
        let values = items.compactMap(integer)
        return values.count == items.count ? values : nil
    }

    /// What is wrong with `text` for this kind (`"must be > 0"`), or nil when it is valid.
    func check(_ text: String) -> String? {
        switch self {
        case let .real(lower, lowerInclusive, upper, upperInclusive):
            guard let number = Self.real(text) else { return "is not a finite number" }
            // The schedules compute in Float: the range holds for the Float the value becomes
            // (pct_start=0.99999999 is 1 as a Float).
            let value = Double(Float(number))
            guard value.isFinite else { return "is beyond Float's range (±3.4e38)" }
            let aboveLower = lower.map { lowerInclusive ? value >= $0 : value > $0 } ?? true
            let belowUpper = upper.map { upperInclusive ? value <= $0 : value < $0 } ?? true
            return aboveLower && belowUpper ? nil : "must be \(rangeText)"
        case let .integer(minimum):
            guard let value = Self.integer(text) else { return "is not a whole number" }
            return value >= minimum ? nil : "must be a whole number ≥ \(minimum)"
        case .boolean:
            return Self.boolean(text) == nil ? "is not a boolean (true, false, yes, no, 1 or 0)" : nil
        case let .choice(words):
            return words.contains(text) ? nil : "must be one of \(words.joined(separator: ", "))"
        case .integerList:
            guard let values = Self.integers(text), !values.isEmpty else {
                return "is not a list of whole numbers separated by / (for example 30/80)"
            }
            return values.allSatisfy { $0 >= 0 } ? nil : "must list whole numbers ≥ 0"
        }
    }

    /// The valid range of a real, as `> 0` or `in (0, 1)`.
    var rangeText: String {
        guard case let .real(lower, lowerInclusive, upper, upperInclusive) = self else { return "" }
        switch (lower, upper) {
        case let (lo?, hi?): return "in \(lowerInclusive ? "[" : "(")\(Self.format(lo)), \(Self.format(hi))\(upperInclusive ? "]" : ")")"
        case let (lo?, nil): return "\(lowerInclusive ? "≥" : ">") \(Self.format(lo))"
        case let (nil, hi?): return "\(upperInclusive ? "≤" : "<") \(Self.format(hi))"
        case (nil, nil): return "finite"
        }
    }

    private static func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : "\(x)" }
}
