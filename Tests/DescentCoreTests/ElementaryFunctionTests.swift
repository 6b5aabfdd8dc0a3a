import Foundation
import Testing
@testable import DescentCore

/// The vectorised elementary functions (the C kernels behind Tensor's exp, tanh, sigmoid,
/// gelu and log-softmax) against libm over their whole useful range.
struct ElementaryFunctionTests {
    static let inputs: [Float] = {
        var values: [Float] = [0, -0.0, 1e-8, -1e-8, 0.003, -0.003, 1, -1, 20, -20, 88, -87, 88.7, -87.4, -100, 100]
        var generator = RandomGenerator(seed: 3)
        for _ in 0..<20_000 { values.append(generator.uniform(-30, 30)) }
        for _ in 0..<2_000 { values.append(generator.uniform(-0.01, 0.01)) }
        return values
    }()

    /// Checks `values` (a function of each input, in order): within `relative`·|expected| + `absolute` of `reference`.
    static func check(_ values: [Float], _ reference: (Double) -> Double, relative: Double, absolute: Double) {
        var worst = 0.0
        for (x, y) in zip(inputs, values) {
            let expected = reference(Double(x))
            if abs(expected) > Double(Float.greatestFiniteMagnitude) {
                #expect(Double(y) == (expected > 0 ? .infinity : -.infinity))
                continue
            }
            worst = max(worst, abs(Double(y) - expected) / (relative * abs(expected) + absolute))
        }
        #expect(worst <= 1, "worst error in tolerance units: \(worst)")
    }

    static func tensor(_ f: (Tensor) -> Tensor) -> [Float] { f(Tensor(inputs)).scalars }

    /// x·Φ(x), with Φ from erfc so that the reference keeps the lower tail.
    static func gelu(_ x: Double) -> Double { 0.5 * x * Foundation.erfc(-x / 2.0.squareRoot()) }
    static func geluDerivative(_ x: Double) -> Double {
        0.5 * Foundation.erfc(-x / 2.0.squareRoot()) + x * Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot()
    }
    static func geluTanh(_ x: Double) -> Double { 0.5 * x * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x))) }

    @Test func expMatchesLibm() { Self.check(Self.tensor { $0.exp() }, { Foundation.exp($0) }, relative: 4e-7, absolute: 1e-44) }
    @Test func tanhMatchesLibm() { Self.check(Self.tensor { $0.tanh() }, { Foundation.tanh($0) }, relative: 6e-7, absolute: 1e-7) }
    @Test func sigmoidMatchesLibm() { Self.check(Self.tensor { $0.sigmoid() }, { 1 / (1 + Foundation.exp(-$0)) }, relative: 6e-7, absolute: 1e-44) }
    // erf's fit has an absolute error of 1.2e-7; GELU scales it by x/2.
    @Test func geluMatchesLibm() { Self.check(Self.tensor { $0.gelu() }, Self.gelu, relative: 4e-7, absolute: 3e-6) }
    /// The lower tail in relative terms: 1 + erf(x/√2) would cancel to 0 or to a few ulps of 1
    /// long before Φ(x) underflows (x·Φ(x) at −10 is −7.6e-23).
    @Test func geluKeepsTheLowerTail() {
        let tail: [Float] = stride(from: -12.5, through: -3, by: 0.01).map { Float($0) }
        for (x, y) in zip(tail, Tensor(tail).gelu().scalars) {
            let expected = Self.gelu(Double(x))
            #expect(abs(Double(y) - expected) <= 2e-5 * abs(expected), "gelu(\(x)) = \(y), expected \(expected)")
        }
    }
    @Test func geluDerivativeMatchesLibm() {
        let x = Tensor(Self.inputs.filter { abs($0) < 13 })
        let dx = gradient(at: x) { $0.gelu().sum() }
        var worst = 0.0
        for (x, d) in zip(x.scalars, dx.scalars) {
            worst = max(worst, abs(Double(d) - Self.geluDerivative(Double(x))) / (4e-7 * abs(Self.geluDerivative(Double(x))) + 3e-7))
        }
        #expect(worst <= 1, "worst error in tolerance units: \(worst)")
    }
    @Test func geluTanhMatchesLibm() { Self.check(Self.tensor { $0.gelu(approximateTanh: true) }, Self.geluTanh, relative: 6e-7, absolute: 3e-7) }

    @Test func logSoftmaxMatchesLibm() {
        // Rows of 37 (two 16-lane blocks and a tail) from the inputs, against a Double reference.
        let n = 37, rows = Self.inputs.count / n
        let x = Tensor(shape: [rows, n], scalars: Array(Self.inputs.prefix(rows * n)))
        let y = x.logSoftmax(alongAxis: 1).scalars
        var worst = 0.0
        for r in 0..<rows {
            let row = x.scalars[(r * n)..<(r * n + n)].map(Double.init)
            let m = row.max()!, logSum = Foundation.log(row.map { Foundation.exp($0 - m) }.reduce(0, +))
            for k in 0..<n { worst = max(worst, abs(Double(y[r * n + k]) - (row[k] - m - logSum)) / (1e-6 * abs(row[k] - m - logSum) + 1e-6)) }
        }
        #expect(worst <= 1, "worst error in tolerance units: \(worst)")
    }

    @Test func specialValues() {
        let x = Tensor([.nan, -.infinity, .infinity, 50, -50, -1e-30])
        let rows = Tensor([[.nan, 1, 2], [-.infinity, -.infinity, -.infinity], [1000, 0, -1000]]).logSoftmax(alongAxis: 1).scalars
        #expect(rows[0...2].allSatisfy(\.isNaN) && rows[3...5].allSatisfy(\.isNaN))  // as torch.log_softmax
        #expect(rows[6] == 0 && rows[7] == -1000 && rows[8] == -2000)
        let e = x.exp().scalars, t = x.tanh().scalars, s = x.sigmoid().scalars
        #expect(e[0].isNaN && e[1] == 0 && e[2] == .infinity && e[5] == 1)
        #expect(t[0].isNaN && t[1] == -1 && t[2] == 1 && t[3] == 1 && t[4] == -1)
        #expect(s[0].isNaN && s[1] == 0 && s[2] == 1 && s[3] == 1)
        let g = x.gelu().scalars
        #expect(g[0].isNaN && g[3] == 50 && g[4] == 0)
    }
}
