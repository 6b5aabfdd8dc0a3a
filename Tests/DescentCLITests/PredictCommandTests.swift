import Foundation
import Testing
@testable import DescentCLI

/// `descent predict` on runs written by `descent train`, in-process.
@Suite(.serialized) struct PredictCommandTests {
    static func train(_ folder: URL, _ arguments: [String]) throws {
        let (status, _, errors) = descent(["train"] + arguments + ["--out", folder.path, "--json"])
        try #require(status == 0, "\(errors)")
    }

    /// The CSV at `url` as a header and rows of fields (no quoting in these tests' files).
    static func table(_ url: URL) throws -> (header: [String], rows: [[String]]) {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines[0], Array(lines.dropFirst()))
    }

    /// The fraction of rows whose most probable class is the label.
    static func accuracy(_ table: (header: [String], rows: [[String]])) -> Double {
        let classes = table.header.dropFirst(2).map { String($0.dropFirst(2)) }
        let correct = table.rows.filter { row in
            let p = row.dropFirst(2).map { Double($0)! }
            return classes[p.indices.max { p[$0] < p[$1] }!] == row[1]
        }.count
        return Double(correct) / Double(table.rows.count)
    }

    @Test func predictsTheRunsTestPartWithItsTestAccuracy() throws {
        let folder = TrainCommandTests.temporaryFolder("predict-digits")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.train(folder, ["--data", "digits", "--model", "mlp:32", "--hp", "lr=1e-2", "--epochs", "2"])
        let out = folder.appendingPathComponent("p.csv")
        let (status, output, errors) = descent(["predict", "--run", folder.path, "--out", out.path, "--batch-size", "100", "--json"])
        try #require(status == 0, "\(errors)")
        let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        #expect(Set(report.keys) == ["rows", "batch_size", "seconds", "rows_per_second", "output", "total_seconds"])
        #expect(report["rows"] as? Int == 269 && report["batch_size"] as? Int == 100 && report["output"] as? String == out.path)
        #expect((report["rows_per_second"] as! Double) > 0)
        let table = try Self.table(out)
        #expect(table.header == ["row", "label"] + (0..<10).map { "p_\($0)" })
        #expect(table.rows.count == 269 && table.rows.first?.first == "1" && table.rows.last?.first == "269")
        let metrics = try TrainCommandTests.metrics(folder)
        #expect(abs(Self.accuracy(table) - (metrics["test_accuracy"] as! Double)) < 1e-12)
        for row in table.rows { #expect(abs(row.dropFirst(2).map { Double($0)! }.reduce(0, +) - 1) < 1e-5) }

        // A run saved before preprocessing.json existed: the scaling is fitted again, the predictions are the same.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("preprocessing.json"))
        let again = descent(["predict", "--run", folder.path, "--batch-size", "100"])
        #expect(again.status == 0)
        #expect(again.output + "\n" == (try String(contentsOf: out, encoding: .utf8)))
        #expect(descent(["predict", "--run", folder.path, "--data", "digits", "--batch-size", "100"]).output == again.output)
    }

    @Test func csvColumnsAreFoundByNameAndEncodedAsInTraining() throws {
        let folder = TrainCommandTests.temporaryFolder("predict-csv")
        let data = TrainCommandTests.temporaryFolder("predict-csv-data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { for url in [folder, data] { try? FileManager.default.removeItem(at: url) } }
        var lines = ["x,colour,y,label"]
        for i in 0..<120 {
            let x = Double(i % 17) / 4, colour = ["red", "green", "blue"][i % 3], y = Double((i * 7) % 11) / 3
            lines.append("\(x),\(colour),\(y),\(x + (colour == "red" ? 2 : 0) > y ? "hi" : "lo")")
        }
        let train = data.appendingPathComponent("train.csv")
        try lines.joined(separator: "\n").write(to: train, atomically: true, encoding: .utf8)
        try Self.train(folder, ["--data", "csv:\(train.path)", "--label", "label", "--model", "mlp:16", "--hp", "lr=1e-2", "--epochs", "5"])
        let preprocessing = try TrainCommandTests.jsonObject(folder, "preprocessing.json")
        #expect(preprocessing["class_names"] as? [String] == ["hi", "lo"])
        #expect(preprocessing["encoding"] != nil && preprocessing["standardizer"] != nil)

        // The same rows with the columns in another order and no label, after the training file is gone.
        let reordered = data.appendingPathComponent("new.csv")
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        try (["y,colour,x"] + rows.map { "\($0[2]),\($0[1]),\($0[0])" }).joined(separator: "\n").write(to: reordered, atomically: true, encoding: .utf8)
        let full = data.appendingPathComponent("full.csv"), unlabelled = data.appendingPathComponent("unlabelled.csv")
        // The run's own spec is its test part; the same file under another name is all its rows.
        #expect(descent(["predict", "--run", folder.path, "--data", "csv:\(train.path)"]).output.split(separator: "\n").count == 1 + 18)
        let copy = data.appendingPathComponent("copy.csv")
        try FileManager.default.moveItem(at: train, to: copy)
        #expect(descent(["predict", "--run", folder.path, "--data", "csv:\(copy.path)", "--out", full.path]).status == 0)
        let result = descent(["predict", "--run", folder.path, "--data", "csv:\(reordered.path)", "--out", unlabelled.path])
        try #require(result.status == 0, "\(result.errors)")
        let (a, b) = (try Self.table(full), try Self.table(unlabelled))
        #expect(a.header == ["row", "label", "p_hi", "p_lo"] && b.header == a.header && a.rows.count == 120)
        #expect(Self.accuracy(a) > 0.7)
        #expect(a.rows.map { $0[0] + $0[2] + $0[3] } == b.rows.map { $0[0] + $0[2] + $0[3] })
        #expect(b.rows.allSatisfy { $0[1].isEmpty } && a.rows.allSatisfy { !$0[1].isEmpty })

        // Bad input: one line naming the file, row and column; exit 2; nothing written.
        let bad = data.appendingPathComponent("bad.csv"), target = data.appendingPathComponent("never.csv")
        for (text, fragment) in [("x,colour\n1,red", "column 'y'"), ("x,colour,y\n1,purple,2", "row 1"),
                                 ("x,colour,y\n1,red,nan", "row 1")] {
            try text.write(to: bad, atomically: true, encoding: .utf8)
            let failed = descent(["predict", "--run", folder.path, "--data", "csv:\(bad.path)", "--out", target.path])
            #expect(failed.status == 2 && failed.output.isEmpty)
            #expect(failed.errors.hasPrefix("descent predict: \(bad.path)") && failed.errors.contains(fragment), "\(failed.errors)")
            #expect(!failed.errors.contains("\n"))
            #expect(!FileManager.default.fileExists(atPath: target.path))
        }
    }

    @Test func regressionRunsWriteAPredictionColumn() throws {
        let folder = TrainCommandTests.temporaryFolder("predict-regression")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.train(folder, ["--data", "friedman1:n=200", "--model", "mlp:8", "--epochs", "1"])
        let out = folder.appendingPathComponent("p.csv")
        #expect(descent(["predict", "--run", folder.path, "--out", out.path]).status == 0)
        let table = try Self.table(out)
        #expect(table.header == ["row", "label", "prediction"] && table.rows.count == 30)
        #expect(table.rows.allSatisfy { Double($0[1]) != nil && Double($0[2])!.isFinite })
    }

    @Test(arguments: [
        (["--run", "/no/such/run"], "descent predict: /no/such/run: no such run folder"),
        (["--run", "RUN", "--json"], "descent predict: --json reports on the predictions file: give --out FILE"),
        (["--run", "RUN", "--batch-size", "0"], "descent predict: --batch-size must be a positive integer, got 0"),
        (["--run", "RUN", "--out", "/no/such/folder/p.csv"], "descent predict: /no/such/folder/p.csv: folder /no/such/folder does not exist"),
        (["--run", "RUN", "--data", "moons"], "descent predict: moons: examples of shape [2], but the run's model takes [64]"),
        (["--run", "RUN", "--data", "text"], "descent predict: text: text data is for language models; this run is linear"),
    ])
    func badInputIsOneLine(arguments: [String], message: String) throws {
        let folder = TrainCommandTests.temporaryFolder("predict-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.train(folder, ["--data", "digits", "--model", "linear", "--epochs", "1"])
        let (status, output, errors) = descent(["predict"] + arguments.map { $0 == "RUN" ? folder.path : $0 })
        #expect(status == 2 && output.isEmpty)
        #expect(errors == message)
    }

    @Test func trainReportsPeakResidentMemory() throws {
        let (status, output, _) = descent(["train", "--data", "moons", "--model", "linear", "--epochs", "1", "--json"])
        #expect(status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        let bytes = report["peak_rss_bytes"] as! Int
        #expect(bytes > 1_000_000 && bytes < ProcessInfo.processInfo.physicalMemory)
    }
}
