import Foundation
import Testing
@testable import DescentData

/// The simple checks on small tables built to trigger them (and not to).
@Suite struct AuditChecksTests {
    func table(_ text: String, _ source: String = "t.csv") throws -> Table { try CSVReader().read(string: text, source: source) }

    @Test func duplicatesMissingAndConstantColumns() throws {
        let t = try table("a,b,k,y\n1,x,7,p\n1.0,x,7,p\n2,,7,q\n3,z,7,q\n1,x,7,p\n")
        let duplicates = try #require(DuplicateRows.finding(t, split: .train))
        #expect(duplicates.rows.map(\.row) == [2, 5])
        let missing = try #require(MissingValues.finding(t, split: .train))
        #expect(missing.columns == ["b"] && missing.rows.map(\.row) == [3] && missing.severity == .warning)
        let constant = try #require(ConstantColumns.finding(t, split: .train, exclude: ["y"]))
        #expect(constant.columns == ["k"])
        #expect(DuplicateRows.finding(try table("a\n1\n2\n"), split: .train) == nil)
    }

    /// ±infinity is reported with its rows and column, not counted as missing; numbers near a
    /// double's range standardise to finite features.
    @Test func infiniteValuesAndHugeNumbers() throws {
        let t = try table("a,b,y\n1,inf,p\n2,3,q\n-Infinity,1e400,p\n1.79e308,4,q\n-1.79e308,5,p\n")
        let infinite = try #require(InfiniteValues.finding(t, split: .train))
        #expect(infinite.columns == ["a", "b"] && infinite.rows.map(\.row) == [1, 3] && infinite.severity == .warning)
        #expect(infinite.message.contains("2 rows hold 3 infinite numbers in 2 columns"))
        #expect(MissingValues.finding(t, split: .train) == nil)
        let finite = try table("a,y\n1,p\n2,q\n")
        #expect(InfiniteValues.finding(finite, split: .train) == nil)
        let features = AuditFeatures(fitting: t, exclude: ["y"])
        let matrix = features.matrix(t)
        #expect(matrix.allSatisfy { $0.isFinite })
        // column a's finite values 1, 2, 1.79e308, -1.79e308: mean 0.75, deviation 1.79e308 / √2
        let scale = 1.79e308 / 2.0.squareRoot()
        #expect(abs(matrix[3 * 2] - (1.79e308 / scale - 0.75 / scale)) < 1e-12)
        #expect(abs(matrix[3 * 2] - 2.0.squareRoot()) < 1e-12 && abs(matrix[4 * 2] + 2.0.squareRoot()) < 1e-12)
    }

    @Test func leakageBetweenSplitsAndTypeChanges() throws {
        var trainLines = ["a,b,c,y"], testLines = ["a,b,c,y"]
        for i in 0..<40 { trainLines.append("\(i),\(Double(i * 7 % 13) / 3),\(i % 3 == 0 ? "u" : "v"),\(i % 2)") }
        for i in 100..<110 { testLines.append("\(i),\(Double(i % 11)),v,\(i % 2)") }
        testLines.append("5,\(Double(5 * 7 % 13) / 3),v,1")  // copy of train row 6 (label differs)
        testLines.append("7,\(Double(7 * 7 % 13) / 3),w,1")  // new category w
        let train = try table(trainLines.joined(separator: "\n"), "train.csv")
        let test = try table(testLines.joined(separator: "\n"), "test.csv")
        let audit = try DataAudit(train: train, test: test, label: "y")
        let leak = try #require(audit.findings.first { $0.check == .trainTestLeakage })
        #expect(leak.rows.contains(AuditFinding.RowReference(split: .test, row: 11)))
        let new = try #require(audit.findings.first { $0.check == .newCategories })
        #expect(new.rows.map(\.row) == [12] && new.columns == ["c"])
        let retyped = try table("a,b,c,y\nx,1,u,0\n", "retyped.csv")
        let mismatch = try #require(SplitConsistency.typeMismatch(train: train, test: retyped))
        #expect(mismatch.columns == ["a"])
    }

    @Test func targetLeakageFindsACopyOfTheLabelButNotAnId() throws {
        var lines = ["id,leak,noise,y"]
        for i in 0..<200 { lines.append("\(i),\(i % 4 == 0 ? "yes" : "no"),\(i * 37 % 101),\(i % 4 == 0 ? "a" : "b")") }
        let t = try table(lines.joined(separator: "\n"))
        let finding = try #require(TargetLeakage.finding(t, label: "y", labels: try AuditLabels(t, column: "y")))
        #expect(finding.columns == ["leak"])
    }

    @Test func missingLabelColumnIsBadInput() throws {
        let t = try table("a,b\n1,2\n")
        #expect(throws: AuditInputError("t.csv: no column 'y' (columns: a, b)")) { try DataAudit(train: t, test: nil, label: "y") }
    }

    @Test func probabilityFileErrorsNameRowAndColumn() throws {
        let labels = AuditLabels(classes: ["a", "b"], indices: [0, 1])
        func error(_ text: String) -> String? {
            do {
                _ = try PredictedProbabilities(try table(text, "p.csv"), labels: labels, rows: 2)
                return nil
            } catch { return "\(error)" }
        }
        #expect(error("p_a\n0.5\n0.5\n") == "p.csv: no column 'p_b' for class 'b' of the labels (probability columns: p_a)")
        #expect(error("p_a,p_b\n0.5,0.5\n") == "p.csv: 1 rows, but the training data has 2; one row of probabilities per training row, in order")
        #expect(error("p_a,p_b\n0.5,0.5\n-0.1,1.1\n") == "p.csv:3: column 'p_a': probability -0.1 is not in [0, 1]")
        #expect(error("p_a,p_b\n0.5,0.5\n0.3,0.3\n") == "p.csv:3: probabilities sum to 0.6, not 1 (within 1e-4)")
        #expect(error("p_a,p_b\n0.5,0.5\n0.5,0.50005\n") == nil)
    }
}
