import Foundation

/// A scratch file for targets whose public entry point reads a path: one per process (and
/// suffix), overwritten by every input, removed at exit by the OS's temp cleaning or the
/// fuzz script's temp folder.
public func scratchFile(suffix: String) -> String {
    let folder = ProcessInfo.processInfo.environment["FUZZ_SCRATCH"] ?? NSTemporaryDirectory()
    return (folder as NSString).appendingPathComponent("descent-fuzz-\(getpid())\(suffix)")
}

/// Writes the input bytes to `path` (replacing it); false if the write failed.
public func write(_ data: UnsafePointer<UInt8>, _ size: Int, to path: String) -> Bool {
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
}

/// The input as Data.
public func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> Data {
    Data(bytes: data, count: size)
}
