import DescentData
import FuzzSupport

// IDXFile(path:) on a `.gz` file: the gzip subprocess (corrupt, truncated, not gzip at all)
// and then the IDX parser on what it decompresses. Slow (one gzip process per input).
let path = scratchFile(suffix: "-idx1-ubyte.gz")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard write(data, size, to: path) else { return 0 }
    _ = try? IDXFile(path: path)
    return 0
}

// SwiftPM links executables with `--defsym main=FuzzIDXGzip_main`; start libFuzzer from here.
@_cdecl("FuzzIDXGzip_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    descent_fuzz_main(argc, argv)
}
