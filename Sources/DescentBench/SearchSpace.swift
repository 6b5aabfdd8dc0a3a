import Foundation

/// A tuning search space as AlgoPerf's `tuning_search_space.json`: each hyperparameter a
/// range (`{"min": 1e-4, "max": 1e-2, "scaling": "log"}`, or `"linear"`) or a list
/// (`{"feasible_points": [0.9, 0.99]}`).
///
/// Names are the optimizer's PyTorch hyperparameters (`lr`, `weight_decay`, `beta2`), or
/// `one_minus_NAME` (the value of `NAME` is 1 minus the drawn one, as AlgoPerf's
/// `one_minus_beta1`), or `warmup_factor` (the warm-up's share of the step budget).
public struct SearchSpace: Sendable, Hashable {
    /// How one hyperparameter is drawn from a coordinate in [0, 1).
    public enum Dimension: Sendable, Hashable {
        case range(min: Double, max: Double, logarithmic: Bool)
        case feasible([Double])

        /// The value at coordinate `u` in [0, 1).
        public func value(at u: Double) -> Double {
            switch self {
            case .range(let low, let high, let logarithmic):
                return logarithmic ? exp(log(low) + u * (log(high) - log(low))) : low + u * (high - low)
            case .feasible(let points):
                return points[min(Int(u * Double(points.count)), points.count - 1)]
            }
        }
    }

    /// The hyperparameters and their dimensions, sorted by name (the Halton coordinates' order).
    public let dimensions: [(name: String, dimension: Dimension)]

    public static func == (a: SearchSpace, b: SearchSpace) -> Bool {
        a.dimensions.map(\.name) == b.dimensions.map(\.name) && a.dimensions.map(\.dimension) == b.dimensions.map(\.dimension)
    }

    public func hash(into hasher: inout Hasher) {
        for (name, dimension) in dimensions { hasher.combine(name); hasher.combine(dimension) }
    }

    public init(_ dimensions: [String: Dimension]) {
        self.dimensions = dimensions.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Reads the JSON; throws a one-line ``SearchSpaceError`` naming `source` and the key.
    public init(json: Data, source: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw SearchSpaceError("\(source): not a JSON object of hyperparameters")
        }
        var dimensions: [String: Dimension] = [:]
        for (name, entry) in object {
            func failure(_ problem: String) -> SearchSpaceError { SearchSpaceError("\(source): \"\(name)\": \(problem)") }
            guard let entry = entry as? [String: Any] else { throw failure("not an object with min/max/scaling or feasible_points") }
            func number(_ key: String) throws -> Double {
                guard let value = entry[key] as? NSNumber else { throw failure("\(key) is not a number") }
                guard value.doubleValue.isFinite else { throw failure("\(key) is not finite") }
                return value.doubleValue
            }
            if let points = entry["feasible_points"] {
                guard entry.count == 1 else { throw failure("feasible_points cannot be combined with min/max/scaling") }
                guard let list = points as? [NSNumber], !list.isEmpty else { throw failure("feasible_points must be a non-empty list of numbers") }
                let values = list.map(\.doubleValue)
                guard values.allSatisfy(\.isFinite) else { throw failure("feasible_points must be finite") }
                dimensions[name] = .feasible(values)
                continue
            }
            let unknown = Set(entry.keys).subtracting(["min", "max", "scaling"])
            guard unknown.isEmpty else { throw failure("unknown key \(unknown.sorted().joined(separator: ", ")) (known: min, max, scaling, feasible_points)") }
            guard entry["min"] != nil, entry["max"] != nil else { throw failure("needs min and max, or feasible_points") }
            let low = try number("min"), high = try number("max")
            let scaling = entry["scaling"] as? String ?? "linear"
            guard scaling == "log" || scaling == "linear" else { throw failure("scaling must be log or linear, got '\(scaling)'") }
            guard low < high else { throw failure("min \(low) must be below max \(high)") }
            if scaling == "log" && low <= 0 { throw failure("a log range needs min > 0, got \(low)") }
            dimensions[name] = .range(min: low, max: high, logarithmic: scaling == "log")
        }
        guard !dimensions.isEmpty else { throw SearchSpaceError("\(source): no hyperparameters") }
        self.init(dimensions)
    }

    /// Reads a search space file.
    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SearchSpaceError("\(url.path): cannot read the search space")
        }
        try self.init(json: data, source: url.path)
    }

    /// The hyperparameters at the point with these coordinates (one per dimension, in name order).
    public func values(at coordinates: [Double]) -> [String: Double] {
        precondition(coordinates.count == dimensions.count, "one coordinate per dimension")
        var values: [String: Double] = [:]
        for ((name, dimension), u) in zip(dimensions, coordinates) { values[name] = dimension.value(at: u) }
        return values
    }

    /// The values of trial `index` (0-based, over all studies): Halton point `index + 1`, so the
    /// first trial is not the corner of all minima.
    public func trial(_ index: Int) -> [String: Double] {
        values(at: HaltonSequence(dimension: dimensions.count).point(index + 1))
    }
}

/// A search space file is malformed or out of range.
public struct SearchSpaceError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
