import CDescentKernels
import Foundation
import Testing
@testable import DescentCore

/// The symmetric eigensolver and the OpenBLAS it runs on.
struct SymmetricEigenTests {
    /// A · v = λ · v for every pair, and LAPACK agrees with the Jacobi rotations.
    @Test func eigenpairsSatisfyTheirEquation() {
        let n = 24
        var generator = RandomGenerator(seed: 9)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0...i { let v = Double(generator.normal()); a[i * n + j] = v; a[j * n + i] = v } }
        let (values, vectors) = SymmetricEigen.decompose(a, n: n)
        let (jacobiValues, _) = SymmetricEigen.jacobi(a, n: n)
        for c in 0..<n {
            #expect(abs(values[c] - jacobiValues[c]) < 1e-9)
            for i in 0..<n {
                let av = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * vectors[$1 * n + c] }
                #expect(abs(av - values[c] * vectors[i * n + c]) < 1e-9)
            }
        }
    }

    #if os(Linux) && arch(x86_64)
    /// OpenBLAS, loaded on first use, does not run the Prescott (SSE3) kernels it falls back to
    /// on CPU models it does not know, where the CPU has AVX2 (unless OPENBLAS_CORETYPE chose).
    @Test func openBLASRunsKernelsForThisCPU() throws {
        // OpenBLAS is a dependency on Linux (make deps): it must load, and the variables set for
        // its load are gone after it
        let threadsBefore = getenv("OPENBLAS_NUM_THREADS") != nil
        let name = String(cString: try #require(descent_openblas_corename()))
        #expect((getenv("OPENBLAS_NUM_THREADS") != nil) == threadsBefore)
        #expect(SymmetricEigen.lapack([2, 1, 1, 2], n: 2)?.values == [1, 3])
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? []
        guard flags.contains("avx2"), flags.contains("fma"), ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil else { return }
        #expect(name != "Prescott")
    }
    #endif
}
