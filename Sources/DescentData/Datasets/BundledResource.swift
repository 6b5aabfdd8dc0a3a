import Foundation

/// Files shipped in this module's `Resources` folder (copied whole, so they sit in a `Resources` subdirectory of the bundle).
enum BundledResource {
    /// The contents of the bundled file `name.ext`.
    static func data(_ name: String, _ ext: String) throws(DataError) -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources") else {
            throw .missingFile("<DescentData bundle>/Resources/\(name).\(ext)")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .missingFile(url.path)
        }
    }
}
