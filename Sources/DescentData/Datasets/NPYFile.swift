import DescentNN
import Foundation

/// An array in NumPy's `.npy` format (versions 1.0, 2.0 and 3.0), read into Float32.
///
/// Supported element types, all little-endian or byte-sized: `<f4`, `<f8`, `<i4`, `<i8`,
/// `|u1`, `|i1`. Arrays must be in C order (`fortran_order: False`); NaN and infinity are
/// rejected.
public struct NPYFile: Sendable, Equatable {
    /// The array's shape (`[]` for a scalar).
    public let shape: [Int]
    /// The elements converted to Float, in row-major order.
    public let scalars: [Float]
    /// The element type as written in the header (`<f8`, for example).
    public let dtype: String

    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    private static let elementSizes = ["<f4": 4, "<f8": 8, "<i4": 4, "<i8": 8, "|u1": 1, "|i1": 1]

    /// Reads the `.npy` file at `path`.
    public init(path: String) throws(DataError) {
        try self.init(data: try DataFile.read(path), path: path)
    }

    /// Parses `.npy` bytes; `path` names the source in errors.
    public init(data: Data, path: String) throws(DataError) {
        let bytes = [UInt8](data)
        guard bytes.count >= 10 else { throw .truncated(path: path, expectedBytes: 10, foundBytes: bytes.count) }
        guard Array(bytes[0..<6]) == NPYFile.magic else {
            throw .badMagic(path: path, expected: "\\x93NUMPY", found: bytes[0..<6].map { String(format: "%02X", $0) }.joined(separator: " "))
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw .truncated(path: path, expectedBytes: 12, foundBytes: bytes.count) }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw .malformed(path: path, "unsupported .npy format version \(major).\(bytes[7])")
        }
        let bodyStart = headerStart + headerLength
        guard bytes.count >= bodyStart else { throw .truncated(path: path, expectedBytes: bodyStart, foundBytes: bytes.count) }
        let header = String(decoding: bytes[headerStart..<bodyStart], as: UTF8.self)

        guard let descr = NPYFile.value(of: "descr", in: header), let order = NPYFile.value(of: "fortran_order", in: header),
              let shapeText = NPYFile.value(of: "shape", in: header)
        else { throw .malformed(path: path, "the .npy header lacks 'descr', 'fortran_order' or 'shape': \(header.trimmingCharacters(in: .whitespacesAndNewlines))") }
        let dtype = descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        guard let size = NPYFile.elementSizes[dtype] else { throw .unsupportedDType(dtype, path: path) }
        guard order == "False" else {
            throw .malformed(path: path, "fortran_order is \(order); save the array in C order (numpy.ascontiguousarray) first")
        }
        let inner = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let text = part.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let extent = Int(text), extent >= 0 else { throw .malformed(path: path, "bad shape \(shapeText) in the .npy header") }
            shape.append(extent)
        }
        guard let count = elementCount(shape, elementSize: size) else {
            throw .malformed(path: path, "the header's shape \(shape) is too large to be real")
        }
        let expected = bodyStart + count * size
        guard bytes.count >= expected else { throw .truncated(path: path, expectedBytes: expected, foundBytes: bytes.count) }
        try DataFile.requireMemory(MemoryBudget.product([count, 4]), path: path, "\(count) elements of shape \(shape) as float32")

        var scalars = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            let body = UnsafeRawBufferPointer(rebasing: raw[bodyStart...])
            scalars.withUnsafeMutableBufferPointer { out in
                switch dtype {
                case "<f4":
                    for i in 0..<count { out[i] = Float(bitPattern: UInt32(littleEndian: body.loadUnaligned(fromByteOffset: 4 &* i, as: UInt32.self))) }
                case "<f8":
                    for i in 0..<count { out[i] = Float(Double(bitPattern: UInt64(littleEndian: body.loadUnaligned(fromByteOffset: 8 &* i, as: UInt64.self)))) }
                case "<i4":
                    for i in 0..<count { out[i] = Float(Int32(littleEndian: body.loadUnaligned(fromByteOffset: 4 &* i, as: Int32.self))) }
                case "<i8":
                    for i in 0..<count { out[i] = Float(Int64(littleEndian: body.loadUnaligned(fromByteOffset: 8 &* i, as: Int64.self))) }
                case "|u1":
                    for i in 0..<count { out[i] = Float(body[i]) }
                default:
                    for i in 0..<count { out[i] = Float(Int8(bitPattern: body[i])) }
                }
            }
        }
        if let bad = Dataset.firstNonFinite(scalars) {
            let width = shape.count > 1 ? count / shape[0] : 1
            throw .nonFinite("\(scalars[bad])", path: path, row: bad / width + 1, column: "\(bad % width)")
        }
        self.shape = shape
        self.scalars = scalars
        self.dtype = dtype
    }

    /// The array as a tensor.
    public var tensor: Tensor { Tensor(shape: shape, scalars: scalars) }

    /// The `.npy` (version 1.0, `<f4`, C order) bytes of `tensor`.
    public static func encode(_ tensor: Tensor) -> Data {
        let shapeText = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad with spaces so that the data starts on a 64-byte boundary, ending in a newline, as NumPy does.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(magic + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        tensor.scalars.withUnsafeBufferPointer { values in
            for value in values {
                let bits = value.bitPattern.littleEndian
                withUnsafeBytes(of: bits) { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    /// Writes `tensor` to `path` as a `.npy` file (`<f4`), through a temporary file and a rename.
    public static func write(_ tensor: Tensor, to path: String) throws {
        try encode(tensor).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The text of the value of `key` in a Python dict literal (a quoted string, a tuple, or a word).
    private static func value(of key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\""),
              let colon = header[keyRange.upperBound...].firstIndex(of: ":")
        else { return nil }
        let rest = header[header.index(after: colon)...].drop { $0 == " " }
        guard let first = rest.first else { return nil }
        if first == "(" {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            return String(rest[...close])
        }
        if first == "'" || first == "\"" {
            guard let close = rest.dropFirst().firstIndex(of: first) else { return nil }
            return String(rest[...close])
        }
        return String(rest.prefix { $0 != "," && $0 != "}" }).trimmingCharacters(in: .whitespaces)
    }
}

extension Dataset {
    /// A dataset from two `.npy` files: features `[n, ...]` and targets.
    ///
    /// Integer-typed 1-D targets (`<i4`, `<i8`, `|u1`, `|i1`) are class indices (classes =
    /// the largest plus one); float targets of shape `[n]` or `[n, k]` are regression values.
    public static func npy(features featuresPath: String, targets targetsPath: String) throws(DataError) -> Dataset {
        let x = try NPYFile(path: featuresPath)
        let y = try NPYFile(path: targetsPath)
        guard let n = x.shape.first else { throw .shapeMismatch("\(featuresPath) holds a scalar; features need shape [n, ...]") }
        guard x.shape.count >= 2 else {
            throw .badShape(path: featuresPath, "features have shape (\(n),); features need at least 2 axes, examples × features (reshape to (\(n), 1) for one feature)")
        }
        guard !x.shape.dropFirst().contains(0) else {
            throw .badShape(path: featuresPath, "features have shape \(x.shape), with no feature values per example")
        }
        guard y.shape.first == n, y.shape.count <= 2 else {
            throw .shapeMismatch("\(featuresPath) has shape \(x.shape) but \(targetsPath) has shape \(y.shape); targets need shape [\(n)] or [\(n), k]")
        }
        let isIndex = y.dtype.dropFirst().hasPrefix("i") || y.dtype.dropFirst().hasPrefix("u")
        if isIndex && y.shape.count == 1 {
            if let row = y.scalars.firstIndex(where: { $0 < 0 }) {
                throw .nonNumeric("\(y.scalars[row])", path: targetsPath, row: row + 1, column: "label (negative class index)")
            }
            let largest = y.scalars.indices.max { y.scalars[$0] < y.scalars[$1] }
            if let largest { try Dataset.requireClassLabel(y.scalars[largest], path: targetsPath, row: largest + 1) }
            let classes = Int(largest.map { y.scalars[$0] } ?? 0) + 1
            return try Dataset(features: x.tensor, targets: y.tensor, task: .classification(classes: classes))
        }
        let outputs = y.shape.count == 2 ? y.shape[1] : 1
        return try Dataset(features: x.tensor, targets: Tensor(shape: [n, outputs], scalars: y.scalars), task: .regression(outputs: outputs))
    }
}
