// Drift benchmarks: the Swift side of scripts/drift/bench.py, which runs scipy and River on
// the same data in the same run and prints the ratios. Build in release:
//   swift build -c release --scratch-path .build-drift-release --product DriftBenchmarks
// Usage:
//   DriftBenchmarks ks A.f64 B.f64                  two-sample KS (best of 5), raw little-endian float64 files
//   DriftBenchmarks detectors REAL.f64 BINARY.f64    ADWIN and Page-Hinkley on REAL, DDM on BINARY (updates/s)
//   DriftBenchmarks report REF.csv CUR.csv           read both CSVs and compute the drift report
//   DriftBenchmarks csv FILE.csv                     read one CSV (type inference, all cores; see scripts/bench/csv_vs_pandas.py)
// Each prints one JSON object.
import DescentMonitor
import Foundation

func readDoubles(_ path: String) -> [Double] {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
        exit(2)
    }
    return data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func best(_ repeats: Int, _ body: () -> Void) -> Double {
    (0..<repeats).map { _ in seconds(body) }.min()!
}

func rate<D: DriftDetector>(_ make: () -> D, _ stream: [Double], repeats: Int = 3) -> (perSecond: Double, drifts: Int) {
    var drifts = 0
    let t = best(repeats) {
        var d = make()
        var n = 0
        for x in stream where d.update(x).drift { n += 1 }
        drifts = n
    }
    return (Double(stream.count) / t, drifts)
}

let args = CommandLine.arguments
guard args.count >= 2 else {
    print("usage: DriftBenchmarks ks A.f64 B.f64 | detectors REAL.f64 BINARY.f64 | report REF.csv CUR.csv | csv FILE.csv")
    exit(2)
}
switch args[1] {
case "ks":
    let a = readDoubles(args[2]), b = readDoubles(args[3])
    var result = KolmogorovSmirnovTest.test(Array(a.prefix(1000)), Array(b.prefix(1000)))
    let t = best(5) { result = KolmogorovSmirnovTest.test(a, b) }
    print("{\"seconds\": \(t), \"statistic\": \(result.statistic), \"p_value\": \(result.pValue), \"method\": \"\(result.method.rawValue)\"}")
case "detectors":
    let real = readDoubles(args[2]), binary = readDoubles(args[3])
    let adwin = rate({ ADWIN() }, real)
    let ph = rate({ PageHinkley() }, real)
    let ddm = rate({ DDM() }, binary)
    print("{\"adwin\": {\"per_second\": \(adwin.perSecond), \"drifts\": \(adwin.drifts)}, " +
          "\"page_hinkley\": {\"per_second\": \(ph.perSecond), \"drifts\": \(ph.drifts)}, " +
          "\"ddm\": {\"per_second\": \(ddm.perSecond), \"drifts\": \(ddm.drifts)}}")
case "report":
    var readSeconds = 0.0, testSeconds = 0.0
    var report: DriftReport? = nil
    let total = seconds {
        var ref: Table? = nil, cur: Table? = nil
        readSeconds = seconds {
            ref = try! CSVReader().read(path: args[2])
            cur = try! CSVReader().read(path: args[3])
        }
        testSeconds = seconds { report = try! DriftReport(reference: ref!, current: cur!) }
    }
    print("{\"seconds\": \(total), \"read_seconds\": \(readSeconds), \"test_seconds\": \(testSeconds), " +
          "\"columns\": \(report!.columns.count), \"drifted\": \(report!.driftedCount)}")
case "csv":
    var table: Table? = nil
    let t = seconds { table = try! CSVReader().read(path: args[2]) }
    // The sum of every numeric column, so the caller can check the values against its own read.
    var sums = [String]()
    for column in table!.columns {
        sums.append("\"\(column.name)\": \(column.type == .numeric ? String(column.presentNumbers().reduce(0, +)) : "null")")
    }
    print("{\"seconds\": \(t), \"rows\": \(table!.rowCount), \"columns\": \(table!.columns.count), \"sums\": {\(sums.joined(separator: ", "))}}")
default:
    print("unknown benchmark \(args[1])")
    exit(2)
}
