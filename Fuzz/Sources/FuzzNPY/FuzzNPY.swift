import DescentData
import FuzzSupport

// NPYFile(data:path:): header dict (descr, fortran_order, shape), dtype conversion to Float.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? NPYFile(data: bytes(data, size), path: "fuzz.npy")
    return 0
}

// SwiftPM links executables with `--defsym main=FuzzNPY_main`; start libFuzzer from here.
@_cdecl("FuzzNPY_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    descent_fuzz_main(argc, argv)
}
