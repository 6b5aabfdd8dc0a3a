#if canImport(Glibc)
import Glibc
#endif
@_spi(Testing) import DescentData
import FuzzSupport

// CSVReader.read(path:) (memory-mapped file, the public byte-exact entry point; the parser
// over raw bytes is internal) with the default reader: comma, header, type inference.
// Two differential checks trap on a disagreement:
// - the chunked parse (parallel threshold 0, used for quote-free data) against the one-thread
//   parse: the same table or the same error;
// - the reader's number parser against the rule it replaced: strtod over text of digits, signs,
//   points, exponents and the letters of inf/infinity/nan, consuming all of it.
let path = scratchFile(suffix: ".csv")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard write(data, size, to: path) else { return 0 }
    let single = outcome(CSVReader())
    var chunkedReader = CSVReader()
    chunkedReader.parallelThreshold = 0
    let chunked = outcome(chunkedReader)
    if !same(single, chunked) { fatalError("chunked parse differs from the one-thread parse") }
    if size <= 400 {
        let got = CSVReader.number(UnsafeBufferPointer(start: data, count: size))
        let want = strtodRule(data, size)
        let agree = switch (got, want) {
        case (nil, nil): true
        case (let g?, let w?): g.bitPattern == w.bitPattern || (g.isNaN && w.isNaN)
        default: false
        }
        if !agree { fatalError("number parser: \(String(describing: got)) vs strtod \(String(describing: want))") }
    }
    return 0
}

func outcome(_ reader: CSVReader) -> Result<Table, CSVError> {
    do throws(CSVError) { return .success(try reader.read(path: path)) } catch { return .failure(error) }
}

func same(_ a: Result<Table, CSVError>, _ b: Result<Table, CSVError>) -> Bool {
    switch (a, b) {
    case (.failure(let x), .failure(let y)): return x == y
    case (.success(let x), .success(let y)):
        guard x.rowCount == y.rowCount, x.columnNames == y.columnNames else { return false }
        for (p, q) in zip(x.columns, y.columns) {
            guard p.type == q.type, p.missing == q.missing, p.missingCount == q.missingCount else { return false }
            switch (p.storage, q.storage) {
            case (.numbers(let u), .numbers(let v)): if u.map(\.bitPattern) != v.map(\.bitPattern) { return false }
            case (.strings(let u), .strings(let v)): if u != v { return false }
            default: return false
            }
        }
        return true
    default: return false
    }
}

/// The previous reader's rule: only these bytes, at least one digit or letter, and strtod
/// (C locale) consumes the whole text.
func strtodRule(_ data: UnsafePointer<UInt8>, _ size: Int) -> Double? {
    guard size > 0 else { return nil }
    var text = [CChar]()
    var sawDigitOrLetter = false
    for k in 0..<size {
        switch data[k] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigitOrLetter = true
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
        case UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "a"), UInt8(ascii: "A"):
            sawDigitOrLetter = true
        default: return nil
        }
        text.append(CChar(bitPattern: data[k]))
    }
    guard sawDigitOrLetter else { return nil }
    text.append(0)
    return text.withUnsafeBufferPointer { t -> Double? in
        var end: UnsafeMutablePointer<CChar>? = nil
        let v = strtod(t.baseAddress!, &end)
        guard let end, end - UnsafeMutablePointer(mutating: t.baseAddress!) == size else { return nil }
        return v
    }
}

// SwiftPM links executables with `--defsym main=FuzzCSV_main`; start libFuzzer from here.
@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    descent_fuzz_main(argc, argv)
}
