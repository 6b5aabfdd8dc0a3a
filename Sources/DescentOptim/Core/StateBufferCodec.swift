/// How an optimizer state buffer is saved, by parameter name and in the dtype it is kept in.
///
/// - float32: F32 `NAME/<parameter>` with the parameter's shape (PyTorch's layout).
/// - bfloat16: BF16 `NAME/<parameter>` with the parameter's shape.
/// - 8-bit, as bitsandbytes keeps it per parameter (`state1`, `absmax1`, `qmap1`): U8
///   `NAME/<parameter>` with the parameter's shape, each byte the index of a map entry; F32
///   `NAME.absmax/<parameter>`, one absmax per block of 2,048 of that parameter's elements
///   (the last block short); and the 256-entry map itself, F32 `NAME.qmap`, once per buffer.
///   An element is `qmap[code] · absmax[i / 2048]`.
///
/// Any of the three loads into a buffer of any dtype: in the same dtype exactly (8-bit codes
/// when the file's map is this buffer's), otherwise dequantised to float32 and then rounded
/// to nearest (bfloat16) or quantised blockwise (8-bit).
package enum StateBufferCodec {
    /// The keys buffer `name` of `dtype` saves for parameters `layout`.
    package static func keys(_ name: String, dtype: StateDType, layout: [ParameterSet.Entry]) -> [String] {
        var keys = layout.map { name + "/" + $0.name }
        if dtype == .int8 {
            keys += layout.map { name + ".absmax/" + $0.name }
            keys.append(name + ".qmap")
        }
        return keys
    }

    /// The keys that come with buffer key `key` (`NAME/<parameter>`) when it is saved in
    /// 8-bit: `NAME.absmax/<parameter>` and `NAME.qmap`. NAME may itself hold a part prefix
    /// (`1.trace/momentum_buffer`), so both the first and the last `/` are tried.
    package static func companions(of key: String) -> [String] {
        guard let first = key.firstIndex(of: "/"), let last = key.lastIndex(of: "/") else { return [] }
        var keys: [String] = []
        for slash in first == last ? [first] : [first, last] {
            keys += [key[..<slash] + ".absmax" + key[slash...], key[..<slash] + ".qmap"]
        }
        return keys
    }

    /// `buffer` (laid out as `layout`, one segment per parameter) as named tensors under `name`.
    package static func encode(_ buffer: QuantizedStateBuffer, name: String, layout: [ParameterSet.Entry]) -> [String: SafeTensors.Value] {
        precondition(buffer.blocks.segments == layout.map(\.count), "state buffer \(name) does not follow the parameters")
        var result: [String: SafeTensors.Value] = [:]
        for (segment, entry) in layout.enumerated() {
            let range = buffer.range(ofSegment: segment)
            switch buffer.dtype {
            case .float32:
                result[name + "/" + entry.name] = .float32(Tensor(shape: entry.shape, scalars: Array(buffer.values[range])))
            case .bfloat16:
                result[name + "/" + entry.name] = .bfloat16(Array(buffer.halves[range]), shape: entry.shape)
            case .int8:
                let (codes, absmax) = buffer.codes(ofSegment: segment)
                result[name + "/" + entry.name] = .uint8(codes, shape: entry.shape)
                result[name + ".absmax/" + entry.name] = .float32(Tensor(shape: [absmax.count], scalars: absmax))
            }
        }
        if buffer.dtype == .int8 { result[name + ".qmap"] = .float32(Tensor(shape: [256], scalars: buffer.map.values)) }
        return result
    }

    /// Buffer `name` for parameters `layout`, in `dtype` (`signed` picks the 8-bit map), from
    /// named tensors in any of the saved forms; `what` begins the error messages
    /// (`optimizer state exp_avg for parameter`).
    ///
    /// Throws an ``OptimizerStateError`` naming the first tensor that is missing, has another
    /// shape or dtype, or (8-bit) whose absmax is negative or not finite or whose map is not
    /// 256 finite entries.
    package static func decode(_ tensors: [String: SafeTensors.Value], name: String, layout: [ParameterSet.Entry],
                               as dtype: StateDType, signed: Bool, what: String) throws -> QuantizedStateBuffer {
        var buffer = QuantizedStateBuffer(zeros: layout.reduce(0) { $0 + $1.count }, dtype: dtype, signed: signed,
                                          segments: layout.map(\.count))
        for (segment, entry) in layout.enumerated() {
            guard let value = tensors[name + "/" + entry.name] else {
                throw OptimizerStateError("\(what) \(entry.name) is missing")
            }
            guard value.shape == entry.shape else {
                throw OptimizerStateError("\(what) \(entry.name) has shape \(value.shape), expected \(entry.shape)")
            }
            let floats: [Float]
            switch value {
            case .float32(let tensor):
                floats = tensor.scalars
            case .bfloat16(let halves, _):
                guard halves.count == entry.count else { throw OptimizerStateError("\(what) \(entry.name) holds \(halves.count) values for shape \(entry.shape)") }
                if dtype == .bfloat16 {
                    buffer.setSegment(segment, halves: halves)
                    continue
                }
                floats = halves.map { Float(bitPattern: UInt32($0) << 16) }
            case .uint8(let codes, _):
                guard codes.count == entry.count else { throw OptimizerStateError("\(what) \(entry.name) holds \(codes.count) codes for shape \(entry.shape)") }
                let absmax = try self.absmax(tensors, name: name, entry: entry)
                let map = try self.map(tensors, name: name)
                if dtype == .int8 && map == buffer.map.values {
                    buffer.setSegment(segment, codes: codes, absmax: absmax)
                    continue
                }
                floats = codes.indices.map { map[Int(codes[$0])] * absmax[$0 / StateDType.blockSize] }
            default:
                throw OptimizerStateError("\(what) \(entry.name) is \(value.dtype), expected F32, BF16 or U8")
            }
            if !floats.isEmpty { floats.withUnsafeBufferPointer { buffer.setSegment(segment, from: $0.baseAddress!) } }
        }
        return buffer
    }

    /// The absmax of parameter `entry`'s 8-bit state: F32, one per block, finite and non-negative.
    private static func absmax(_ tensors: [String: SafeTensors.Value], name: String, entry: ParameterSet.Entry) throws -> [Float] {
        let key = name + ".absmax/" + entry.name, blocks = StateDType.blockCount(entry.count)
        guard let value = tensors[key] else { throw OptimizerStateError("optimizer state \(key) is missing") }
        guard let tensor = value.float32, tensor.shape == [blocks] else {
            throw OptimizerStateError("optimizer state \(key) is \(value.dtype) \(value.shape), expected F32 [\(blocks)] (one per block of \(StateDType.blockSize))")
        }
        if let bad = tensor.scalars.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw OptimizerStateError("optimizer state \(key) holds \(tensor.scalars[bad]) at element \(bad) (an absmax is finite and non-negative)")
        }
        return tensor.scalars
    }

    /// The quantisation map of 8-bit buffer `name`: F32 [256], finite.
    private static func map(_ tensors: [String: SafeTensors.Value], name: String) throws -> [Float] {
        let key = name + ".qmap"
        guard let value = tensors[key] else { throw OptimizerStateError("optimizer state \(key) is missing") }
        guard let tensor = value.float32, tensor.shape == [256] else {
            throw OptimizerStateError("optimizer state \(key) is \(value.dtype) \(value.shape), expected F32 [256]")
        }
        if let bad = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
            throw OptimizerStateError("optimizer state \(key) holds \(tensor.scalars[bad]) at element \(bad)")
        }
        return tensor.scalars
    }
}
