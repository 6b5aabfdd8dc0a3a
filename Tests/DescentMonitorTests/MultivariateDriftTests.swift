import Foundation
import Testing
@testable import DescentMonitor

/// PCA reconstruction error equals scikit-learn's (NannyML's preprocessing) and the domain
/// classifier separates shifted samples and not identical ones.
@Suite struct MultivariateDriftTests {
    static func tables() throws -> (Table, Table, [String: Any]) {
        let f = try Fixture.json("multivariate")
        func numeric(_ key: String) -> [[Double?]] {
            (f[key] as! [[Any]]).map { row in row.map { v in let d = Fixture.double(v); return d.isNaN ? nil : d } }
        }
        func table(_ rows: [[Double?]], _ cats: [String], _ source: String) -> Table {
            var cols = (0..<4).map { j in Column(name: "x\(j)", numbers: rows.map { $0[j] }) }
            cols.append(Column(name: "cat", type: .categorical, strings: cats))
            return Table(columns: cols, source: source)
        }
        return (table(numeric("reference_numeric"), f["reference_category"] as! [String], "ref"),
                table(numeric("current_numeric"), f["current_category"] as! [String], "cur"), f)
    }

    @Test func pcaReconstructionMatchesScikitLearn() throws {
        let (ref, cur, f) = try Self.tables()
        let m = try FeatureMatrix(reference: ref, current: cur)
        let pca = try PCAReconstructionDrift(m, chunkSize: f["chunk_size"] as? Int)
        #expect(pca.components == f["components"] as? Int)
        func num(_ k: String) -> Double { Fixture.double(f[k]!) }
        expectClose(pca.explainedVariance, num("explained"), isPValue: false, "explained variance")
        expectClose(pca.referenceError, num("reference_error"), isPValue: false, "reference error")
        expectClose(pca.currentError, num("current_error"), isPValue: false, "current error")
        expectClose(pca.lowerThreshold, num("lower"), isPValue: false, "lower")
        expectClose(pca.upperThreshold, num("upper"), isPValue: false, "upper")
        let refChunks = Fixture.doubles(f["reference_chunks"]), curChunks = Fixture.doubles(f["current_chunks"])
        #expect(pca.referenceChunks.count == refChunks.count)
        #expect(pca.currentChunks.count == curChunks.count)
        for (c, e) in zip(pca.referenceChunks, refChunks) { expectClose(c.error, e, isPValue: false, "reference chunk") }
        for (c, e) in zip(pca.currentChunks, curChunks) { expectClose(c.error, e, isPValue: false, "current chunk") }
        // The correlation flip keeps every marginal distribution but breaks the structure.
        #expect(pca.drift)
        #expect(pca.currentChunks.allSatisfy { $0.alert })
    }

    @Test func noAlertWithoutShift() throws {
        let (ref, _, _) = try Self.tables()
        let half = { (t: Table, r: Range<Int>) -> Table in
            Table(columns: t.columns.map { c in
                switch c.storage {
                case .numbers(let v): Column(name: c.name, numbers: r.map { c.missing[$0] ? nil : v[$0] })
                case .strings(let v): Column(name: c.name, type: c.type, strings: r.map { c.missing[$0] ? nil : v[$0] })
                }
            }, source: t.source)
        }
        let m = try FeatureMatrix(reference: half(ref, 0..<400), current: half(ref, 400..<600))
        let pca = try PCAReconstructionDrift(m, chunkSize: 50)
        #expect(!pca.drift)
    }

    @Test func aucMatchesScikitLearn() throws {
        let f = try Fixture.json("multivariate")
        let a = f["auc"] as! [String: Any]
        let value = ROCAUC.auc(scores: Fixture.doubles(a["scores"]), labels: a["labels"] as! [Bool])
        expectClose(value, Fixture.double(a["value"]!), isPValue: false, "auc")
    }

    /// NaN scores give NaN instead of looping forever (a NaN never equals itself); ties share their midrank.
    @Test func aucOfNaNScoresIsNaNAndTiesShareARank() {
        #expect(ROCAUC.auc(scores: [0.1, .nan, 0.7], labels: [false, true, true]).isNaN)
        // scikit-learn: roc_auc_score([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]) = 0.875
        #expect(ROCAUC.auc(scores: [0.5, 0.5, 0.2, 0.9], labels: [false, true, false, true]) == 0.875)
    }

    /// Numbers near a double's range standardise to finite features (the sum of squares
    /// overflowed before), and a domain classifier on them gives a finite AUC.
    @Test func hugeNumbersGiveFiniteFeatures() throws {
        var rng = SplitMix64(seed: 4)
        var values: [Double?] = (0..<200).map { _ in Double.random(in: 0..<1, using: &rng) }
        values[7] = 1.79e308
        values[9] = -1.7e308
        let ref = Table(columns: [Column(name: "x", numbers: values), Column(name: "z", numbers: values.reversed())], source: "ref.csv")
        let cur = Table(columns: [Column(name: "x", numbers: values.reversed()), Column(name: "z", numbers: values)], source: "cur.csv")
        let m = try FeatureMatrix(reference: ref, current: cur)
        #expect(m.reference.allSatisfy { $0.isFinite } && m.current.allSatisfy { $0.isFinite })
        let moments = PopulationMoments([1.79e308, -1.79e308])
        #expect(moments.mean == 0 && moments.deviation == 1.79e308)
        let small = PopulationMoments([1.0, 2, 3, 4])
        #expect(small.mean == 2.5 && abs(small.deviation - 1.25.squareRoot()) < 1e-15)
        #expect(try DomainClassifierDrift(m).auc.isFinite)
    }

    @Test func domainClassifierSeparatesShiftedSamples() throws {
        var rng = SplitMix64(seed: 21)
        func normal() -> Double {
            let u1 = (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992, u2 = Double(rng.next() >> 11) / 9_007_199_254_740_992
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        func table(_ n: Int, mean: Double, sd: Double) -> Table {
            Table(columns: (0..<3).map { j in Column(name: "f\(j)", numbers: (0..<n).map { _ in (j == 0 ? mean : 0) + (j == 1 ? sd : 1) * normal() }) })
        }
        let ref = table(1500, mean: 0, sd: 1)
        let same = try DomainClassifierDrift(FeatureMatrix(reference: ref, current: table(1000, mean: 0, sd: 1)))
        #expect(abs(same.auc - 0.5) < 0.06, "AUC \(same.auc)")
        #expect(!same.drift)
        let located = try DomainClassifierDrift(FeatureMatrix(reference: ref, current: table(1000, mean: 1, sd: 1)))
        #expect(located.auc > 0.7 && located.drift, "AUC \(located.auc)")
        let spread = try DomainClassifierDrift(FeatureMatrix(reference: ref, current: table(1000, mean: 0, sd: 2)))
        #expect(spread.auc > 0.65 && spread.drift, "AUC \(spread.auc)")
        #expect(located.foldAUCs.count == 5)
    }
}

extension MultivariateDriftTests {
    /// Many features take the first-order (Adam) path; it must still separate a shift and not a copy.
    @Test func domainClassifierWithManyFeatures() throws {
        var rng = SplitMix64(seed: 77)
        func normal() -> Double {
            let u1 = (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992, u2 = Double(rng.next() >> 11) / 9_007_199_254_740_992
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        func table(_ n: Int, shift: Double) -> Table {
            Table(columns: (0..<33).map { j in Column(name: "f\(j)", numbers: (0..<n).map { _ in normal() + (j < 3 ? shift : 0) }) })
        }
        let ref = table(300, shift: 0)
        let same = try DomainClassifierDrift(FeatureMatrix(reference: ref, current: table(300, shift: 0)))
        let moved = try DomainClassifierDrift(FeatureMatrix(reference: ref, current: table(300, shift: 0.8)))
        #expect(same.auc < 0.6, "AUC \(same.auc)")
        #expect(moved.auc > 0.75, "AUC \(moved.auc)")
    }
}
