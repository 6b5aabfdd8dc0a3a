import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time and resident memory as the benchmark measures a trial's cost.
public enum ResourceUsage {
    /// The watts one busy core draws in the energy estimate (CPU-seconds × this): a round figure
    /// between a laptop core (about 4 W) and a desktop or server core at full load (about 10–15 W).
    /// The energy the results report is an estimate from it, not a measurement.
    public static let wattsPerCore = 10.0

    /// CPU seconds (user and system) of the calling thread.
    public static func threadCPUSeconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// CPU seconds (user and system) of the whole process, every thread included.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The process's resident set size in bytes now (nil where it cannot be read).
    public static func residentBytes() -> Int? {
        #if os(Linux)
        // /proc/self/statm: size resident shared ... in pages.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/statm") else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 256), let text = String(data: data, encoding: .ascii) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        var info = mach_task_basic_info()
        var count = mach_msg_type_number_t(MemoryLayout<mach_task_basic_info>.size / MemoryLayout<natural_t>.size)
        let status = withUnsafeMutablePointer(to: &info) {
            $0.withMemoryRebound(to: integer_t.self, capacity: Int(count)) { task_info(mach_task_self_, task_flavor_t(MACH_TASK_BASIC_INFO), $0, &count) }
        }
        return status == KERN_SUCCESS ? Int(info.resident_size) : nil
        #endif
    }
}
