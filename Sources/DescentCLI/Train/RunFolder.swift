import DescentCore
import DescentNN
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The run folder of `descent train` (`--out`, `--resume`): checked before anything runs,
/// and cleared of what a killed run left half-written.
enum RunFolder {
    /// Throws a one-line error naming the path when `folder` is a file, lies under a file,
    /// or cannot be created or written. Writes nothing: a missing folder is made only once
    /// training has something to save.
    static func checkWritable(_ folder: URL, option: String) throws {
        let manager = FileManager.default
        let path = folder.path
        var existing = folder.standardizedFileURL
        var isFolder: ObjCBool = false
        while !manager.fileExists(atPath: existing.path, isDirectory: &isFolder) {
            let parent = existing.deletingLastPathComponent()
            if parent.path == existing.path { break }
            existing = parent
        }
        guard isFolder.boolValue else {
            if existing.path == folder.standardizedFileURL.path {
                throw TrainingError("\(path): \(option) names a file, not a run folder")
            }
            throw TrainingError("\(path): cannot create the run folder, \(existing.path) is a file")
        }
        // Whether a folder can be made in there, the way the run will make its files (access()
        // says yes to root on read-only places such as /proc).
        let probe = existing.appendingPathComponent(".descent-write-check-\(getpid())-\(UUID().uuidString.prefix(8))")
        if mkdir(probe.path, 0o700) != 0 {
            let reason = String(cString: strerror(errno))
            throw TrainingError(existing.path == folder.standardizedFileURL.path
                ? "\(path): cannot write in the run folder (\(reason))"
                : "\(path): cannot create the run folder in \(existing.path) (\(reason))")
        }
        rmdir(probe.path)
    }

    /// Whether `name` is a temporary file or folder a run writes through: `AtomicFile`'s
    /// `.NAME.tmp-PID`, a checkpoint's `.checkpoint-STEP.tmp`, Foundation's atomic `.dat.nosync…`.
    static func isTemporaryName(_ name: String) -> Bool {
        if AtomicFile.isTemporaryName(name) || name.hasPrefix(".dat.nosync") { return true }
        guard name.hasPrefix(".checkpoint-"), name.hasSuffix(".tmp") else { return false }
        let step = name.dropFirst(".checkpoint-".count).dropLast(".tmp".count)
        return !step.isEmpty && step.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Removes the temporary files a killed run left in `folder` (nothing else).
    static func removeTemporaryFiles(in folder: URL) {
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? [] where isTemporaryName(name) {
            try? manager.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// Runs `body`, which writes into `folder`; an error becomes one line naming the folder.
    static func writing(_ folder: URL, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as NSError where error.domain == NSCocoaErrorDomain || error.domain == NSPOSIXErrorDomain {
            throw TrainingError("\(folder.path): cannot write the run (\(error.localizedDescription))")
        }
    }
}
