import CDescentKernels
import Foundation

/// bitsandbytes' dynamic quantisation maps (`create_dynamic_map`), computed as it computes them
/// in float32, and their lookup tables for the 8-bit kernels.
package enum DynamicQuantizationMap {
    /// The signed map (256 sorted entries in [-0.993, 1]): first state of the 8-bit optimizers.
    package static let signed: [Float] = make(signed: true)
    /// The unsigned map (256 sorted entries in [0, 1]): second state (Adam's v).
    package static let unsigned: [Float] = make(signed: false)
    /// ``signed`` prepared for the kernels.
    package static let preparedSigned = PreparedQuantizationMap(signed)
    /// ``unsigned`` prepared for the kernels.
    package static let preparedUnsigned = PreparedQuantizationMap(unsigned)

    /// The unsigned map with its zero replaced by half its smallest positive entry, for second
    /// moments: a second moment quantised to zero under a first moment that is not makes
    /// m/(√v + ε) explode (the "zero-point problem", Li, Chen & Zhu 2023, Memory Efficient
    /// Optimizers with 4-bit States); bitsandbytes keeps the zero and diverges on sparse inputs
    /// (the digits' border pixels make it do so at ε = 1e-8).
    package static let secondMoment: [Float] = {
        var map = unsigned
        map[0] = map[1] / 2
        return map
    }()
    /// ``secondMoment`` prepared for the kernels.
    package static let preparedSecondMoment = PreparedQuantizationMap(secondMoment)

    /// The map of signed state (first moments) or unsigned state (second moments), prepared for the kernels.
    package static func prepared(signed: Bool) -> PreparedQuantizationMap { signed ? preparedSigned : preparedSecondMoment }

    /// bitsandbytes.functional.create_dynamic_map: per exponent i, the midpoints of
    /// torch.linspace(0.1, 1, k) scaled by 10^(i - maxExponentBits + 1) (and negated when
    /// signed), plus 0 and 1, padded with zeros to 256 and sorted.
    package static func make(signed: Bool, maxExponentBits: Int = 7, totalBits: Int = 8) -> [Float] {
        var data: [Float] = []
        let nonSignBits = totalBits - 1
        let additionalItems = (1 << (nonSignBits - maxExponentBits)) - 1
        func append(_ items: Int, exponent i: Int) {
            let boundaries = linspace(0.1, 1, items)
            let means = (0..<(items - 1)).map { (boundaries[$0] + boundaries[$0 + 1]) / 2 }
            let scale = Float(pow(10.0, Double(-(maxExponentBits - 1) + i)))
            data += means.map { scale * $0 }
            if signed { data += means.map { -scale * $0 } }
        }
        for i in 0..<maxExponentBits {
            append((1 << (i + nonSignBits - maxExponentBits + (signed ? 0 : 1))) + 1, exponent: i)
        }
        if additionalItems > 0 { append(additionalItems + 1, exponent: maxExponentBits - 1) }
        data += [0, 1]
        precondition(data.count == 1 << totalBits, "dynamic map has \(data.count) entries")
        data += [Float](repeating: 0, count: max(0, 256 - data.count))
        return data.sorted()
    }

    /// torch.linspace(start, end, steps) in float32 on the CPU: the first half counts up from
    /// `start`, the second down from `end`, each value rounded once.
    package static func linspace(_ start: Float, _ end: Float, _ steps: Int) -> [Float] {
        if steps == 1 { return [start] }
        let step = (end - start) / Float(steps - 1)
        return (0..<steps).map { i in
            i < steps / 2 ? Float(Double(start) + Double(step) * Double(i))
                : Float(Double(end) - Double(step) * Double(steps - i - 1))
        }
    }
}

/// A 256-entry map with the lookup tables the 8-bit kernels search it with.
package final class PreparedQuantizationMap: @unchecked Sendable {
    /// The prepared tables (read-only after init, so shared across threads).
    package let pointer: UnsafeMutablePointer<descent_qmap>
    /// The map's entries.
    package let values: [Float]

    /// Prepares a strictly increasing 256-entry map.
    package init(_ values: [Float]) {
        precondition(values.count == 256, "a quantisation map has 256 entries")
        self.values = values
        pointer = .allocate(capacity: 1)
        let status = values.withUnsafeBufferPointer { descent_qmap_init(pointer, $0.baseAddress!) }
        precondition(status == 0, "quantisation map is not strictly increasing or too fine for the lookup table")
    }

    deinit { pointer.deallocate() }

    /// The index of the entry nearest to zero.
    package var zeroCode: Int { values.indices.min { abs(values[$0]) < abs(values[$1]) }! }
}

/// One optimizer state buffer of `count` elements in float32, bfloat16 or blockwise 8-bit.
///
/// 8-bit state holds, per element, the index of an entry of the signed or unsigned dynamic
/// map (``DynamicQuantizationMap``), and per block the absmax the entries are scaled by; the
/// blocks (``QuantizationBlocks``) start afresh at each segment (parameter). Signed codes are
/// the map index's bit pattern as `Int8`.
package struct QuantizedStateBuffer: Sendable, Equatable {
    /// The storage number type.
    package let dtype: StateDType
    /// The number of elements.
    package let count: Int
    /// Whether 8-bit codes index the signed map (else the unsigned one).
    package let isSigned: Bool
    /// The segments (parameters) and, for 8-bit state, their blocks.
    package let blocks: QuantizationBlocks
    /// float32 storage (empty otherwise).
    package var values: [Float] = []
    /// bfloat16 storage, the upper halves of the float32 bits (empty otherwise).
    package var halves: [UInt16] = []
    /// 8-bit codes for the signed map (empty otherwise).
    package var signedCodes: [Int8] = []
    /// 8-bit codes for the unsigned map (empty otherwise).
    package var unsignedCodes: [UInt8] = []
    /// The absmax of each block of 8-bit state (empty otherwise).
    package var absmax: [Float] = []

    /// A buffer of `count` zeros in segments of `segments` elements (one segment if nil);
    /// `signed` picks the 8-bit map (a state that can be negative).
    package init(zeros count: Int, dtype: StateDType, signed: Bool = true, segments: [Int]? = nil) {
        self.dtype = dtype
        self.count = count
        isSigned = signed
        blocks = QuantizationBlocks(segments: segments ?? [count])
        precondition(blocks.count == count, "segments of \(blocks.count) elements for a buffer of \(count)")
        switch dtype {
        case .float32: values = [Float](repeating: 0, count: count)
        case .bfloat16: halves = [UInt16](repeating: 0, count: count)
        case .int8:
            let zero = DynamicQuantizationMap.prepared(signed: signed).zeroCode
            if signed { signedCodes = [Int8](repeating: Int8(truncatingIfNeeded: zero), count: count) }
            else { unsignedCodes = [UInt8](repeating: UInt8(zero), count: count) }
            absmax = [Float](repeating: 0, count: blocks.blockCount)
        }
    }

    /// The buffer holding `floats` in segments of `segments` elements: bfloat16 rounds to
    /// nearest even, 8-bit quantises each segment blockwise to the nearest map entry
    /// (bitsandbytes' quantize_blockwise).
    package init(from floats: [Float], dtype: StateDType, signed: Bool = true, segments: [Int]? = nil) {
        self.init(zeros: floats.count, dtype: dtype, signed: signed, segments: segments)
        guard !floats.isEmpty else { return }
        floats.withUnsafeBufferPointer { f in
            for segment in blocks.segments.indices { setSegment(segment, from: f.baseAddress! + range(ofSegment: segment).lowerBound) }
        }
    }

    /// The elements of segment `segment`, in the arena.
    package func range(ofSegment segment: Int) -> Range<Int> { blocks.elementStarts[segment]..<blocks.elementStarts[segment + 1] }

    /// The blocks (absmax indices) of segment `segment`.
    package func blockRange(ofSegment segment: Int) -> Range<Int> { blocks.blockStarts[segment]..<blocks.blockStarts[segment + 1] }

    /// Stores segment `segment` from its elements in float32 at `source`, rounded or quantised
    /// as ``init(from:dtype:signed:segments:)`` does.
    package mutating func setSegment(_ segment: Int, from source: UnsafePointer<Float>) {
        let range = range(ofSegment: segment), n = range.count
        guard n > 0 else { return }
        switch dtype {
        case .float32:
            values.withUnsafeMutableBufferPointer { (($0.baseAddress! + range.lowerBound)).update(from: source, count: n) }
        case .bfloat16:
            halves.withUnsafeMutableBufferPointer { descent_bf16_from_float(source, $0.baseAddress! + range.lowerBound, n) }
        case .int8:
            let map = self.map.pointer, block = blocks.blockStarts[segment]
            withUnsafeMutableCodes { codes, absmax in
                descent_quantize_blockwise(source, codes + range.lowerBound, absmax + block, n, map, 0)
            }
        }
    }

    /// Stores bfloat16 segment `segment` as the bits `halves` (its elements, in order).
    package mutating func setSegment(_ segment: Int, halves new: [UInt16]) {
        precondition(dtype == .bfloat16 && new.count == range(ofSegment: segment).count, "not this bfloat16 segment's size")
        halves.replaceSubrange(range(ofSegment: segment), with: new)
    }

    /// Stores 8-bit segment `segment` as the map indices `codes` and the absmax of its blocks.
    package mutating func setSegment(_ segment: Int, codes: [UInt8], absmax new: [Float]) {
        let range = range(ofSegment: segment)
        precondition(dtype == .int8 && codes.count == range.count && new.count == blockRange(ofSegment: segment).count,
                     "not this 8-bit segment's size")
        if isSigned { signedCodes.replaceSubrange(range, with: codes.map { Int8(bitPattern: $0) }) }
        else { unsignedCodes.replaceSubrange(range, with: codes) }
        absmax.replaceSubrange(blockRange(ofSegment: segment), with: new)
    }

    /// The map indices of 8-bit segment `segment` and the absmax of its blocks.
    package func codes(ofSegment segment: Int) -> (codes: [UInt8], absmax: [Float]) {
        let range = range(ofSegment: segment)
        let codes = isSigned ? signedCodes[range].map { UInt8(bitPattern: $0) } : Array(unsignedCodes[range])
        return (codes, Array(absmax[blockRange(ofSegment: segment)]))
    }

    /// The elements as float32 (dequantised).
    package func floats() -> [Float] {
        guard count > 0 else { return [] }
        switch dtype {
        case .float32: return values
        case .bfloat16:
            return [Float](unsafeUninitializedCapacity: count) { out, initialized in
                halves.withUnsafeBufferPointer { descent_bf16_to_float($0.baseAddress!, out.baseAddress!, count) }
                initialized = count
            }
        case .int8:
            return [Float](unsafeUninitializedCapacity: count) { out, initialized in
                withUnsafeCodes { codes, absmax in
                    for segment in blocks.segments.indices {
                        let range = range(ofSegment: segment)
                        descent_dequantize_blockwise(codes + range.lowerBound, absmax + blocks.blockStarts[segment],
                                                     out.baseAddress! + range.lowerBound, range.count, map.pointer)
                    }
                }
                initialized = count
            }
        }
    }

    /// The bytes of storage, the per-block absmax included.
    package var bytes: Int { count * dtype.bytesPerElement + absmax.count * MemoryLayout<Float>.size }

    /// The prepared map 8-bit codes index.
    package var map: PreparedQuantizationMap { DynamicQuantizationMap.prepared(signed: isSigned) }

    /// float32 storage for a kernel.
    package mutating func withUnsafeMutableFloats<R>(_ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        precondition(dtype == .float32, "state is \(dtype), not float32")
        return try values.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
    }

    /// bfloat16 storage for a kernel.
    package mutating func withUnsafeMutableHalves<R>(_ body: (UnsafeMutablePointer<UInt16>) throws -> R) rethrows -> R {
        precondition(dtype == .bfloat16, "state is \(dtype), not bfloat16")
        return try halves.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
    }

    /// 8-bit codes (as the map indices' bytes) and per-block absmax for a kernel.
    package mutating func withUnsafeMutableCodes<R>(
        _ body: (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<Float>) throws -> R
    ) rethrows -> R {
        precondition(dtype == .int8, "state is \(dtype), not int8")
        return try absmax.withUnsafeMutableBufferPointer { a in
            if isSigned {
                return try signedCodes.withUnsafeMutableBytes { c in
                    try body(c.baseAddress!.assumingMemoryBound(to: UInt8.self), a.baseAddress!)
                }
            }
            return try unsignedCodes.withUnsafeMutableBufferPointer { try body($0.baseAddress!, a.baseAddress!) }
        }
    }

    /// 8-bit codes and per-block absmax, read-only.
    package func withUnsafeCodes<R>(_ body: (UnsafePointer<UInt8>, UnsafePointer<Float>) throws -> R) rethrows -> R {
        precondition(dtype == .int8, "state is \(dtype), not int8")
        return try absmax.withUnsafeBufferPointer { a in
            if isSigned {
                return try signedCodes.withUnsafeBytes { c in
                    try body(c.baseAddress!.assumingMemoryBound(to: UInt8.self), a.baseAddress!)
                }
            }
            return try unsignedCodes.withUnsafeBufferPointer { try body($0.baseAddress!, a.baseAddress!) }
        }
    }
}
