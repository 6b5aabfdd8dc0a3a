import DescentData
import FuzzSupport

// CSVReader.read(path:) (memory-mapped file, the public byte-exact entry point; the parser
// over raw bytes is internal) with the default reader: comma, header, type inference.
let path = scratchFile(suffix: ".csv")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard write(data, size, to: path) else { return 0 }
    _ = try? CSVReader().read(path: path)
    return 0
}

// SwiftPM links executables with `--defsym main=FuzzCSV_main`; start libFuzzer from here.
@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    descent_fuzz_main(argc, argv)
}
