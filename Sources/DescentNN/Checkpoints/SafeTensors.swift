import Foundation

/// The safetensors file format (as the `safetensors` Python package writes it): an 8-byte
/// little-endian header length, a JSON header naming each tensor's dtype, shape and byte
/// range, then the raw little-endian data.
///
/// Float tensors are stored as F32; counters and generator state as I64/U64 arrays.
public enum SafeTensors {
    /// A tensor in a safetensors file.
    public enum Value: Sendable, Equatable {
        case float32(Tensor)
        case int64([Int64], shape: [Int])
        case uint64([UInt64], shape: [Int])
    }

    /// Serialises `tensors` (sorted by name, as the Python package does) with string
    /// `metadata`.
    public static func encode(_ tensors: [String: Value], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var body = Data()
        for name in tensors.keys.sorted() {
            let start = body.count
            let (dtype, shape): (String, [Int])
            switch tensors[name]! {
            case .float32(let t):
                t.scalars.withUnsafeBufferPointer { body.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
                (dtype, shape) = ("F32", t.shape)
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

    /// Parses a safetensors file's bytes; `source` names the file in error messages.
    public static func decode(_ data: Data, source: String) throws -> (tensors: [String: Value], metadata: [String: String]) {
        func fail(_ why: String) -> CheckpointError { CheckpointError("\(source): \(why)") }
        guard data.count >= 8 else { throw fail("too short to be a safetensors file") }
        let headerLength = data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(data.count - 8) else { throw fail("header length \(headerLength) exceeds the file") }
        let headerData = data.subdata(in: 8..<(8 + Int(headerLength)))
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        let body = data.subdata(in: (8 + Int(headerLength))..<data.count)
        var tensors: [String: Value] = [:]
        var metadata: [String: String] = [:]
        for (name, entry) in header {
            if name == "__metadata__" {
                metadata = entry as? [String: String] ?? [:]
                continue
            }
            guard let info = entry as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int],
                  offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= body.count
            else { throw fail("tensor \(name) has a malformed header entry") }
            let count = shape.reduce(1, *)
            let bytes = body.subdata(in: offsets[0]..<offsets[1])
            let width = ["F32": 4, "I64": 8, "U64": 8][dtype]
            guard let width else { throw fail("tensor \(name) has unsupported dtype \(dtype)") }
            guard bytes.count == count * width else {
                throw fail("tensor \(name) of shape \(shape) needs \(count * width) bytes, has \(bytes.count)")
            }
            switch dtype {
            case "F32":
                let scalars = bytes.withUnsafeBytes { raw in
                    (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
                }
                tensors[name] = .float32(Tensor(shape: shape, scalars: scalars))
            case "I64":
                let values = bytes.withUnsafeBytes { raw in
                    (0..<count).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
                }
                tensors[name] = .int64(values, shape: shape)
            default:
                let values = bytes.withUnsafeBytes { raw in
                    (0..<count).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
                }
                tensors[name] = .uint64(values, shape: shape)
            }
        }
        return (tensors, metadata)
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
