import Foundation
import Testing
@testable import DescentData

/// Data that used to trap, abort or train silently wrong: each is now one line naming the file.
@Suite struct DataHardeningTests {
    /// The bytes of a version 1.0 `.npy` file with the given header fields and body.
    static func npy(descr: String, shape: String, body: Data) -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(body)
        return data
    }

    static func int32LittleEndian(_ values: [Int32]) -> Data {
        var data = Data()
        for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func float32LittleEndian(_ values: [Float]) -> Data {
        var data = Data()
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// A folder holding `X.npy` with `features` of `shape` and `Y.npy` with int32 `labels`.
    static func npyPair(shape: String, features: [Float], labels: [Int32]) -> (x: String, y: String) {
        let folder = DataFixtures.temporaryDirectory()
        let x = folder.appendingPathComponent("X.npy"), y = folder.appendingPathComponent("Y.npy")
        try! npy(descr: "<f4", shape: shape, body: float32LittleEndian(features)).write(to: x)
        try! npy(descr: "<i4", shape: "(\(labels.count),)", body: int32LittleEndian(labels)).write(to: y)
        return (x.path, y.path)
    }

    @Test func oneDimensionalNPYFeaturesAreRejectedAtLoad() {
        let (x, y) = Self.npyPair(shape: "(100,)", features: (0..<100).map(Float.init), labels: (0..<100).map { Int32($0 % 2) })
        let error = dataError { try DatasetSpec(parsing: "npy:\(x),\(y)").splits(seed: 0) }
        let message = error?.description ?? ""
        #expect(message.contains(x) && message.contains("(100,)") && message.contains("2 axes") && !message.contains("\n"), "\(message)")
    }

    @Test func npyClassLabelsAboveTheLimitAreRefused() {
        let (x, y) = Self.npyPair(shape: "(100, 2)", features: (0..<200).map(Float.init),
                                  labels: (0..<100).map { $0 % 2 == 1 ? 2_000_000_000 : 0 })
        let message = dataError { try Dataset.npy(features: x, targets: y) }?.description ?? ""
        #expect(message.contains(y) && message.contains("2000000001 classes") && message.contains("100000"), "\(message)")
    }

    @Test func idxClassLabelsAboveTheLimitAreRefused() throws {
        let folder = DataFixtures.temporaryDirectory()
        let n = 20
        var images = Data([0, 0, 0x08, 3])
        for extent in [n, 2, 2] { withUnsafeBytes(of: UInt32(extent).bigEndian) { images.append(contentsOf: $0) } }
        images.append(contentsOf: (0..<(n * 4)).map { UInt8($0) })
        try images.write(to: folder.appendingPathComponent("train-images-idx3-ubyte"))
        var labels = Data([0, 0, 0x0C, 1])
        withUnsafeBytes(of: UInt32(n).bigEndian) { labels.append(contentsOf: $0) }
        for row in 0..<n { withUnsafeBytes(of: Int32(row % 2 == 1 ? 2_000_000_000 : 0).bigEndian) { labels.append(contentsOf: $0) } }
        let labelsPath = folder.appendingPathComponent("train-labels-idx1-ubyte").path
        try labels.write(to: URL(fileURLWithPath: labelsPath))
        let message = dataError { try DatasetSpec(parsing: "idx:\(folder.path)").splits(seed: 0) }?.description ?? ""
        #expect(message.contains(labelsPath) && message.contains("2000000001 classes") && message.contains("100000"), "\(message)")
    }

    @Test func csvWithMoreClassesThanTheLimitIsRefused() {
        var text = "x,y\n"
        for row in 0...100_000 { text += "\(row % 7),c\(row)\n" }
        let path = DataFixtures.write(text)
        let message = dataError { try DatasetSpec(parsing: "csv:\(path)").load(label: "y") }?.description ?? ""
        #expect(message.contains(path) && message.contains("100001 classes") && message.contains("100000"), "\(message)")
    }

    @Test(arguments: [("utf-16 with a byte-order mark", String.Encoding.utf16), ("utf-16le without one", .utf16LittleEndian),
                      ("utf-16be without one", .utf16BigEndian)])
    func utf16CSVIsNamedAsSuch(_ what: String, encoding: String.Encoding) {
        var text = "a,b,c,y\n"
        for row in 0..<50 { text += "\(row),\(row * 2),\(row % 3),\(row % 2)\n" }
        let path = DataFixtures.write(text.data(using: encoding)!, name: "utf16.csv")
        let message = dataError { try DatasetSpec(parsing: "csv:\(path)").splits(label: "y", seed: 0) }?.description ?? ""
        #expect(message.contains(path) && message.contains("UTF-16") && message.contains("UTF-8"), "\(what): \(message)")
    }

    @Test func dataTooSmallToSplitIsRefused() {
        let path = DataFixtures.write("a,b,y\n1,2,0\n")
        let message = dataError { try DatasetSpec(parsing: "csv:\(path)").splits(label: "y", validation: 0.15, test: 0.15, seed: 0) }?.description ?? ""
        #expect(message.contains(path) && message.contains("1 row") && message.contains("at least"), "\(message)")
    }

    @Test func singleClassTrainingPartIsRefused() {
        var text = "a,b,y\n"
        for row in 0..<50 { text += "\(row),\(row * 2),3\n" }
        let path = DataFixtures.write(text)
        let message = dataError { try DatasetSpec(parsing: "csv:\(path)").splits(label: "y", seed: 0) }?.description ?? ""
        #expect(message.contains(path) && message.contains("one class"), "\(message)")
    }

    @Test func generatedDataLargerThanMemoryIsRefused() {
        let spec = "gaussian:n=1000000000000,features=100000"
        let message = dataError { try DatasetSpec(parsing: spec).load() }?.description ?? ""
        #expect(message.contains("memory") && message.contains("available"), "\(message)")
    }
}

/// Inputs the fuzzers found (Fuzz/Crashes): each must give a table or an error, never a trap.
@Suite struct FuzzRegressionTests {
    /// A bare \r after a quoted field ends a record: more records than \n characters.
    @Test func bareCarriageReturnsAfterQuotedFieldsAreRecords() throws {
        let table = try CSVReader().read(string: "\"\"\r\"\"\r2", source: "cr.csv")
        #expect(table.rowCount == 2)
        // The fuzzer's first input: an error or a table, whichever, but no trap.
        _ = try? CSVReader().read(string: "n\u{A4}m\"\n\"a\"\r\"a\"\r\"a\"\r\n2", source: "fuzz.csv")
    }
}
