import Testing
@testable import DescentData

/// Known answers computed from `sklearn.datasets.load_digits()` by scripts/python/make_digits.py.
@Suite struct DigitsTests {
    @Test func matchesScikitLearn() throws {
        let digits = try Dataset.digits()
        #expect(digits.count == 1797)
        #expect(digits.features.shape == [1797, 64])
        #expect(digits.task == .classification(classes: 10))
        #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        let pixels = digits.features.scalars
        #expect(pixels.min() == 0 && pixels.max() == 16)
        #expect(pixels.reduce(0.0) { $0 + Double($1) } == 561_718)
        // Sum over rows of (row number from 1) × (pixel sum of the row): checks the order of the rows too.
        var weighted = 0.0
        for row in 0..<1797 {
            weighted += Double(row + 1) * pixels[(row * 64)..<(row * 64 + 64)].reduce(0.0) { $0 + Double($1) }
        }
        #expect(weighted == 503_904_265)
        #expect(Array(pixels[0..<64]) == [
            0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
            0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0,
        ])
        #expect(digits.targets.scalars[0] == 0)
        let column20 = (0..<1797).reduce(0.0) { $0 + Double(pixels[$1 * 64 + 20]) } / 1797
        #expect(abs(column20 - 7.09794101279911) < 1e-12)
        #expect(digits.featureNames?[20] == "pixel_2_4")
    }
}
