import DescentData
import FuzzSupport

// IDXFile(data:path:): magic, rank, big-endian shape, element types 08..0E.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? IDXFile(data: bytes(data, size), path: "fuzz-idx3-ubyte")
    return 0
}

// SwiftPM links executables with `--defsym main=FuzzIDX_main`; start libFuzzer from here.
@_cdecl("FuzzIDX_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    descent_fuzz_main(argc, argv)
}
