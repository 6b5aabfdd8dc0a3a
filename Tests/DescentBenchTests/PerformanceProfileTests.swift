import Foundation
import Testing
@testable import DescentBench

@Suite struct PerformanceProfileTests {
    struct Case: Decodable {
        let name: String
        let optimizers: [String]
        let workloads: [String]
        let times: [[Double?]]
        let scores: [Double]
        let rho_at: [String: [Double]]
    }

    static func cases() throws -> [Case] {
        try BenchFixture.load("performance_profile", as: [Case].self)
    }

    @Test func matchesAlgoPerfScoringOnFixtures() throws {
        for c in try Self.cases() {
            let profile = PerformanceProfile(optimizers: c.optimizers, workloads: c.workloads,
                                             times: c.times.map { $0.map { $0 ?? .infinity } })
            for (score, expected) in zip(profile.scores, c.scores) {
                #expect(abs(score - expected) < 1e-12, "\(c.name): \(score) vs \(expected)")
            }
            for (index, expected) in c.rho_at {
                for (o, value) in expected.enumerated() { #expect(profile.rho[o][Int(index)!] == value, "\(c.name) rho[\(o)][\(index)]") }
            }
        }
    }

    @Test func handComputedMissAndRatios() {
        // a: 10 and 20 steps (best on both); b: 20 steps on w1 (r = 2), misses w2 (r = ∞).
        let profile = PerformanceProfile(optimizers: ["a", "b"], workloads: ["w1", "w2"], times: [[10, 20], [20, .infinity]])
        #expect(profile.ratios == [[1, 1], [2, .infinity]])
        #expect(profile.scores[0] == 1)
        // ρ_b is 0 below τ = 2 and 1/2 from there to 4: (4 − 2)·½ / 3 = 1/3, up to one grid step of the trapezoid rule.
        #expect(abs(profile.scores[1] - 1.0 / 3) < 3.0 / 999)
        #expect(profile.rho[1].first == 0 && profile.rho[1].last == 0.5)
    }

    @Test func tiesShareTheBestRatio() {
        let profile = PerformanceProfile(optimizers: ["a", "b"], workloads: ["w"], times: [[7], [7]])
        #expect(profile.ratios == [[1], [1]])
        #expect(profile.scores == [1, 1])
    }

    @Test func aWorkloadNobodyReachesCountsForNobody() {
        let profile = PerformanceProfile(optimizers: ["a", "b"], workloads: ["w1", "w2"], times: [[.infinity, 5], [.infinity, 10]])
        #expect(profile.ratios[0][0].isNaN && profile.ratios[1][0].isNaN)
        #expect(profile.rho[0].allSatisfy { $0 == 0.5 })
        #expect(abs(profile.scores[0] - 0.5) < 1e-12)
        // b is exactly 2× slower on w2: ρ_b = ½ from τ = 2, so ≈ (4 − 2)·½ / 3.
        #expect(abs(profile.scores[1] - 1.0 / 3) < 3.0 / 999)
    }

    @Test func linspaceAndTrapezoidAsNumPy() {
        let grid = PerformanceProfile.linspace(1, 4, 1000)
        #expect(grid.count == 1000 && grid.first == 1 && grid.last == 4)
        #expect(abs(grid[333] - (1 + 333 * 3.0 / 999)) < 1e-15)
        #expect(PerformanceProfile.trapezoid([0, 1, 1], x: [0, 1, 3]) == 2.5)
    }

    @Test func geometricMeanSpeedupOnSharedWorkloads() {
        // NAdamW 100, 200, ∞, 50; candidate 50, 400, 10, ∞: shared w1 (2×) and w2 (½×): geomean 1.
        let speedup = PerformanceProfile.geometricMeanSpeedup([50, 400, 10, .infinity], over: [100, 200, .infinity, 50])
        #expect(abs(speedup! - 1) < 1e-12)
        #expect(abs(PerformanceProfile.geometricMeanSpeedup([25, 50], over: [100, 400])! - (4.0 * 8).squareRoot()) < 1e-12)
        #expect(PerformanceProfile.geometricMeanSpeedup([.infinity], over: [3]) == nil)
    }
}
