import Foundation
@testable import DescentData

/// Paths of the committed fixtures and of scratch files for the data tests.
enum DataFixtures {
    /// The path of `name` in the test bundle's `Fixtures` folder.
    static func path(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            fatalError("fixture \(name) is missing: run scripts/python/make_data_fixtures.py")
        }
        return url.path
    }

    /// A fresh empty directory under the system's temporary directory.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-data-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a new temporary file named `name` and returns its path.
    static func write(_ text: String, name: String = "data.csv") -> String {
        write(Data(text.utf8), name: name)
    }

    /// Writes `bytes` to a new temporary file named `name` and returns its path.
    static func write(_ bytes: Data, name: String) -> String {
        let url = temporaryDirectory().appendingPathComponent(name)
        try! bytes.write(to: url)
        return url.path
    }
}

/// The ``DataError`` a throwing call raised (nil when it succeeded or threw something else), for checking its message.
func dataError<T>(_ body: () throws -> T) -> DataError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? DataError
    }
}
