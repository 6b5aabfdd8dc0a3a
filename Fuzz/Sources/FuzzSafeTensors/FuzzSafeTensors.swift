import DescentNN
import FuzzSupport

// SafeTensors.decode: header length, JSON header, dtypes, shapes, data offsets.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? SafeTensors.decode(bytes(data, size), source: "fuzz.safetensors")
    return 0
}

// SwiftPM links executables with `--defsym main=FuzzSafeTensors_main`; start libFuzzer from here.
@_cdecl("FuzzSafeTensors_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    descent_fuzz_main(argc, argv)
}
