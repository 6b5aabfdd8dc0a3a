import Foundation
import Testing
@testable import DescentData

@Suite struct IDXFileTests {
    /// The IDX bytes of unsigned-byte data with the given dimensions.
    static func idx(_ dims: [Int], _ body: [UInt8], type: UInt8 = 0x08) -> Data {
        var bytes: [UInt8] = [0, 0, type, UInt8(dims.count)]
        for d in dims { bytes += [UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)] }
        return Data(bytes + body)
    }

    @Test func readsTheGzipAndPlainMiniatureMNIST() throws {
        let directory = URL(fileURLWithPath: DataFixtures.path("idx-mini")).path
        let train = try Dataset.idx(directory: directory)
        #expect(train.features.shape == [5, 1, 3, 2])
        #expect(train.features.scalars == (0..<30).map { Float($0 * 8) })
        #expect(train.targets.scalars == [1, 0, 2, 1, 0])
        #expect(train.task == .classification(classes: 3))
        let test = try Dataset.idx(directory: directory, subset: .test)
        #expect(test.features.scalars == (0..<12).map { Float(255 - $0) })
        #expect(test.targets.scalars == [2, 1])
    }

    @Test func readsBigEndianFloats() throws {
        let file = try IDXFile(path: DataFixtures.path("float_2x2.idx"))
        #expect(file.shape == [2, 2])
        #expect(file.scalars == [1.5, -2, 0.25, 1e6])
    }

    @Test func badMagicTruncationAndTrailingBytesAreErrors() {
        let magic = dataError { try IDXFile(data: Data([0x50, 0x4B, 3, 4, 0, 0, 0, 0]), path: "x.idx") }
        #expect(magic?.kind == .badFormat)
        #expect(magic?.description.hasPrefix("x.idx: bad magic number 0x504B0304, expected 0x0000TTDD") == true)
        let short = dataError { try IDXFile(data: Self.idx([3, 4], Array(repeating: 1, count: 11)), path: "images") }
        #expect(short?.description == "images: truncated: the header announces 24 bytes, the file has 23")
        let headerCut = dataError { try IDXFile(data: Data([0, 0, 8, 3, 0, 0]), path: "h") }
        #expect(headerCut?.kind == .truncated)
        let huge = dataError { try IDXFile(data: Self.idx([0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], []), path: "huge") }
        #expect(huge?.description == "huge: the header's shape [4294967295, 4294967295, 4294967295] is too large to be real")
        let extra = dataError { try IDXFile(data: Self.idx([2], [1, 2, 3]), path: "labels") }
        #expect(extra?.description == "labels: 1 bytes after the 2 elements of shape [2]")
    }

    @Test func imagesAndLabelsMustAgreeInCount() throws {
        let directory = DataFixtures.temporaryDirectory()
        try Self.idx([3, 2, 2], Array(repeating: 7, count: 12)).write(to: directory.appendingPathComponent("train-images-idx3-ubyte"))
        try Self.idx([2], [0, 1]).write(to: directory.appendingPathComponent("train-labels-idx1-ubyte"))
        let error = dataError { try Dataset.idx(directory: directory.path) }
        #expect(error?.kind == .shapeMismatch)
        #expect(error?.description.contains("has 3 images but") == true)
        #expect(error?.description.contains("has 2 labels") == true)
    }

    @Test func missingDirectoryOrFilesAreNamed() throws {
        #expect(dataError { try Dataset.idx(directory: "/no/such/dir") }?.description == "/no/such/dir: no such file or it cannot be read")
        let empty = DataFixtures.temporaryDirectory()
        let error = dataError { try Dataset.idx(directory: empty.path) }
        #expect(error?.kind == .missingFile)
        #expect(error?.description.contains("train-images-idx3-ubyte[.gz]") == true)
    }

    @Test func aCorruptGzipFileIsReported() throws {
        let path = DataFixtures.write(Data("not gzip".utf8), name: "train-images-idx3-ubyte.gz")
        let error = dataError { try IDXFile(path: path) }
        #expect(error?.description == "\(path): gzip could not decompress it (exit status 1); is it a gzip file?")
    }

    /// Decompressed output beyond the limit (the memory available, by default) is an error, not
    /// an abort; below it the bytes come back whole, across many reads of the pipe.
    @Test func decompressedOutputIsCappedAndReadWhole() throws {
        let raw = DataFixtures.write(Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }), name: "bomb.bin")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-kf", raw]
        try gzip.run()
        gzip.waitUntilExit()
        let path = raw + ".gz"
        #expect(try DataFile.readMaybeCompressed(path) == Data(contentsOf: URL(fileURLWithPath: raw)))
        let error = dataError { try DataFile.readMaybeCompressed(path, limit: 100_000) }
        #expect(error?.description == "\(path): decompresses to more than the 100000 bytes of memory available")
    }

    /// The IDX gzip fuzzer's crash (Fuzz/Crashes/idx-gzip): a truncated gzip stream, read while
    /// libFuzzer's timer signal interrupted the pipe read. Now an error, whatever the signals.
    @Test func theFuzzersTruncatedGzipIsAnError() throws {
        let bytes: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x63, 0x40, 0xe0, 0x60, 0x64, 0x60,
                              0x60, 0x60, 0x62, 0x66, 0x07, 0x00, 0x79, 0x6a, 0xd5, 0x20, 0x0a, 0x00, 0x00, 0x00]
        let path = DataFixtures.write(Data(bytes), name: "t10k-labels-idx1-ubyte.gz")
        let error = dataError { try IDXFile(path: path) }
        #expect(error?.description == "\(path): gzip could not decompress it (exit status 1); is it a gzip file?")
    }
}
