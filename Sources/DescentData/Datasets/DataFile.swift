import DescentNN
import Foundation

/// Reading whole data files, with the errors every loader shares.
enum DataFile {
    /// The bytes of the file at `path`; a missing or unreadable file, or a directory, is a ``DataError``.
    static func read(_ path: String) throws(DataError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { throw .missingFile(path) }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
            try requireMemory(size, path: path, "reading the file (\(size) bytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .missingFile(path) }
        return data
    }

    /// Throws ``DataError/tooLarge(path:_:)`` when `bytes` (nil: an overflowed count) are more than the memory available.
    static func requireMemory(_ bytes: Int?, path: String, _ what: String) throws(DataError) {
        if let problem = MemoryBudget.shortfall(bytes, for: what) { throw .tooLarge(path: path, problem) }
    }

    /// Checks that `path` is a readable regular file, without reading it.
    static func requireFile(_ path: String) throws(DataError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              FileManager.default.isReadableFile(atPath: path)
        else { throw .missingFile(path) }
    }

    /// The bytes of `path`, decompressed with the system's `gzip -dc` when the name ends in `.gz`;
    /// more than `limit` decompressed bytes (default: the memory available) is an error.
    ///
    /// Foundation has no gzip decoder on Linux, so compressed files go through the `gzip`
    /// program (present on Linux and macOS); without it the error says to decompress first.
    static func readMaybeCompressed(_ path: String, limit: Int = MemoryBudget.availableBytes) throws(DataError) -> Data {
        guard path.hasSuffix(".gz") else { return try read(path) }
        try requireFile(path)  // a clear "missing file" before anything else
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .malformed(path: path, "cannot run gzip to decompress it; decompress it first (gzip -d)")
        }
        // Read the pipe ourselves: Foundation's readDataToEndOfFile traps when a signal
        // interrupts the read (EINTR; found by the IDX gzip fuzzer). The output is capped at
        // the memory available, so a gzip bomb is an error and not an abort.
        let fd = output.fileHandleForReading.fileDescriptor
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                guard data.count <= limit - n else {
                    stop(process, reading: output)
                    throw .malformed(path: path, "decompresses to more than the \(limit) bytes of memory available")
                }
                data.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                break
            } else if errno != EINTR {
                let reason = String(cString: strerror(errno))
                stop(process, reading: output)
                throw .malformed(path: path, "cannot read gzip's output (\(reason))")
            }
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .malformed(path: path, "gzip could not decompress it (exit status \(process.terminationStatus)); is it a gzip file?")
        }
        return data
    }

    /// Ends a child whose output is no longer wanted: closes the pipe and kills it (SIGKILL:
    /// a SIGTERM can be ignored by a child that inherited an ignoring disposition).
    private static func stop(_ process: Process, reading pipe: Pipe) {
        try? pipe.fileHandleForReading.close()
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// The number of elements of `shape`, or nil when the elements would not fit in memory addresses (a corrupt header).
func elementCount(_ shape: [Int], elementSize: Int) -> Int? {
    var count = 1
    for extent in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: extent)
        guard !overflow else { return nil }
        count = product
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
    return overflow || bytes > Int(Int32.max) * 64 ? nil : count
}
