import Foundation

/// Writes files so that a crash never leaves a torn one: the bytes go to a temporary file
/// in the same folder, are flushed, and the temporary file is renamed over the target.
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating the parent folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(temporaryName(for: url.lastPathComponent))
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw AtomicFileError("\(url.path): cannot create a temporary file in \(folder.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if rename(temporary.path, url.path) != 0 {
                throw AtomicFileError("\(url.path): cannot rename the temporary file (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// The temporary file `write` writes `name` through: `.NAME.tmp-PID`.
    static func temporaryName(for name: String) -> String {
        ".\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Whether `name` is one of the temporary files `write` makes (`.NAME.tmp-PID`), as a
    /// process killed mid-write leaves behind.
    public static func isTemporaryName(_ name: String) -> Bool {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards), marker.lowerBound > name.index(after: name.startIndex) else {
            return false
        }
        let pid = name[marker.upperBound...]
        return !pid.isEmpty && pid.allSatisfy(\.isASCII) && pid.allSatisfy(\.isNumber)
    }
}

/// A file cannot be written atomically; the description names the path.
public struct AtomicFileError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
