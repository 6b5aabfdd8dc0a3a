import Foundation
import Testing
@testable import DescentOptim

/// The dense linear algebra behind Shampoo and SOAP: eigendecomposition, inverse roots, QR.
struct KroneckerFactorsTests {
    @Test func symmetricEigenReconstructsAndInverseRootInverts() {
        // A symmetric positive definite 5 × 5 matrix: B·Bᵀ + I.
        let n = 5
        var b = [Double](repeating: 0, count: n * n)
        for index in 0..<(n * n) {
            let pattern = (index * 37 + 11) % 17
            b[index] = Double(pattern) / 7 - 1
        }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                for k in 0..<n {
                    let product: Double = b[i * n + k] * b[j * n + k]
                    a[i * n + j] += product
                }
            }
        }
        for i in 0..<n { a[i * n + i] += 1 }
        let (values, vectors) = KroneckerFactors.symmetricEigen(a, n: n)
        #expect(values == values.sorted())
        // numpy.linalg.eigvalsh of the same matrix.
        let numpy = [1.066204582974547, 1.9257405329978128, 2.9679505425775745, 5.172764439675213, 7.11223786095853]
        #expect(zip(values, numpy).allSatisfy { abs($0 - $1) < 1e-12 })
        let jacobi = SymmetricEigen.jacobi(a, n: n)
        #expect(zip(jacobi.values, numpy).allSatisfy { abs($0 - $1) < 1e-12 })
        // Both solvers give the same eigenvectors up to sign.
        var vectorGap = 0.0
        for column in 0..<n {
            var dot = 0.0
            for k in 0..<n { dot += vectors[k * n + column] * jacobi.vectors[k * n + column] }
            vectorGap = max(vectorGap, abs(abs(dot) - 1))
        }
        #expect(vectorGap < 1e-10)
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var rebuilt = 0.0, gram = 0.0
                for k in 0..<n {
                    rebuilt += vectors[i * n + k] * values[k] * vectors[j * n + k]
                    gram += vectors[k * n + i] * vectors[k * n + j]
                }
                worst = max(worst, abs(rebuilt - a[i * n + j]), abs(gram - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-12)
        // (A^(−1/4))⁴·A = I.
        let root = KroneckerFactors.inverseRoot(a, n: n, power: 4).map(Double.init)
        func multiply(_ x: [Double], _ y: [Double]) -> [Double] {
            var result = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n {
                    var sum = 0.0
                    for k in 0..<n { sum += x[i * n + k] * y[k * n + j] }
                    result[i * n + j] = sum
                }
            }
            return result
        }
        let identity = multiply(multiply(multiply(multiply(root, root), root), root), a)
        var error = 0.0
        for i in 0..<n { for j in 0..<n { error = max(error, abs(identity[i * n + j] - (i == j ? 1 : 0))) } }
        #expect(error < 1e-4)
        // QR: orthonormal columns spanning the same space (the first column is a's, normalised).
        let q = KroneckerFactors.orthonormalColumns(a, n: n)
        var squared = 0.0
        for i in 0..<n { squared += a[i * n] * a[i * n] }
        var firstColumnError = 0.0
        for i in 0..<n { firstColumnError = max(firstColumnError, abs(q[i * n] - a[i * n] / squared.squareRoot())) }
        #expect(firstColumnError < 1e-12)
    }
}
