import Foundation
import Testing

/// Loads a JSON fixture of the test bundle's `Fixtures` folder (written by scripts/fixtures/).
enum BenchFixture {
    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}
