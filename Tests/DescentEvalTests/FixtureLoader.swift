import Foundation
import Testing

/// Loads a JSON fixture written by scripts/fixtures/eval_metrics.py.
enum Fixture {
    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}

/// The cases of eval_metrics.json.
struct EvalFixtures: Decodable {
    struct Classification: Decodable {
        var name: String
        var classes: Int
        var labels: [Int]
        var probabilities: [[Double]]
        var weights: [Double]?
        var expected: [String: Double?]
        var confusion_matrix: [[Int]]
        var reliability: [Bin]
    }

    struct Bin: Decodable {
        var count: Int
        var confidence: Double?
        var accuracy: Double?
    }

    struct Regression: Decodable {
        var name: String
        var labels: [Double]
        var predictions: [Double]
        var weights: [Double]?
        var expected: [String: Double]
    }

    struct Temperature: Decodable {
        var name: String
        var classes: Int
        var labels: [Int]
        var probabilities: [[Double]]
        var temperature: Double
        var nll_before: Double
        var nll_after: Double
    }

    var classification: [Classification]
    var regression: [Regression]
    var temperature: [Temperature]

    static let shared: EvalFixtures = {
        do { return try Fixture.load("eval_metrics", as: EvalFixtures.self) } catch { fatalError("eval_metrics.json: \(error)") }
    }()
}
