import DescentData
import Foundation

/// The column names of a CSV file in file order, read from its first line only.
enum CSVHeader {
    static func names(_ path: String, delimiter: Character) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw CSVError(source: path, reason: "no such file") }
        guard !isFolder.boolValue else { throw CSVError(source: path, reason: "is a directory, not a CSV file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CSVError(source: path, reason: "cannot read file") }
        defer { try? handle.close() }
        var data = Data()
        do {
            while let chunk = try handle.read(upToCount: 65536), !chunk.isEmpty {
                data.append(chunk)
                if chunk.contains(UInt8(ascii: "\n")) { break }
            }
        } catch {
            throw CSVError(source: path, reason: "cannot read file")
        }
        var text = String(decoding: data, as: UTF8.self)
        if let newline = text.firstIndex(of: "\n") { text = String(text[..<newline]) + "\n" }
        return try CSVReader(delimiter: delimiter).read(string: text, source: path).columnNames
    }
}
