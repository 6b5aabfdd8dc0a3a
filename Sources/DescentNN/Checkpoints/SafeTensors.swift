import Foundation

/// The safetensors file format (as the `safetensors` Python package writes it): an 8-byte
/// little-endian header length, a JSON header naming each tensor's dtype, shape and byte
/// range, then the raw little-endian data.
///
/// Float tensors are stored as F32; low-precision optimizer state as BF16 (bfloat16) or U8
/// (8-bit codes); counters and generator state as I64/U64 arrays.
public enum SafeTensors {
    /// A tensor in a safetensors file.
    public enum Value: Sendable, Equatable {
        case float32(Tensor)
        /// bfloat16 (`BF16`): the upper 16 bits of each float32.
        case bfloat16([UInt16], shape: [Int])
        case uint8([UInt8], shape: [Int])
        case int8([Int8], shape: [Int])
        case int64([Int64], shape: [Int])
        case uint64([UInt64], shape: [Int])

        /// The safetensors dtype name (`F32`, `BF16`, `U8`, `I8`, `I64`, `U64`).
        public var dtype: String {
            switch self {
            case .float32: "F32"
            case .bfloat16: "BF16"
            case .uint8: "U8"
            case .int8: "I8"
            case .int64: "I64"
            case .uint64: "U64"
            }
        }

        /// The tensor's shape.
        public var shape: [Int] {
            switch self {
            case .float32(let t): t.shape
            case .bfloat16(_, let s), .uint8(_, let s), .int8(_, let s), .int64(_, let s), .uint64(_, let s): s
            }
        }

        /// The number of elements.
        public var count: Int { shape.reduce(1, *) }

        /// The bytes of data the tensor takes in a file.
        public var byteCount: Int { count * SafeTensors.dtypeWidths[dtype]! }

        /// The tensor if it is F32.
        public var float32: Tensor? {
            if case .float32(let t) = self { return t }
            return nil
        }

        /// The first NaN or infinity of an F32 or BF16 tensor, with its element index.
        public var firstNonFinite: (index: Int, value: Float)? {
            switch self {
            case .float32(let t):
                return t.scalars.firstIndex { !$0.isFinite }.map { ($0, t.scalars[$0]) }
            case .bfloat16(let halves, _):
                // An exponent of all ones is an infinity or a NaN.
                return halves.firstIndex { $0 & 0x7F80 == 0x7F80 }.map { ($0, Float(bitPattern: UInt32(halves[$0]) << 16)) }
            default:
                return nil
            }
        }
    }

    /// Serialises `tensors` with string `metadata`, in the reference writer's order: wider
    /// dtypes first (so every tensor stays aligned to its element size), then by name.
    public static func encode(_ tensors: [String: Value], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var body = Data()
        let rank = ["U64": 5, "I64": 4, "F32": 3, "BF16": 2, "I8": 1, "U8": 0]
        let names = tensors.keys.sorted { a, b in
            let (ra, rb) = (rank[tensors[a]!.dtype]!, rank[tensors[b]!.dtype]!)
            return ra != rb ? ra > rb : a < b
        }
        for name in names {
            let start = body.count
            let (dtype, shape): (String, [Int])
            switch tensors[name]! {
            case .float32(let t):
                t.scalars.withUnsafeBufferPointer { body.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
                (dtype, shape) = ("F32", t.shape)
            case .bfloat16(let halves, let s):
                halves.map(\.littleEndian).withUnsafeBytes { body.append(contentsOf: $0) }
                (dtype, shape) = ("BF16", s)
            case .uint8(let bytes, let s):
                body.append(contentsOf: bytes)
                (dtype, shape) = ("U8", s)
            case .int8(let bytes, let s):
                bytes.withUnsafeBytes { body.append(contentsOf: $0) }
                (dtype, shape) = ("I8", s)
            case .int64(let values, let s):
                for v in values { withUnsafeBytes(of: v.littleEndian) { body.append(contentsOf: $0) } }
                (dtype, shape) = ("I64", s)
            case .uint64(let values, let s):
                for v in values { withUnsafeBytes(of: v.littleEndian) { body.append(contentsOf: $0) } }
                (dtype, shape) = ("U64", s)
            }
            header[name] = ["dtype": dtype, "shape": shape, "data_offsets": [start, body.count]]
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad the header with spaces to a multiple of 8 bytes, as the reference writer does.
        while (json.count % 8) != 0 { json.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        out.append(body)
        return out
    }

    /// The largest header accepted, as the reference implementation's (100 MB).
    public static let maximumHeaderLength = 100_000_000

    /// Bytes per element of the dtypes this reader knows.
    static let dtypeWidths = ["F32": 4, "BF16": 2, "U8": 1, "I8": 1, "I64": 8, "U64": 8]

    /// Parses a safetensors file's bytes; `source` names the file in error messages.
    ///
    /// At least as strict as the reference implementation (the `safetensors` crate): the
    /// 8-byte little-endian header length at most ``maximumHeaderLength`` and within the
    /// file; the header UTF-8 JSON starting with `{` (trailing spaces allowed), an object of
    /// `{dtype, shape, data_offsets}` entries with no duplicate names, plus an optional
    /// `__metadata__` object of strings; every dtype known; every shape entry a non-negative
    /// integer whose product (in bytes) does not overflow and equals the entry's byte range;
    /// byte ranges, in order, contiguous from 0 without overlap and covering the data
    /// buffer exactly. Any violation is a one-line ``CheckpointError`` naming `source`.
    public static func decode(_ data: Data, source: String) throws -> (tensors: [String: Value], metadata: [String: String]) {
        func fail(_ why: String) -> CheckpointError { CheckpointError("\(source): \(why)") }
        return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard raw.count >= 8 else { throw fail("too short to be a safetensors file (\(raw.count) bytes)") }
            let declared = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            guard declared <= UInt64(maximumHeaderLength) else {
                throw fail("header length \(declared) exceeds the limit of \(maximumHeaderLength) bytes")
            }
            let headerLength = Int(declared)
            guard headerLength <= raw.count - 8 else {
                throw fail("header length \(headerLength) exceeds the file (\(raw.count - 8) bytes after the length)")
            }
            let headerBytes = UnsafeRawBufferPointer(rebasing: raw[8..<(8 + headerLength)])
            guard String(validating: headerBytes, as: UTF8.self) != nil else { throw fail("header is not valid UTF-8") }
            guard headerBytes.first == UInt8(ascii: "{") else { throw fail("header is not a JSON object") }
            let header: [(key: String, value: HeaderJSON)]
            do {
                var parser = HeaderJSON.Parser(bytes: headerBytes)
                guard case .object(let members) = try parser.parseDocument() else { throw fail("header is not a JSON object") }
                header = members
            } catch let error as HeaderJSON.ParseError {
                throw fail("header is not valid JSON: \(error.description)")
            }

            struct Entry { var name: String, dtype: String, width: Int, shape: [Int], count: Int, begin: Int, end: Int }
            var entries: [Entry] = []
            var metadata: [String: String] = [:]
            for (name, value) in header {
                if name == "__metadata__" {
                    guard case .object(let members) = value else { throw fail("__metadata__ is not an object of strings") }
                    for (key, item) in members {
                        guard case .string(let text) = item else { throw fail("__metadata__ entry \(key) is not a string") }
                        metadata[key] = text
                    }
                    continue
                }
                guard case .object(let fields) = value else {
                    throw fail("tensor \(name): entry is not an object of dtype, shape and data_offsets")
                }
                if let extra = fields.first(where: { !["dtype", "shape", "data_offsets"].contains($0.key) }) {
                    throw fail("tensor \(name): unknown field \(extra.key)")
                }
                func field(_ key: String) throws -> HeaderJSON {
                    guard let value = fields.first(where: { $0.key == key })?.value else { throw fail("tensor \(name): missing \(key)") }
                    return value
                }
                guard case .string(let dtype) = try field("dtype") else { throw fail("tensor \(name): dtype is not a string") }
                guard let width = dtypeWidths[dtype] else {
                    throw fail("tensor \(name): unsupported dtype \(dtype) (this reader knows F32, BF16, U8, I8, I64 and U64)")
                }
                let shapeJSON = try field("shape")
                guard case .array(let extents) = shapeJSON, case let shape = extents.compactMap(\.nonNegativeInt),
                      shape.count == extents.count
                else {
                    throw fail("tensor \(name): shape \(shapeJSON.text) must be a list of non-negative integers")
                }
                var count = 1, overflow = false
                for extent in shape where !overflow { (count, overflow) = count.multipliedReportingOverflow(by: extent) }
                let (byteCount, byteOverflow) = count.multipliedReportingOverflow(by: width)
                guard !overflow, !byteOverflow else { throw fail("tensor \(name): shape \(shape) has too many elements") }
                let offsetsJSON = try field("data_offsets")
                guard case .array(let bounds) = offsetsJSON, bounds.count == 2,
                      let begin = bounds[0].nonNegativeInt, let end = bounds[1].nonNegativeInt
                else { throw fail("tensor \(name): data_offsets \(offsetsJSON.text) must be two non-negative integers") }
                guard begin <= end else { throw fail("tensor \(name): invalid offset: data_offsets [\(begin), \(end)] run backwards") }
                guard end - begin == byteCount else {
                    throw fail("tensor \(name): shape \(shape) of \(dtype) needs \(byteCount) bytes, data_offsets [\(begin), \(end)] hold \(end - begin)")
                }
                entries.append(Entry(name: name, dtype: dtype, width: width, shape: shape, count: count, begin: begin, end: end))
            }
            entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
            let bodyStart = 8 + headerLength, bodyLength = raw.count - bodyStart
            var covered = 0
            for entry in entries {
                guard entry.begin == covered else {
                    let how = entry.begin < covered ? "overlap the tensor before it" : "leave a gap before it"
                    throw fail("tensor \(entry.name): invalid offset: data_offsets [\(entry.begin), \(entry.end)] \(how) (expected to begin at \(covered))")
                }
                guard entry.end <= bodyLength else {
                    throw fail("tensor \(entry.name): data_offsets [\(entry.begin), \(entry.end)] run past the data buffer of \(bodyLength) bytes")
                }
                covered = entry.end
            }
            guard covered == bodyLength else {
                let trailing = bodyLength - covered
                throw fail("data buffer not fully covered: the tensors end at byte \(covered) of \(bodyLength) (\(trailing) trailing byte\(trailing == 1 ? "" : "s"))")
            }

            var tensors: [String: Value] = [:]
            for entry in entries {
                let base = bodyStart + entry.begin
                switch entry.dtype {
                case "F32":
                    let scalars = (0..<entry.count).map {
                        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + $0 * 4, as: UInt32.self)))
                    }
                    tensors[entry.name] = .float32(Tensor(shape: entry.shape, scalars: scalars))
                case "BF16":
                    let halves = (0..<entry.count).map { UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: base + $0 * 2, as: UInt16.self)) }
                    tensors[entry.name] = .bfloat16(halves, shape: entry.shape)
                case "U8":
                    tensors[entry.name] = .uint8(Array(raw[base..<(base + entry.count)]), shape: entry.shape)
                case "I8":
                    tensors[entry.name] = .int8(raw[base..<(base + entry.count)].map { Int8(bitPattern: $0) }, shape: entry.shape)
                case "I64":
                    let values = (0..<entry.count).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: base + $0 * 8, as: Int64.self)) }
                    tensors[entry.name] = .int64(values, shape: entry.shape)
                default:
                    let values = (0..<entry.count).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + $0 * 8, as: UInt64.self)) }
                    tensors[entry.name] = .uint64(values, shape: entry.shape)
                }
            }
            return (tensors, metadata)
        }
    }

    /// Reads a safetensors file.
    public static func read(_ url: URL) throws -> (tensors: [String: Value], metadata: [String: String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CheckpointError("\(url.path): cannot read file")
        }
        return try decode(data, source: url.path)
    }

    /// Writes a safetensors file atomically (a temporary file, then a rename).
    public static func write(_ tensors: [String: Value], metadata: [String: String] = [:], to url: URL) throws {
        try AtomicFile.write(try encode(tensors, metadata: metadata), to: url)
    }
}

/// A checkpoint or state file cannot be read or does not fit.
public struct CheckpointError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
