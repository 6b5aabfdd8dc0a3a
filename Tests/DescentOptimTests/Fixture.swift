import Foundation

/// A reference fixture, `Fixtures/<name>.json`, in the envelope every fixture shares
/// (scripts/fixtures/fixture_schema.py): what made the numbers, the script that wrote them,
/// the tolerance the test compares with, what the cases share (`inputs`), and the cases.
struct Fixture<Inputs: Decodable & Sendable, Case: Decodable & Sendable>: Decodable, Sendable {
    /// A package that made the numbers, with its version.
    struct Reference: Decodable, Sendable {
        let package: String
        let version: String
        let `class`: String
    }

    let references: [Reference]
    /// The script that wrote the file (`scripts/fixtures/schedules.py`).
    let generator: String
    let tolerance: FixtureTolerance
    let inputs: Inputs
    let cases: [Case]

    private enum CodingKeys: String, CodingKey { case references, generator, tolerance, inputs, cases }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        references = try c.decode([Reference].self, forKey: .references)
        generator = try c.decode(String.self, forKey: .generator)
        tolerance = try c.decode(FixtureTolerance.self, forKey: .tolerance)
        if let none = NoInputs() as? Inputs, !c.contains(.inputs) {
            inputs = none
        } else {
            inputs = try c.decode(Inputs.self, forKey: .inputs)
        }
        cases = try c.decode([Case].self, forKey: .cases)
    }

    /// `Fixtures/<name>.json` (`name` may name a folder: `optimizers/adamw`), or nil when
    /// there is none.
    static func named(_ name: String) throws -> Fixture? {
        var parts = ("Fixtures/" + name).split(separator: "/").map(String.init)
        let file = parts.removeLast()
        guard let url = Bundle.module.url(forResource: file, withExtension: "json", subdirectory: parts.joined(separator: "/")) else {
            return nil
        }
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// `Fixtures/<name>.json`, which the test target holds.
    static func load(_ name: String) -> Fixture {
        do {
            guard let fixture = try named(name) else { fatalError("no fixture Fixtures/\(name).json") }
            return fixture
        } catch {
            fatalError("Fixtures/\(name).json: \(error)")
        }
    }
}

/// The inputs of a fixture whose cases share none.
struct NoInputs: Decodable, Sendable {}

/// numpy's allclose, |a − b| ≤ atol + rtol·|b|, with named tolerances for a second quantity
/// the cases compare differently (`"final": {"rtol": …, "atol": …}`).
struct FixtureTolerance: Decodable, Sendable {
    let rtol: Double
    let atol: Double
    let named: [String: FixtureTolerance]

    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        rtol = try c.decode(Double.self, forKey: Key(stringValue: "rtol"))
        atol = try c.decode(Double.self, forKey: Key(stringValue: "atol"))
        var named: [String: FixtureTolerance] = [:]
        for key in c.allKeys where key.stringValue != "rtol" && key.stringValue != "atol" {
            named[key.stringValue] = try c.decode(FixtureTolerance.self, forKey: key)
        }
        self.named = named
    }

    /// The tolerance named `name`.
    subscript(name: String) -> FixtureTolerance { named[name]! }

    /// |a − b| in units of the tolerance, in float32: at most 1 is within it.
    func ratio(_ a: Float, _ b: Float) -> Float { abs(a - b) / (Float(atol) + Float(rtol) * abs(b)) }

    /// |a − b| in units of the tolerance: at most 1 is within it (0 when a = b).
    func ratio(_ a: Double, _ b: Double) -> Double { a == b ? 0 : abs(a - b) / (atol + rtol * abs(b)) }

    /// Whether a is within the tolerance of b.
    func allows(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= atol + rtol * abs(b) }
}
