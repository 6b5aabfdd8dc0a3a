import Foundation
import Testing
@testable import DescentBench

@Suite struct TuningTests {
    @Test func haltonMatchesScipyUnscrambled() throws {
        struct Fixture: Decodable { let dimension: Int; let points: [[Double]] }
        let fixture = try BenchFixture.load("halton", as: Fixture.self)
        let sequence = HaltonSequence(dimension: fixture.dimension)
        #expect(sequence.bases == [2, 3, 5, 7, 11])
        for (index, expected) in fixture.points.enumerated() {
            for (value, reference) in zip(sequence.point(index), expected) { #expect(abs(value - reference) < 1e-15, "point \(index)") }
        }
    }

    @Test func searchSpaceMapsCoordinates() throws {
        let space = try SearchSpace(json: Data("""
            {"lr": {"min": 1e-4, "max": 1e-2, "scaling": "log"}, "one_minus_beta1": {"min": 0.0, "max": 0.2},
             "weight_decay": {"feasible_points": [0.0, 0.1, 0.5]}}
            """.utf8), source: "space.json")
        #expect(space.dimensions.map(\.name) == ["lr", "one_minus_beta1", "weight_decay"])
        let values = space.values(at: [0.5, 0.25, 0.7])
        #expect(abs(values["lr"]! - 1e-3) < 1e-15)
        #expect(abs(values["one_minus_beta1"]! - 0.05) < 1e-15)
        #expect(values["weight_decay"] == 0.5)
        // Trial 0 is Halton point 1: (1/2, 1/3, 1/5).
        let first = space.trial(0)
        #expect(abs(first["lr"]! - 1e-3) < 1e-15 && first["weight_decay"] == 0.0)
        let nadamw = try BenchOptimizer(named: "nadamw", searchSpace: space)
        let (h, warmup) = nadamw.resolve(values)
        #expect(abs(h["beta1"]! - 0.95) < 1e-15 && h["decoupled_weight_decay"] == 1 && warmup == 0.05)
    }

    @Test func badSearchSpacesAreOneLine() {
        for (text, fragment) in [
            (#"{"lr": {"min": 1e-2, "max": 1e-4, "scaling": "log"}}"#, "min 0.01 must be below max 0.0001"),
            (#"{"lr": {"min": 0, "max": 1, "scaling": "log"}}"#, "a log range needs min > 0"),
            (#"{"lr": {"min": 1e-4, "max": 1, "scaling": "cubic"}}"#, "scaling must be log or linear"),
            (#"{"lr": {"feasible_points": []}}"#, "non-empty list"),
            (#"{"lr": {"max": 1}}"#, "needs min and max"),
            (#"[1, 2]"#, "not a JSON object"),
        ] {
            #expect(throws: SearchSpaceError.self) { try SearchSpace(json: Data(text.utf8), source: "s.json") }
            do { _ = try SearchSpace(json: Data(text.utf8), source: "s.json") } catch {
                #expect("\(error)".hasPrefix("s.json: ") && "\(error)".contains(fragment) && !"\(error)".contains("\n"), "\(error)")
            }
        }
        #expect(throws: SearchSpaceError.self) {
            try BenchOptimizer(named: "sgd", searchSpace: SearchSpace(["beta7": .feasible([1])]))
        }
        #expect(throws: (any Error).self) { try BenchOptimizer(named: "nosuch") }
    }

    @Test func externalPlansShareHaltonPointsAcrossStudies() throws {
        let adamw = try BenchOptimizer(named: "adamw")
        let plans = TuningRuleset.external(studies: 2, trials: 3).plans(for: adamw)
        #expect(plans.map(\.study) == [0, 0, 0, 1, 1, 1] && plans.map(\.trial) == [0, 1, 2, 0, 1, 2])
        #expect(plans.map(\.seed) == [0, 1, 2, 3, 4, 5])
        #expect(plans[4].point == adamw.searchSpace.trial(4))
        #expect(Set(plans.map(\.point)).count == 6)
        let selfPlans = TuningRuleset.selfTuning(studies: 3).plans(for: adamw)
        #expect(selfPlans.count == 3 && selfPlans.allSatisfy { $0.point.isEmpty })
    }

    @Test func timeToTargetIsMedianOverStudiesOfBestTrial() {
        #expect(TuningRuleset.timeToTarget([[30, 20, .infinity], [50, 40, 45], [.infinity, .infinity, .infinity]]) == 40)
        #expect(TuningRuleset.timeToTarget([[10, 12], [.infinity, .infinity]]) == .infinity)  // a miss takes part
        #expect(TuningRuleset.timeToTarget([[10], [20], [30], [40]]) == 25)
        #expect(TuningRuleset.median([.infinity, 3, .infinity]) == .infinity)
    }
}
