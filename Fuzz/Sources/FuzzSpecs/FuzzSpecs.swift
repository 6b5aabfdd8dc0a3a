import DescentData
import DescentNN
import DescentOptim
import FuzzSupport

// The command-line spec grammars. The input is split on newlines:
//   line 1  DatasetSpec(parsing:)          (--data)
//   line 2  ModelSpec(parsing:)            (--model)
//   line 3  OptimizerSpec name             (--optimizer)
//   line 4  OptimizerSpec settings, tab-separated (repeated --set key=value,...)
//   line 5  ScheduleSpec(parsing:)         (--schedule)
//   line 6  TestProblem.parse              (optim trace --problem)
// A missing line is skipped; bytes that are not UTF-8 become U+FFFD, as in a command line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.split(separator: "\n", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
    if lines.count > 0 { _ = try? DatasetSpec(parsing: lines[0]) }
    if lines.count > 1 { _ = try? ModelSpec(parsing: lines[1]) }
    if lines.count > 2 {
        let settings = lines.count > 3 ? lines[3].split(separator: "\t", omittingEmptySubsequences: false).map(String.init) : []
        _ = try? OptimizerSpec(name: lines[2], settings: settings)
    }
    if lines.count > 4 { _ = try? ScheduleSpec(parsing: lines[4]) }
    if lines.count > 5 { _ = try? TestProblem.parse(lines[5]) }
    return 0
}

// SwiftPM links executables with `--defsym main=FuzzSpecs_main`; start libFuzzer from here.
@_cdecl("FuzzSpecs_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    descent_fuzz_main(argc, argv)
}
