import DescentCore
import Foundation

/// A report file (`--html`, `--plot`, a benchmark's report.html and summary.md): written atomically (a temporary
/// file beside it, then a rename), into a folder that must already exist.
enum OutputFile {
    /// Writes `text` to `path`; throws a one-line error naming the path.
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("\(path): folder \(folder.path) does not exist")
        }
        do {
            try AtomicFile.write(Data(text.utf8), to: url)
        } catch {
            throw CommandFailure("\(path): cannot write (\(error))")
        }
    }
}
