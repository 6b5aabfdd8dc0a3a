import Foundation
import Testing
@testable import DescentCore

/// The vectorised functions against libm over their whole useful range.
struct VectorMathTests {
    static let inputs: [Float] = {
        var values: [Float] = [0, -0.0, 1e-8, -1e-8, 0.003, -0.003, 1, -1, 20, -20, 88, -87, 88.7, -87.4, -100, 100]
        var generator = RandomGenerator(seed: 3)
        for _ in 0..<20_000 { values.append(generator.uniform(-30, 30)) }
        for _ in 0..<2_000 { values.append(generator.uniform(-0.01, 0.01)) }
        return values
    }()

    static func check(_ f: (SIMD16<Float>) -> SIMD16<Float>, _ reference: (Double) -> Double, relative: Double, absolute: Double) {
        var worst = 0.0
        for start in stride(from: 0, to: inputs.count, by: 16) {
            var v = SIMD16<Float>()
            let n = min(16, inputs.count - start)
            for k in 0..<n { v[k] = inputs[start + k] }
            let r = f(v)
            for k in 0..<n {
                let expected = reference(Double(inputs[start + k]))
                let error = abs(Double(r[k]) - expected)
                if abs(expected) > Double(Float.greatestFiniteMagnitude) {
                    #expect(Double(r[k]) == (expected > 0 ? .infinity : -.infinity))
                    continue
                }
                worst = max(worst, error / (relative * abs(expected) + absolute))
            }
        }
        #expect(worst <= 1, "worst error in tolerance units: \(worst)")
    }

    @Test func expMatchesLibm() { Self.check(VectorMath.exp, { Foundation.exp($0) }, relative: 4e-7, absolute: 1e-44) }
    @Test func erfMatchesLibm() { Self.check(VectorMath.erf, { Foundation.erf($0) }, relative: 2e-7, absolute: 4e-7) }
    @Test func tanhMatchesLibm() { Self.check(VectorMath.tanh, { Foundation.tanh($0) }, relative: 6e-7, absolute: 1e-7) }
    @Test func sigmoidMatchesLibm() { Self.check(VectorMath.sigmoid, { 1 / (1 + Foundation.exp(-$0)) }, relative: 6e-7, absolute: 1e-44) }

    @Test func specialValues() {
        let r = VectorMath.exp(SIMD16<Float>(repeating: .nan))
        #expect(r[0].isNaN)
        #expect(VectorMath.exp(SIMD16<Float>(repeating: -.infinity))[0] == 0)
        #expect(VectorMath.exp(SIMD16<Float>(repeating: .infinity))[0] == .infinity)
        #expect(VectorMath.tanh(SIMD16<Float>(repeating: 50))[0] == 1)
        #expect(VectorMath.tanh(SIMD16<Float>(repeating: -50))[0] == -1)
    }
}
