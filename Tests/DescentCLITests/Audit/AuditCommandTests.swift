import ArgumentParser
import DescentData
import Foundation
import DescentCore
import Testing
@testable import DescentCLI

/// `descent audit`, `audit redact` and `audit datasheet`: exit codes, the JSON, the HTML, and
/// the planted problems found on a part of the digits.
@Suite struct AuditCommandTests {
    let scratch: ScratchFolder

    init() throws { scratch = try ScratchFolder("audit-cli") }

    /// The first `rows` digits as CSV (px0..px63, note, label), 10% of the labels flipped,
    /// PII planted in the notes of some rows; a test file holding `copies` training rows.
    func digits(rows: Int, copies: Int) throws -> (train: String, test: String, flipped: Set<Int>, copied: Set<Int>) {
        let data = try Dataset.digits()
        let x = data.features.scalars, y = data.targets.scalars.map { Int($0) }
        var rng = SplitMix64(seed: 7)
        var labels = Array(y[0..<rows])
        var flipped = Set<Int>()
        while flipped.count < rows / 10 {
            let row = rng.below(rows)
            guard flipped.insert(row).inserted else { continue }
            labels[row] = (labels[row] + 1 + rng.below(9)) % 10
        }
        func line(_ row: Int, _ label: Int, _ note: String) -> String {
            (0..<64).map { String(Int(x[row * 64 + $0])) }.joined(separator: ",") + ",\(note),\(label)"
        }
        let header = (0..<64).map { "px\($0)" }.joined(separator: ",") + ",note,label"
        var train = [header]
        for row in 0..<rows {
            let note: String
            switch row % 50 {
            case 3: note = "mail ann\(row)@example.org"
            case 13: note = "call +1 415-555-\(1000 + row)"
            case 23: note = "card 4111 1111 1111 1111"
            default: note = "scan \(row) ok"
            }
            train.append(line(row, labels[row], note))
        }
        var test = [header]
        for row in rows..<(rows + 100) { test.append(line(row, y[row], "test \(row)")) }
        var copied = Set<Int>()
        for k in 0..<copies {
            let row = (k * 37) % rows
            test.append(line(row, y[row], "copy \(k)"))
            copied.insert(100 + k + 1)
        }
        return (try scratch.file("train.csv", train.joined(separator: "\n") + "\n"), try scratch.file("test.csv", test.joined(separator: "\n") + "\n"), flipped, copied)
    }

    @Test func digitsWithPlantedProblems() throws {
        let (train, test, flipped, copied) = try digits(rows: 500, copies: 12)
        let rowsOut = scratch.path("rows.csv")
        let html = scratch.path("report.html")
        let result = descent(["audit", "--train", train, "--test", test, "--label", "label", "--folds", "4", "--epochs", "15",
                          "--json", "--rows-out", rowsOut, "--html", html, "--fail-on", "error"])
        #expect(result.status == 1, "\(result.errors)")  // leakage and PII are errors
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["rows", "fingerprints", "findings"])
        #expect((json["rows"] as? [String: Int]) == ["train": 500, "test": 112])
        let findings = try #require(json["findings"] as? [[String: Any]])
        for finding in findings {
            #expect(Set(finding.keys) == ["check", "severity", "count", "columns", "rows", "message", "fix"])
            #expect((finding["rows"] as? [[String: Any]])?.count ?? 0 <= 100)
        }
        var flagged: [String: Set<Int>] = [:]
        for line in try String(contentsOfFile: rowsOut, encoding: .utf8).split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",")
            flagged["\(parts[0])/\(parts[1])", default: []].insert(Int(parts[2])!)
        }
        let labelIssues = Set((flagged["label_issues/train"] ?? []).map { $0 - 1 })
        let hits = labelIssues.intersection(flipped).count
        let precision = Double(hits) / Double(max(labelIssues.count, 1)), recall = Double(hits) / Double(flipped.count)
        #expect(precision >= 0.6 && recall >= 0.6, "precision \(precision), recall \(recall)")
        #expect(copied.isSubset(of: flagged["train_test_leakage/test"] ?? []))
        let pii = try #require(findings.first { $0["check"] as? String == "pii" })
        #expect(pii["count"] as? Int == 30 && pii["severity"] as? String == "error")
        #expect((pii["columns"] as? [String]) == ["note"])
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg") && page.contains("train_test_leakage"))

        let out = scratch.path("redacted.csv")
        let redact = descent(["audit", "redact", "--input", train, "--out", out, "--json"])
        #expect(redact.status == 0, "\(redact.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(redact.output.utf8)) as? [String: Any])
        #expect((report["replaced"] as? [String: Int])?["email"] == 10)
        #expect((report["replaced"] as? [String: Int])?["phone"] == 10)
        #expect((report["replaced"] as? [String: Int])?["payment_card"] == 10)
        let copy = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!copy.contains("@example.org") && !copy.contains("4111 1111") && copy.contains("card [CARD]"))
    }

    @Test func exitCodesAndBadInput() throws {
        let train = try scratch.file("t.csv", "a,b,y\n1,x,0\n2,y,1\n3,x,0\n4,y,1\n1,x,0\n")
        #expect(descent(["audit", "--train", train, "--label", "y", "--no-model"]).status == 0)
        #expect(descent(["audit", "--train", train, "--label", "y", "--no-model", "--fail-on", "error"]).status == 0)
        #expect(descent(["audit", "--train", train, "--label", "y", "--no-model", "--fail-on", "warning"]).status == 1)  // duplicate row
        let missing = descent(["audit", "--train", train, "--label", "nope"])
        #expect(missing.status == 2)
        #expect(missing.errors == "descent audit: \(train): no column 'nope' (columns: a, b, y)")
        #expect(descent(["audit", "--train", train, "--label", "y", "--fail-on", "sometimes"]).status == 2)
        #expect(descent(["audit", "--train", scratch.path("none.csv"), "--label", "y"]).status == 2)
        #expect(descent(["audit", "--label", "y"]).status == 2)
        let probabilities = try scratch.file("p.csv", "p_0,p_1\n0.9,0.1\n0.2,0.8\n0.7,0.3\n0.4,0.6\n0.5,0.7\n")
        let bad = descent(["audit", "--train", train, "--label", "y", "--pred-probs", probabilities])
        #expect(bad.status == 2)
        #expect(bad.errors == "descent audit: \(probabilities):6: probabilities sum to 1.2, not 1 (within 1e-4)")
        let html = scratch.path("never.html")
        #expect(descent(["audit", "--train", train, "--label", "nope", "--html", html]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: html))
        #expect(descent(["audit", "redact", "--input", train, "--out", train]).status == 2)
    }

    @Test func datasheetWritesMarkdownAndQuestions() throws {
        let data = try scratch.file("d.csv", "x,y\n1,a\n2,b\n3,a\n")
        let out = scratch.path("DATASHEET.md")
        let first = descent(["audit", "datasheet", "--data", data, "--label", "y", "--out", out])
        #expect(first.status == 0, "\(first.errors)")
        let yaml = scratch.path("DATASHEET.yaml")
        let template = try String(contentsOfFile: yaml, encoding: .utf8)
        try Data(template.replacingOccurrences(of: "maintenance_who: \"\"", with: "maintenance_who: \"the data team\"").utf8)
            .write(to: URL(fileURLWithPath: yaml))
        #expect(descent(["audit", "datasheet", "--data", data, "--label", "y", "--out", out]).status == 0)
        let markdown = try String(contentsOfFile: out, encoding: .utf8)
        #expect(markdown.contains("the data team") && markdown.contains("## Composition") && markdown.contains("| rows | 3 |"))
        #expect(descent(["audit", "datasheet", "--data", data, "--label", "z", "--out", out]).status == 2)
    }
}
