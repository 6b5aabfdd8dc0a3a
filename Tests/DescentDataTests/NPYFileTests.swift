import Foundation
import Testing
@testable import DescentData

/// The fixtures are written by NumPy (scripts/python/make_data_fixtures.py).
@Suite struct NPYFileTests {
    @Test(arguments: [
        ("f4_2x3.npy", [2, 3], [-1, -0.5, 0, 0.5, 1, 1.5] as [Float]),
        ("v2_f4_2x3.npy", [2, 3], [-1, -0.5, 0, 0.5, 1, 1.5]),
        ("f8_2x3.npy", [2, 3], [-2.75, -1.25, 0.25, 1.75, 3.25, 4.75]),
        ("i4_4.npy", [4], [3, -7, 0, 32767]),
        ("i8_2x2.npy", [2, 2], [1, 2, -3, 40000]),
        ("u1_3.npy", [3], [0, 128, 255]),
        ("i1_3.npy", [3], [-128, 0, 127]),
        ("scalar_f4.npy", [], [2.5]),
    ])
    func readsWhatNumPyWrote(name: String, shape: [Int], values: [Float]) throws {
        let file = try NPYFile(path: DataFixtures.path(name))
        #expect(file.shape == shape)
        #expect(file.scalars == values)
    }

    @Test func roundTripsThroughTheWriterAndMatchesNumPysBytes() throws {
        let tensor = Tensor(shape: [2, 3], scalars: [-1, -0.5, 0, 0.5, 1, 1.5])
        let encoded = NPYFile.encode(tensor)
        // NumPy's own file for the same array is byte for byte the same.
        #expect(encoded == FileManager.default.contents(atPath: DataFixtures.path("f4_2x3.npy")))
        let path = DataFixtures.temporaryDirectory().appendingPathComponent("t.npy").path
        try NPYFile.write(tensor, to: path)
        #expect(try NPYFile(path: path).tensor == tensor)
    }

    @Test func rejectsFortranOrderOtherDtypesAndNaN() {
        let fortran = DataFixtures.path("fortran_f4_2x3.npy")
        #expect(dataError { try NPYFile(path: fortran) }?.description == "\(fortran): fortran_order is True; save the array in C order (numpy.ascontiguousarray) first")
        let big = DataFixtures.path("big_endian_f4.npy")
        #expect(dataError { try NPYFile(path: big) }?.description == "\(big): unsupported dtype '>f4' (supported: <f4, <f8, <i4, <i8, |u1, |i1)")
        #expect(dataError { try NPYFile(path: DataFixtures.path("bool_3.npy")) }?.kind == .unsupported)
        let nan = DataFixtures.path("nan_f4_2x3.npy")
        #expect(dataError { try NPYFile(path: nan) }?.description == "\(nan): row 2, column '1': nan is not a finite number (NaN, infinity and empty cells are rejected)")
    }

    @Test func badMagicAndTruncationAreErrors() throws {
        let notNumpy = DataFixtures.write(Data("PK\u{3}\u{4}hello world".utf8), name: "a.npy")
        #expect(dataError { try NPYFile(path: notNumpy) }?.kind == .badFormat)
        let full = FileManager.default.contents(atPath: DataFixtures.path("f8_2x3.npy"))!
        let cut = DataFixtures.write(full.prefix(full.count - 5), name: "cut.npy")
        #expect(dataError { try NPYFile(path: cut) }?.description == "\(cut): truncated: the header announces 176 bytes, the file has 171")
        #expect(dataError { try NPYFile(path: "/no/such.npy") }?.kind == .missingFile)
    }

    @Test func datasetsFromFeatureAndTargetFiles() throws {
        let classification = try Dataset.npy(features: DataFixtures.path("features_4x2.npy"), targets: DataFixtures.path("labels_4.npy"))
        #expect(classification.task == .classification(classes: 3))
        #expect(classification.targets.scalars == [2, 0, 1, 2])
        let regression = try Dataset.npy(features: DataFixtures.path("features_4x2.npy"), targets: DataFixtures.path("values_4x2.npy"))
        #expect(regression.task == .regression(outputs: 2))
        #expect(regression.targets.scalars == [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4])
        let mismatch = dataError { try Dataset.npy(features: DataFixtures.path("features_4x2.npy"), targets: DataFixtures.path("u1_3.npy")) }
        #expect(mismatch?.kind == .shapeMismatch)
    }
}
