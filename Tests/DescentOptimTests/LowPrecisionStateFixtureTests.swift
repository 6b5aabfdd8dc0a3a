import CDescentKernels
import Foundation
import Testing
@testable import DescentOptim

/// The dynamic maps, blockwise quantisation and bfloat16 conversion equal bitsandbytes' and
/// torch's on a fixture (scripts/fixtures/low_precision_state.py).
struct LowPrecisionStateFixtureTests {
    /// The quantised inputs: `inputs(count:seed:)`, sampled every `sample_every` on dequantising.
    struct Inputs: Decodable, Sendable {
        let count: Int
        let seed: UInt64
        let sample_every: Int
    }
    /// "signed" and "unsigned": the dynamic map, blockwise codes (hex), absmax and sampled
    /// dequantised values; "bfloat16": inputs and torch's bits.
    struct Case: Decodable, Sendable {
        let name: String
        let map: [Double]?
        let codes: String?
        let absmax: [Double]?
        let dequantized: [Double]?
        let inputs: [Double]?
        let bits: [UInt16]?
    }

    static let fixture = Fixture<Inputs, Case>.load("low_precision_state")

    static func fixtureCase(_ name: String) -> Case { fixture.cases.first { $0.name == name }! }

    /// The fixture script's inputs: (2u/2^24 − 1)·2^−e from a 64-bit LCG, exact in float32.
    static func inputs(count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(state >> 40), e = Double((state >> 20) % 24)
            return Float((2 * u - 16_777_216) / 16_777_216 * pow(2, -e))
        }
    }

    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)! }
    }

    @Test func dynamicMapsEqualBitsandbytes() {
        #expect(DynamicQuantizationMap.signed == Self.fixtureCase("signed").map!.map { Float($0) })
        #expect(DynamicQuantizationMap.unsigned == Self.fixtureCase("unsigned").map!.map { Float($0) })
        #expect(DynamicQuantizationMap.signed.count == 256 && DynamicQuantizationMap.unsigned.count == 256)
        #expect(DynamicQuantizationMap.preparedSigned.zeroCode == 127)
        #expect(DynamicQuantizationMap.preparedUnsigned.zeroCode == 0)
    }

    @Test func dtypeConstantsMatchTheKernels() {
        #expect(StateDType.blockSize == Int(DESCENT_QBLOCK))
        #expect(StateDType.allCases.map(\.bytesPerElement) == [4, 2, 1])
        #expect(StateDType(rawValue: "bfloat16") == .bfloat16)
        #expect(StateDType.blockCount(4097) == 3)
    }

    /// bitsandbytes' quantize_blockwise and dequantize_blockwise with its own maps.
    @Test(arguments: [true, false])
    func blockwiseQuantisationEqualsBitsandbytes(signed: Bool) {
        let q = Self.fixture.inputs, c = Self.fixtureCase(signed ? "signed" : "unsigned")
        var x = Self.inputs(count: q.count, seed: q.seed)
        if !signed { x = x.map(abs) }
        let map = signed ? DynamicQuantizationMap.preparedSigned : DynamicQuantizationMap.preparedUnsigned
        var codes = [UInt8](repeating: 0, count: q.count), absmax = [Float](repeating: 0, count: StateDType.blockCount(q.count))
        descent_quantize_blockwise(x, &codes, &absmax, q.count, map.pointer, 0)
        let expected = Self.bytes(hex: c.codes!)
        #expect(codes.count == expected.count)
        let differing = zip(codes, expected).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(differing.isEmpty, "\(differing.count) codes differ, first at \(differing.prefix(5))")
        #expect(absmax == c.absmax!.map { Float($0) })
        var back = [Float](repeating: 0, count: q.count)
        descent_dequantize_blockwise(codes, absmax, &back, q.count, map.pointer)
        let sampled = stride(from: 0, to: q.count, by: q.sample_every).map { back[$0] }
        let expectedSamples = c.dequantized!.map { Float($0) }
        let wrong = zip(sampled, expectedSamples).filter { $0 != $1 }.count
        #expect(sampled.count == expectedSamples.count && wrong == 0, "\(wrong) dequantised samples differ")
        if signed {
            // The signed state buffer is exactly bitsandbytes' quantisation.
            let buffer = QuantizedStateBuffer(from: x, dtype: .int8, signed: true)
            #expect(buffer.signedCodes.map { UInt8(bitPattern: $0) } == codes && buffer.bytes == q.count + 2 * 4)
        }
    }

    /// Blockwise quantisation with the first state's sign rule equals the plain Swift reference
    /// (nearest entry, then a code of the other sign moved one over) on the fixture's inputs
    /// (magnitudes 2^-24..1 of both signs, so the smallest buckets of both signs are used, ±0
    /// added), and a block whose absmax is infinite takes the clamping path alike.
    @Test(arguments: [false, true])
    func signRuleQuantisationEqualsTheReference(infiniteBlock: Bool) {
        let q = Self.fixture.inputs
        var x = Self.inputs(count: q.count, seed: q.seed)
        x[3] = 0
        x[4] = -0.0
        x[5] = -Float.leastNonzeroMagnitude
        if infiniteBlock { x[2100] = -.infinity }
        var codes = [UInt8](repeating: 0, count: q.count), absmax = [Float](repeating: 0, count: StateDType.blockCount(q.count))
        descent_quantize_blockwise(x, &codes, &absmax, q.count, DynamicQuantizationMap.preparedSigned.pointer, 1)
        for (b, start) in stride(from: 0, to: q.count, by: StateDType.blockSize).enumerated() {
            let end = min(start + StateDType.blockSize, q.count)
            let (expected, expectedAbsmax) = LowPrecisionStepTests.encode(x[start..<end], DynamicQuantizationMap.signed, keepSign: true)
            #expect(absmax[b] == expectedAbsmax)
            // x / inf is ±0 or NaN (inf / inf): the reference's divisor rule, not the kernels' scale.
            if expectedAbsmax.isFinite {
                let wrong = (start..<end).filter { codes[$0] != expected[$0 - start] }
                #expect(wrong.isEmpty, "block \(b): \(wrong.count) codes differ, first at \(wrong.prefix(3))")
            }
        }
        #expect(codes[3] == 127 && codes[4] == 126 && codes[5] == 126)
    }

    /// Second moments use bitsandbytes' unsigned map without its zero: only code 0 differs,
    /// and a block with any non-zero value decodes no element to zero.
    @Test func secondMomentMapHasNoZero() {
        let (bnb, ours) = (DynamicQuantizationMap.unsigned, DynamicQuantizationMap.secondMoment)
        #expect(bnb[0] == 0 && ours[0] == bnb[1] / 2 && Array(ours.dropFirst()) == Array(bnb.dropFirst()))
        var x = (0..<4096).map { Float($0 % 7) * 1e-12 }
        x[5] = 1
        let buffer = QuantizedStateBuffer(from: x, dtype: .int8, signed: false)
        #expect(buffer.floats().prefix(2048).allSatisfy { $0 > 0 })
        #expect(QuantizedStateBuffer(from: [Float](repeating: 0, count: 10), dtype: .int8, signed: false).floats().allSatisfy { $0 == 0 })
    }

    @Test func bfloat16RoundsToNearestEvenAsTorch() {
        let b = Self.fixtureCase("bfloat16")
        let x = b.inputs!.map { Float($0) }
        let buffer = QuantizedStateBuffer(from: x, dtype: .bfloat16)
        let wrong = zip(buffer.halves, b.bits!).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(buffer.halves.count == b.bits!.count && wrong.isEmpty, "bf16 differs at \(wrong)")
        let roundTrip = buffer.floats() == b.bits!.map { Float(bitPattern: UInt32($0) << 16) }
        #expect(roundTrip)
        #expect(buffer.bytes == 2 * x.count)
        // NaN stays NaN; ±inf stay.
        let special = QuantizedStateBuffer(from: [.nan, .infinity, -.infinity], dtype: .bfloat16).floats()
        #expect(special[0].isNaN && special[1] == .infinity && special[2] == -.infinity)
    }

    @Test func zeroStateDequantisesToZero() {
        for dtype in StateDType.allCases {
            for signed in [true, false] {
                let zeros = QuantizedStateBuffer(zeros: 5000, dtype: dtype, signed: signed)
                let allZero = zeros.floats() == [Float](repeating: 0, count: 5000)
                #expect(allZero, "\(dtype) signed \(signed)")
                #expect(zeros.bytes == 5000 * dtype.bytesPerElement + (dtype == .int8 ? 3 * 4 : 0))
            }
        }
    }
}
