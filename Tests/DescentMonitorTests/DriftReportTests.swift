import Foundation
import Testing
@testable import DescentMonitor

/// Synthetic data with known shifts, false-alarm rates, automatic test choice and bad input.
@Suite struct DriftReportTests {
    struct Normal {
        var rng: SplitMix64
        init(seed: UInt64) { rng = SplitMix64(seed: seed) }
        mutating func next() -> Double {
            let u1 = (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992
            let u2 = Double(rng.next() >> 11) / 9_007_199_254_740_992
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        mutating func sample(_ n: Int, mean: Double = 0, sd: Double = 1) -> [Double] { (0..<n).map { _ in mean + sd * next() } }
    }

    static func table(_ columns: [Column], _ source: String) -> Table { Table(columns: columns, source: source) }

    @Test func namesExactlyTheShiftedColumns() throws {
        var g = Normal(seed: 1)
        let shifted: Set<String> = ["c2", "c5", "c7", "cat1"]
        var ref: [Column] = [], cur: [Column] = []
        for i in 0..<10 {
            let name = "c\(i)"
            ref.append(Column(name: name, numbers: g.sample(5000)))
            cur.append(Column(name: name, numbers: g.sample(4000, mean: shifted.contains(name) ? 0.5 : 0)))
        }
        for (name, p) in [("cat0", 0.3), ("cat1", 0.6)] {
            var rng = SplitMix64(seed: 9)
            func draw(_ share: Double, _ n: Int) -> [String?] {
                (0..<n).map { _ in Double(rng.next() >> 11) / 9_007_199_254_740_992 < share ? "a" : (rng.next() % 2 == 0 ? "b" : "c") }
            }
            ref.append(Column(name: name, type: .categorical, strings: draw(0.3, 5000)))
            cur.append(Column(name: name, type: .categorical, strings: draw(p, 4000)))
        }
        let report = try DriftReport(reference: Self.table(ref, "ref"), current: Self.table(cur, "cur"))
        #expect(Set(report.driftedColumns) == shifted)
        #expect(report.columns.first { $0.name == "c0" }?.test == .wasserstein)
        #expect(report.columns.first { $0.name == "cat0" }?.test == .jensenshannon)
        #expect(report.driftShare == 4.0 / 12.0)
        #expect(report.drift == false)
        let strict = try DriftReport(reference: Self.table(ref, "ref"), current: Self.table(cur, "cur"), options: DriftOptions(driftShare: 0.3))
        #expect(strict.drift == true)
    }

    @Test func falseAlarmRateIsNominalOver200Repetitions() throws {
        var g = Normal(seed: 42)
        var ksAlarms = 0, zAlarms = 0
        for _ in 0..<200 {
            let r = Column(name: "x", numbers: g.sample(200)), c = Column(name: "x", numbers: g.sample(150))
            let report = try DriftReport(reference: Self.table([r], "r"), current: Self.table([c], "c"))
            #expect(report.columns[0].test == .ks)
            if report.columns[0].drifted == true { ksAlarms += 1 }
            let rb = Column(name: "b", type: .categorical, strings: g.sample(300).map { $0 < 0.3 ? "no" : "yes" })
            let cb = Column(name: "b", type: .categorical, strings: g.sample(250).map { $0 < 0.3 ? "no" : "yes" })
            let zr = try DriftReport(reference: Self.table([rb], "r"), current: Self.table([cb], "c"))
            #expect(zr.columns[0].test == .z)
            if zr.columns[0].drifted == true { zAlarms += 1 }
        }
        // Binomial(200, 0.05): mean 10, sd 3.1; accept within about three standard deviations.
        #expect((1...20).contains(ksAlarms), "KS false alarms \(ksAlarms)/200")
        #expect((1...20).contains(zAlarms), "z-test false alarms \(zAlarms)/200")
    }

    /// Evidently's `chisquare` is a goodness-of-fit test against the reference shares taken as
    /// exact, so with samples of similar size it alarms far more often than its nominal 5%;
    /// this pins that documented behaviour (kept for parity with Evidently).
    @Test func chiSquareAsEvidentlyDefinesItOveralarmsWithSimilarSizes() throws {
        var g = Normal(seed: 42)
        var alarms = 0
        for _ in 0..<200 {
            let rc = Column(name: "k", type: .categorical, strings: g.sample(300).map { $0 < -0.5 ? "lo" : ($0 < 0.5 ? "mid" : "hi") })
            let cc = Column(name: "k", type: .categorical, strings: g.sample(300).map { $0 < -0.5 ? "lo" : ($0 < 0.5 ? "mid" : "hi") })
            let cr = try DriftReport(reference: Self.table([rc], "r"), current: Self.table([cc], "c"))
            #expect(cr.columns[0].test == .chisquare)
            if cr.columns[0].drifted == true { alarms += 1 }
        }
        #expect((21...70).contains(alarms), "chi-square false alarms \(alarms)/200")
    }

    @Test func automaticChoiceFollowsEvidently() {
        let s = TestSelection()
        #expect(s.test(for: .numeric, referenceCount: 1000, distinctCount: 6) == .ks)
        #expect(s.test(for: .numeric, referenceCount: 1000, distinctCount: 5) == .chisquare)
        #expect(s.test(for: .numeric, referenceCount: 1000, distinctCount: 2) == .z)
        #expect(s.test(for: .numeric, referenceCount: 1001, distinctCount: 6) == .wasserstein)
        #expect(s.test(for: .numeric, referenceCount: 1001, distinctCount: 5) == .jensenshannon)
        #expect(s.test(for: .categorical, referenceCount: 10, distinctCount: 3) == .chisquare)
        #expect(s.test(for: .categorical, referenceCount: 10, distinctCount: 2) == .z)
        #expect(s.test(for: .categorical, referenceCount: 5000, distinctCount: 2) == .jensenshannon)
        #expect(s.test(for: .text, referenceCount: 10, distinctCount: 10) == .textContentDrift)
    }

    @Test func overridesTestAndThreshold() throws {
        var g = Normal(seed: 3)
        let r = Column(name: "x", numbers: g.sample(300)), c = Column(name: "x", numbers: g.sample(300, mean: 0.2))
        let opts = DriftOptions(tests: ["x": .psi], thresholds: ["x": 1e-6])
        let report = try DriftReport(reference: Self.table([r], "r"), current: Self.table([c], "c"), options: opts)
        let col = report.columns[0]
        #expect(col.test == .psi)
        #expect(col.pValue == nil)
        #expect(col.threshold == 1e-6)
        #expect(col.drifted == true)
        #expect(col.statistic == PopulationStabilityIndex.index(.numeric(reference: r.presentNumbers(), current: c.presentNumbers())))
    }

    @Test func badInputIsOneLineOrNotTestable() throws {
        let ref = Self.table([
            Column(name: "num", numbers: [1, 2, 3, 4]),
            Column(name: "empty", numbers: [nil, nil, 1, 2]),
            Column(name: "const", type: .categorical, strings: ["a", "a", "a", "a"]),
            Column(name: "inf", numbers: [1, 2, 3, 4]),
            Column(name: "txt", type: .text, strings: ["x y", "z", "w", "v"]),
        ], "ref.csv")
        let cur = Self.table([
            Column(name: "num", numbers: [1, 5, 6, 7]),
            Column(name: "empty", numbers: [nil, nil, nil, nil]),
            Column(name: "const", type: .categorical, strings: ["a", "a", nil, "a"]),
            Column(name: "inf", numbers: [1, .infinity, 3, -.infinity]),
            Column(name: "txt", type: .text, strings: ["q", "r", "s", "t"]),
        ], "cur.csv")
        let report = try DriftReport(reference: ref, current: cur)
        let byName = Dictionary(uniqueKeysWithValues: report.columns.map { ($0.name, $0) })
        #expect(byName["num"]?.isTestable == true)
        #expect(byName["empty"]?.notTestableReason == "all values missing in current")
        #expect(byName["const"]?.notTestableReason == "a single distinct value (a) in both samples")
        #expect(byName["inf"]?.notTestableReason == "2 infinite values in current")
        #expect(byName["txt"]?.notTestableReason == "abs_text_content_drift needs at least 10 texts in each sample")
        #expect(report.testedCount == 1)

        let missing = Self.table([Column(name: "num", numbers: [1, 2])], "cur.csv")
        #expect(throws: DriftInputError.self) { try DriftReport(reference: ref, current: missing) }
        do {
            _ = try DriftReport(reference: ref, current: missing)
        } catch {
            #expect(error.message == "cur.csv: no column 'empty' (present in ref.csv)")
        }
        let typed = Self.table([Column(name: "num", type: .categorical, strings: ["a", "b"])], "cur.csv")
        do {
            _ = try DriftReport(reference: ref, current: typed, options: DriftOptions(columns: ["num"]))
            Issue.record("expected a type mismatch error")
        } catch {
            #expect(error.message == "column 'num' is numeric in ref.csv but categorical in cur.csv")
        }
        do {
            _ = try DriftReport(reference: ref, current: cur, options: DriftOptions(columns: ["const"], tests: ["const": .ks]))
            Issue.record("expected an applicability error")
        } catch {
            #expect(error.message == "column 'const' is categorical; test 'ks' applies to numeric columns")
        }
        let noRows = Self.table([Column(name: "num", numbers: [])], "cur.csv")
        #expect(throws: DriftInputError.self) { try DriftReport(reference: ref, current: noRows) }
    }

    @Test func textColumnsAreTestedByADomainClassifier() throws {
        var rng = SplitMix64(seed: 13)
        let common = ["the", "order", "arrived", "on", "time", "and", "works", "well", "good", "price"]
        let old = ["battery", "charger", "cable", "screen"], new = ["refund", "broken", "late", "support"]
        func texts(_ n: Int, _ topical: [String], _ share: Double) -> [String?] {
            (0..<n).map { _ in
                (0..<8).map { _ -> String in
                    let u = Double(rng.next() >> 11) / 9_007_199_254_740_992
                    let pool = u < share ? topical : common
                    return pool[Int(rng.next() % UInt64(pool.count))]
                }.joined(separator: " ")
            }
        }
        let ref = Column(name: "review", type: .text, strings: texts(250, old, 0.3))
        let same = Column(name: "review", type: .text, strings: texts(200, old, 0.3))
        let moved = Column(name: "review", type: .text, strings: texts(200, new, 0.3))
        let a = try DriftReport(reference: Self.table([ref], "r"), current: Self.table([same], "c")).columns[0]
        let b = try DriftReport(reference: Self.table([ref], "r"), current: Self.table([moved], "c")).columns[0]
        #expect(a.test == .textContentDrift && b.test == .textContentDrift)
        #expect(a.drifted == false, "AUC \(a.statistic ?? .nan)")
        #expect(b.drifted == true && (b.statistic ?? 0) > 0.9, "AUC \(b.statistic ?? .nan)")
        #expect(a.pValue == nil && a.threshold == 0.55)
    }

    @Test func testsThatDoNotApplyReturnUndefinedInsteadOfCrashing() {
        let labels = DriftSample.categorical(reference: ["a", "b"], current: ["b", "b"])
        let numbers = DriftSample.numeric(reference: [1, 2, 3], current: [2, 3, 4])
        for test in StatTest.allCases where !test.allowedTypes.contains(.categorical) {
            #expect(test.run(labels).score.isNaN, "\(test.rawValue)")
        }
        #expect(StatTest.textContentDrift.run(numbers).score.isNaN)
    }
}
