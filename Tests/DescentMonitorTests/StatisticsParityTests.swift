import Foundation
import Testing
@testable import DescentMonitor

/// Every statistic and p-value equals scipy's (and Evidently's formulas) on generated fixtures.
@Suite struct StatisticsParityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let sample: DriftSample
        let results: [String: [String: Double]]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let root = try? Fixture.json("statistics"), let list = root["cases"] as? [[String: Any]] else { return [] }
        return list.map { c in
            let name = c["name"] as! String
            let sample: DriftSample
            if c["type"] as! String == "numeric" {
                if let gen = c["generator"] as? [String: Any] {
                    sample = .numeric(reference: Fixture.lattice(gen["reference"] as! [Any]), current: Fixture.lattice(gen["current"] as! [Any]))
                } else {
                    sample = .numeric(reference: Fixture.doubles(c["reference"]), current: Fixture.doubles(c["current"]))
                }
            } else {
                sample = .categorical(reference: c["reference"] as! [String], current: c["current"] as! [String])
            }
            var results = [String: [String: Double]]()
            for (test, r) in c["results"] as! [String: [String: Any]] {
                results[test] = r.mapValues(Fixture.double)
            }
            return Case(name: name, sample: sample, results: results)
        }
    }()

    @Test func fixtureHasEnoughCases() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func matchesScipy(_ c: Case) {
        #expect(!c.results.isEmpty)
        for (name, expected) in c.results.sorted(by: { $0.key < $1.key }) {
            guard let test = StatTest(rawValue: name) else {
                Issue.record("unknown test \(name)")
                continue
            }
            let r = test.run(c.sample, permutations: 0)
            if let s = expected["statistic"] {
                expectClose(r.statistic, s, isPValue: false, "\(c.name) \(name) statistic")
            }
            if let p = expected["p_value"] {
                expectClose(r.pValue ?? .nan, p, isPValue: true, "\(c.name) \(name)")
            }
        }
    }

    @Test func kolmogorovDistributionMatchesKstwo() throws {
        let root = try Fixture.json("statistics")
        let list = try #require(root["kstwo"] as? [[String: Any]])
        #expect(list.count > 80)
        for item in list {
            let n = item["n"] as! Int
            let d = (item["d"] as! NSNumber).doubleValue
            let sf = (item["sf"] as! NSNumber).doubleValue
            expectClose(KolmogorovDistribution.sf(d, n: n), sf, isPValue: true, "kstwo.sf(\(d), \(n))")
        }
    }
}
