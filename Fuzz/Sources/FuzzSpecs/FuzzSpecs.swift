import DescentCLI
import FuzzSupport

// The command-line spec grammars, one per line of the input (DescentCLI's SpecGrammars);
// bytes that are not UTF-8 become U+FFFD, as in a command line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    SpecGrammars.parseEachLine(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

// SwiftPM links executables with `--defsym main=FuzzSpecs_main`; start libFuzzer from here.
@_cdecl("FuzzSpecs_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    descent_fuzz_main(argc, argv)
}
