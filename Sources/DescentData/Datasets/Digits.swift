extension Dataset {
    /// The number of images in the bundled digits set.
    public static let digitsCount = 1797

    /// The 8×8 handwritten digits (UCI optical digits as scikit-learn ships them): 1,797 examples of 64 pixel counts in 0…16, 10 classes.
    ///
    /// Features have shape `[1797, 64]` (row-major 8×8 images; use
    /// ``reshapingFeatures(to:)`` with `[1, 8, 8]` for a convolutional model) and hold the
    /// raw counts (`descent train` keeps them so: ``DatasetSpec/defaultScaling``); standardise
    /// them with ``Standardizer`` or ``DatasetSplits/standardized(_:)`` if you like.
    /// Provenance and licence (CC BY 4.0): `Resources/README.md`.
    public static func digits() throws(DataError) -> Dataset {
        let bytes = try BundledResource.data("digits", "bin")
        let record = 65
        guard bytes.count == digitsCount * record else {
            throw .truncated(path: "digits.bin", expectedBytes: digitsCount * record, foundBytes: bytes.count)
        }
        var pixels = [Float](repeating: 0, count: digitsCount * 64)
        var labels = [Float](repeating: 0, count: digitsCount)
        bytes.withUnsafeBytes { raw in
            let source = raw.bindMemory(to: UInt8.self)
            pixels.withUnsafeMutableBufferPointer { x in
                for row in 0..<digitsCount {
                    for j in 0..<64 { x[row &* 64 &+ j] = Float(source[row &* record &+ j]) }
                    labels[row] = Float(source[row &* record &+ 64])
                }
            }
        }
        let names = (0..<64).map { "pixel_\($0 / 8)_\($0 % 8)" }
        return Dataset(
            checkedFeatures: Tensor(shape: [digitsCount, 64], scalars: pixels),
            targets: Tensor(shape: [digitsCount], scalars: labels),
            task: .classification(classes: 10),
            featureNames: names, classNames: (0..<10).map(String.init))
    }
}
