import Foundation
import Testing
@testable import DescentData

@Suite struct SyntheticDataTests {
    /// The points of a dataset as (x0, x1, label), sorted, for comparing sets of points.
    static func sortedPoints(_ data: Dataset) -> [[Double]] {
        (0..<data.count).map { i in
            [Double(data.features.scalars[2 * i]), Double(data.features.scalars[2 * i + 1]), Double(data.targets.scalars[i])]
        }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test func noiselessMoonsAreScikitLearnsPoints() throws {
        // sklearn.datasets.make_moons(n_samples=7, noise=None, shuffle=False).
        let expected: [[Double]] = [
            [1.0, 0.0, 0], [6.123233995736766e-17, 1.0, 0], [-1.0, 1.2246467991473532e-16, 0],
            [0.0, 0.5, 1], [0.4999999999999999, -0.3660254037844386, 1], [1.4999999999999998, -0.3660254037844387, 1],
            [2.0, 0.4999999999999999, 1],
        ].sorted { $0.lexicographicallyPrecedes($1) }
        let moons = try Dataset.moons(count: 7, noise: 0, seed: 0)
        let points = Self.sortedPoints(moons)
        for (p, q) in zip(points, expected) {
            for k in 0..<3 { #expect(abs(p[k] - q[k]) < 1e-6) }
        }
        #expect(moons.classCounts == [3, 4])
    }

    @Test func noisyMoonsAreSeededAndHaveTheRequestedNoise() throws {
        let noisy = try Dataset.moons(count: 2000, noise: 0.1, seed: 1)
        #expect(try Dataset.moons(count: 2000, noise: 0.1, seed: 1) == noisy)
        #expect(try Dataset.moons(count: 2000, noise: 0.1, seed: 2) != noisy)
        // Distance of each point from its moon's circle is about |N(0, 0.1)|: mean 0.1·sqrt(2/π) ≈ 0.0798.
        var total = 0.0
        for i in 0..<noisy.count {
            let x = Double(noisy.features.scalars[2 * i]), y = Double(noisy.features.scalars[2 * i + 1])
            let (cx, cy) = noisy.targets.scalars[i] == 0 ? (0.0, 0.0) : (1.0, 0.5)
            total += abs(((x - cx) * (x - cx) + (y - cy) * (y - cy)).squareRoot() - 1)
        }
        let meanDistance = total / Double(noisy.count)
        #expect(meanDistance > 0.06 && meanDistance < 0.09)
    }

    @Test func noiselessSpiralsFollowTheFormula() throws {
        let spirals = try Dataset.spirals(count: 12, classes: 3, noise: 0, seed: 0)
        #expect(spirals.classCounts == [4, 4, 4])
        // Arm k, point i of 4: r = i/3, θ = 4k + 4i/3, (r sin θ, r cos θ).
        var expected: [[Double]] = []
        for k in 0..<3 {
            for i in 0..<4 {
                let r = Double(i) / 3, theta = 4 * Double(k) + 4 * Double(i) / 3
                expected.append([r * sin(theta), r * cos(theta), Double(k)])
            }
        }
        expected.sort { $0.lexicographicallyPrecedes($1) }
        for (p, q) in zip(Self.sortedPoints(spirals), expected) {
            for k in 0..<3 { #expect(abs(p[k] - q[k]) < 1e-6) }
        }
    }

    @Test func blobsClusterAroundTheirCentresWithTheRequestedSpread() throws {
        let blobs = try Dataset.blobs(count: 3001, features: 2, centers: 3, spread: 0.5, seed: 4)
        #expect(blobs.classCounts == [1001, 1000, 1000])
        for c in 0..<3 {
            let rows = (0..<blobs.count).filter { blobs.targets.scalars[$0] == Float(c) }
            for j in 0..<2 {
                let values = rows.map { Double(blobs.features.scalars[2 * $0 + j]) }
                let mean = values.reduce(0, +) / Double(values.count)
                let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
                #expect(abs(mean) <= 10.1)
                #expect(abs(std - 0.5) < 0.05)
            }
        }
    }

    @Test func linearRegressionTargetsAreTheLinearFunction() throws {
        let (data, coefficients) = try Dataset.linearRegressionWithCoefficients(count: 50, features: 6, informative: 3, outputs: 2, noise: 0, bias: 1.5, seed: 9)
        #expect(data.task == .regression(outputs: 2))
        #expect(coefficients.filter { $0 != 0 }.count == 6)  // three informative features, two outputs each
        #expect(coefficients.allSatisfy { $0 >= 0 && $0 < 100 })
        for row in 0..<50 {
            for output in 0..<2 {
                var y = 1.5
                for j in 0..<6 { y += Double(data.features.scalars[row * 6 + j]) * Double(coefficients[j * 2 + output]) }
                #expect(abs(Double(data.targets.scalars[row * 2 + output]) - y) < 1e-3 * max(1, abs(y)))
            }
        }
    }

    @Test func friedmanTargetsFollowTheFormula() throws {
        let data = try Dataset.friedman1(count: 200, features: 7, noise: 0, seed: 3)
        #expect(data.features.shape == [200, 7] && data.targets.shape == [200, 1])
        #expect(data.features.scalars.allSatisfy { $0 >= 0 && $0 < 1 })
        for row in 0..<200 {
            let x = (0..<5).map { Double(data.features.scalars[row * 7 + $0]) }
            let y = 10 * sin(Double.pi * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3] + 5 * x[4]
            #expect(abs(Double(data.targets.scalars[row]) - y) < 1e-4)
        }
        #expect(dataError { try Dataset.friedman1(count: 10, features: 4) }?.kind == .shapeMismatch)
    }

    @Test func gaussianTimingDataHasTheRequestedShape() throws {
        let data = try Dataset.gaussian(count: 5000, features: 8, classes: 4, seed: 0)
        #expect(data.features.shape == [5000, 8])
        #expect(data.classCounts.allSatisfy { $0 > 1100 && $0 < 1400 })
        let mean = data.features.scalars.reduce(0.0) { $0 + Double($1) } / 40000
        #expect(abs(mean) < 0.03)
    }
}
