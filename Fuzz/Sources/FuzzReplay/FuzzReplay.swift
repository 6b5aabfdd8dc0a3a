import DescentCLI
import FuzzSupport

// `descent optim replay FILE`: the JSON reader (with Python's bare NaN/Infinity) and the
// load step that turns params/grads into tensors (nested arrays, shapes, names).
let path = scratchFile(suffix: ".json")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard write(data, size, to: path) else { return 0 }
    _ = try? ReplayFile.load(path)
    return 0
}

// SwiftPM links executables with `--defsym main=FuzzReplay_main`; start libFuzzer from here.
@_cdecl("FuzzReplay_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    descent_fuzz_main(argc, argv)
}
