import DescentNN
import Foundation

/// An array read from an IDX file, the format of MNIST and Fashion-MNIST.
///
/// Layout: two zero bytes, a type code (`0x08` unsigned byte, `0x09` signed byte, `0x0B`
/// Int16, `0x0C` Int32, `0x0D` Float32, `0x0E` Float64), the number of dimensions, each
/// dimension as a big-endian UInt32, then the elements big-endian in row-major order.
public struct IDXFile: Sendable, Equatable {
    /// The dimensions stored in the header.
    public let shape: [Int]
    /// The elements converted to Float, in row-major order.
    public let scalars: [Float]

    /// The element types of IDX.
    private static let elementSizes: [UInt8: Int] = [0x08: 1, 0x09: 1, 0x0B: 2, 0x0C: 4, 0x0D: 4, 0x0E: 8]

    /// Reads the IDX file at `path` (decompressing a `.gz` name with `gzip`); non-finite floats are rejected.
    public init(path: String) throws(DataError) {
        try self.init(data: try DataFile.readMaybeCompressed(path), path: path)
    }

    /// Parses IDX bytes; `path` names the source in errors.
    public init(data: Data, path: String) throws(DataError) {
        let bytes = [UInt8](data)
        guard bytes.count >= 4 else { throw .truncated(path: path, expectedBytes: 4, foundBytes: bytes.count) }
        let magic = bytes[0..<4].map { String(format: "%02X", $0) }.joined()
        guard bytes[0] == 0, bytes[1] == 0, let size = IDXFile.elementSizes[bytes[2]], bytes[3] >= 1 else {
            throw .badMagic(path: path, expected: "0x0000TTDD (TT an IDX type code 08,09,0B,0C,0D,0E; DD the number of dimensions)", found: "0x" + magic)
        }
        let rank = Int(bytes[3])
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else { throw .truncated(path: path, expectedBytes: headerSize, foundBytes: bytes.count) }
        let shape = (0..<rank).map { axis in
            (0..<4).reduce(0) { value, k in value << 8 | Int(bytes[4 + 4 * axis + k]) }
        }
        guard let count = elementCount(shape, elementSize: size) else {
            throw .malformed(path: path, "the header's shape \(shape) is too large to be real")
        }
        let expected = headerSize + count * size
        guard bytes.count >= expected else { throw .truncated(path: path, expectedBytes: expected, foundBytes: bytes.count) }
        try DataFile.requireMemory(MemoryBudget.product([count, 4]), path: path, "\(count) elements of shape \(shape) as float32")
        guard bytes.count == expected else {
            throw .malformed(path: path, "\(bytes.count - expected) bytes after the \(count) elements of shape \(shape)")
        }
        var scalars = [Float](repeating: 0, count: count)
        let type = bytes[2]
        bytes.withUnsafeBytes { raw in
            let body = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
            scalars.withUnsafeMutableBufferPointer { out in
                switch type {
                case 0x08: for i in 0..<count { out[i] = Float(body[i]) }
                case 0x09: for i in 0..<count { out[i] = Float(Int8(bitPattern: body[i])) }
                case 0x0B: for i in 0..<count { out[i] = Float(Int16(bigEndian: body.loadUnaligned(fromByteOffset: 2 &* i, as: Int16.self))) }
                case 0x0C: for i in 0..<count { out[i] = Float(Int32(bigEndian: body.loadUnaligned(fromByteOffset: 4 &* i, as: Int32.self))) }
                case 0x0D:
                    for i in 0..<count { out[i] = Float(bitPattern: UInt32(bigEndian: body.loadUnaligned(fromByteOffset: 4 &* i, as: UInt32.self))) }
                default:
                    for i in 0..<count { out[i] = Float(Double(bitPattern: UInt64(bigEndian: body.loadUnaligned(fromByteOffset: 8 &* i, as: UInt64.self)))) }
                }
            }
        }
        if let bad = Dataset.firstNonFinite(scalars) {
            let width = shape.count > 1 ? count / shape[0] : 1
            throw .nonFinite("\(scalars[bad])", path: path, row: bad / width + 1, column: "\(bad % width)")
        }
        self.shape = shape
        self.scalars = scalars
    }
}

extension Dataset {
    /// Which files of an MNIST-style directory to read.
    public enum IDXSubset: String, Sendable {
        /// `train-images-idx3-ubyte` and `train-labels-idx1-ubyte`.
        case train
        /// `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte`.
        case test = "t10k"
    }

    /// The images and labels of an MNIST-style directory: features `[n, 1, rows, columns]` with the raw pixel values (0…255), class targets.
    ///
    /// Accepts the usual names (`train-images-idx3-ubyte`, also with `.idx3-ubyte` spelt with a
    /// dot, each optionally `.gz`). `classes` defaults to the largest label plus one.
    public static func idx(directory: String, subset: IDXSubset = .train, classes: Int? = nil) throws(DataError) -> Dataset {
        let imagesPath = try findIDX(directory, subset.rawValue, "images", 3)
        let labelsPath = try findIDX(directory, subset.rawValue, "labels", 1)
        let images = try IDXFile(path: imagesPath)
        let labels = try IDXFile(path: labelsPath)
        guard images.shape.count >= 2 else {
            throw .shapeMismatch("\(imagesPath) has shape \(images.shape); images need at least 2 dimensions")
        }
        guard !images.shape.dropFirst().contains(0) else {
            throw .badShape(path: imagesPath, "images have shape \(images.shape), with no pixels per image")
        }
        guard labels.shape.count == 1 else { throw .shapeMismatch("\(labelsPath) has shape \(labels.shape); labels need 1 dimension") }
        guard images.shape[0] == labels.shape[0] else {
            throw .shapeMismatch("\(imagesPath) has \(images.shape[0]) images but \(labelsPath) has \(labels.shape[0]) labels")
        }
        for (row, label) in labels.scalars.enumerated() where label < 0 || label.rounded() != label {
            throw .nonNumeric("\(label)", path: labelsPath, row: row + 1, column: "label (not a class index)")
        }
        let largest = labels.scalars.indices.max { labels.scalars[$0] < labels.scalars[$1] }
        if let largest { try Dataset.requireClassLabel(labels.scalars[largest], path: labelsPath, row: largest + 1) }
        let found = Int(largest.map { labels.scalars[$0] } ?? 0) + 1
        let classCount = classes ?? found
        guard classCount <= maximumClasses else {
            throw .badLabels(path: labelsPath, "\(classCount) classes asked for, more than the limit of \(maximumClasses) classes")
        }
        guard found <= classCount else {
            throw .shapeMismatch("\(labelsPath) has label \(found - 1), outside 0..<\(classCount)")
        }
        let sampleShape = images.shape.count == 3 ? [1] + images.shape.dropFirst() : Array(images.shape.dropFirst())
        return Dataset(
            checkedFeatures: Tensor(shape: [images.shape[0]] + sampleShape, scalars: images.scalars),
            targets: Tensor(shape: [labels.shape[0]], scalars: labels.scalars),
            task: .classification(classes: classCount), classNames: (0..<classCount).map(String.init))
    }

    /// Whether `directory` holds the images file of `subset`.
    static func hasIDX(directory: String, subset: IDXSubset) -> Bool {
        (try? findIDX(directory, subset.rawValue, "images", 3)) != nil
    }

    /// The path of `prefix-kind-idxN-ubyte` (or the `.idxN-ubyte` and `.gz` variants) in `directory`.
    private static func findIDX(_ directory: String, _ prefix: String, _ kind: String, _ rank: Int) throws(DataError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingFile(directory)
        }
        let stems = ["\(prefix)-\(kind)-idx\(rank)-ubyte", "\(prefix)-\(kind).idx\(rank)-ubyte"]
        let base = URL(fileURLWithPath: directory)
        for stem in stems {
            for name in [stem, stem + ".gz"] {
                let path = base.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: path) { return path }
            }
        }
        throw .missingFile(base.appendingPathComponent(stems[0]).path + "[.gz]")
    }
}
