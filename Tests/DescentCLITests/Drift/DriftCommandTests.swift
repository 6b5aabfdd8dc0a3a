import ArgumentParser
import Foundation
import Testing
@testable import DescentCLI
@testable import DescentMonitor

/// `descent drift` and `descent drift stream`: exit codes, JSON, HTML and one-line errors.
@Suite struct DriftCommandTests {
    let scratch: ScratchFolder

    init() throws { scratch = try ScratchFolder("drift-cli") }

    /// A CSV with a numeric column x (optionally shifted) and a categorical column c.
    func sample(_ name: String, n: Int, shift: Double, seed: UInt64) throws -> String {
        var rng = SplitMix64(seed: seed)
        var lines = ["x,c"]
        for _ in 0..<n {
            let u = Double(rng.next() >> 11) / 9_007_199_254_740_992
            let v = Double(rng.next() >> 11) / 9_007_199_254_740_992
            lines.append("\(u + shift),\(v < 0.5 ? "a" : "b")")
        }
        return try scratch.file(name, lines.joined(separator: "\n") + "\n")
    }

    func exitCode(_ args: [String]) throws -> Int32 {
        DescentCommand.execute(["drift"] + args)
    }

    @Test func exitCodesGateAPipeline() throws {
        let ref = try sample("ref.csv", n: 300, shift: 0, seed: 1)
        let same = try sample("same.csv", n: 300, shift: 0, seed: 2)
        let shifted = try sample("shifted.csv", n: 300, shift: 0.5, seed: 3)
        #expect(try exitCode(["--reference", ref, "--current", same, "--json"]) == 0)
        // x drifts, c does not: share 0.5 reaches the default threshold.
        #expect(try exitCode(["--reference", ref, "--current", shifted, "--json"]) == 1)
        #expect(try exitCode(["--reference", ref, "--current", shifted, "--drift-share", "0.6"]) == 0)
        #expect(try exitCode(["--reference", ref, "--current", scratch.path("nope.csv")]) == 2)
        #expect(try exitCode(["--reference", ref]) == 2)
        #expect(try exitCode(["--reference", ref, "--current", same, "--test", "x=nosuchtest"]) == 2)
        #expect(try exitCode(["--reference", ref, "--current", same, "--test", "c=ks"]) == 2)
        #expect(try exitCode(["--reference", ref, "--current", same, "--drift-share", "abc"]) == 2)
        #expect(try exitCode(["--reference", ref, "--current", same, "--drift-share", "1.5"]) == 2)
        #expect(try exitCode(["--reference", ref, "--current", same, "--permutations", "0"]) == 2)
        #expect(try exitCode(["--reference", ref, "--current", same, "--threshold", "x=-1"]) == 2)
        let empty = try scratch.file("empty.csv", "")
        #expect(try exitCode(["--reference", ref, "--current", empty]) == 2)
        #expect(try exitCode(["--reference", ref, "--current", scratch.url.path]) == 2)  // a directory
        #expect(try exitCode(["--reference", scratch.url.path, "--current", ref]) == 2)
        #expect(try exitCode(["stream", "--detector", "adwin", "--input", scratch.url.path]) == 2)
        let headerOnly = try scratch.file("header.csv", "x,c\n")
        #expect(try exitCode(["--reference", ref, "--current", headerOnly]) == 2)
    }

    @Test func badInputErrorsNameFileLineAndColumn() throws {
        let ref = try scratch.file("r.csv", "x,c\n1,a\n2,b\n3,a\n")
        let text = try scratch.file("t.csv", "x,c\n1,a\nabc,b\n")
        let noColumn = try scratch.file("n.csv", "c\na\n")
        func message(_ args: [String]) -> String {
            do {
                _ = try DriftCompareCommand.parse(args).makeReport()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        // A column numeric on one side only: the same error whichever side it is.
        let hint = "; pass --type x=categorical to compare both as categories"
        #expect(message(["--reference", ref, "--current", text])
                == "column 'x' is numeric in \(ref) but not in \(text) (\(text) row 2: \"abc\")\(hint)")
        #expect(message(["--reference", text, "--current", ref])
                == "column 'x' is numeric in \(ref) but not in \(text) (\(text) row 2: \"abc\")\(hint)")
        #expect(message(["--reference", text, "--current", ref, "--type", "x=categorical"]) == "no error")
        // A column with no present cell (read as numeric) takes the other side's type.
        let empty = try scratch.file("e.csv", "x,c\n1,\n2,\n")
        #expect(message(["--reference", ref, "--current", empty]) == "no error")
        #expect(message(["--reference", empty, "--current", ref]) == "no error")
        #expect(message(["--reference", ref, "--current", noColumn]) == "\(noColumn): no column 'x' (present in \(ref))")
        #expect(message(["--reference", ref, "--current", ref, "--columns", "zz"]).hasSuffix("column 'zz': no such column (columns: x, c)"))
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let ref = try sample("ref.csv", n: 2000, shift: 0, seed: 4)
        let cur = try sample("cur.csv", n: 1500, shift: 0.3, seed: 5)
        let report = try DriftCompareCommand.parse(["--reference", ref, "--current", cur]).makeReport()
        let text = DriftCompareCommand.json(report).text
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["drift"] as? Bool == true)
        #expect((object["drift_share"] as? NSNumber)?.doubleValue == 0.5)
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == ["x", "c"])
        let x = columns[0]
        #expect(x["type"] as? String == "numeric")
        #expect(x["test"] as? String == "wasserstein")
        #expect(x["p_value"] is NSNull)
        #expect(x["drifted"] as? Bool == true)
        #expect((x["threshold"] as? NSNumber)?.doubleValue == 0.1)
        #expect(columns[1]["test"] as? String == "jensenshannon")
        for key in ["name", "type", "test", "statistic", "p_value", "threshold", "drifted"] {
            #expect(columns.allSatisfy { $0[key] != nil }, "missing \(key)")
        }
    }

    @Test func htmlIsOneSelfContainedPageWrittenAtomically() throws {
        let ref = try sample("ref.csv", n: 200, shift: 0, seed: 6)
        let cur = try sample("cur.csv", n: 200, shift: 0.4, seed: 7)
        let out = scratch.path("report.html")
        #expect(try exitCode(["--reference", ref, "--current", cur, "--html", out]) == 1)
        let page = try String(contentsOfFile: out, encoding: .utf8)
        let verdict = try #require(page.range(of: "Dataset drift detected"))
        let firstSVG = try #require(page.range(of: "<svg"))
        #expect(verdict.lowerBound < firstSVG.lowerBound)
        #expect(page.components(separatedBy: "<svg").count - 1 == 2)
        #expect(!page.contains("<script"))
        #expect(!page.contains("http://") || page.contains("http://www.w3.org/2000/svg"))
        #expect(!page.contains("https://"))
        // No temporary file is left behind, and a bad destination writes nothing.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
        #expect(try exitCode(["--reference", ref, "--current", cur, "--html", scratch.path("no/such/dir/r.html")]) == 2)
    }

    @Test func streamReportsRiverIndicesAndExitCodes() throws {
        // A mean shift at index 500: ADWIN with River's defaults.
        var rng = SplitMix64(seed: 11)
        var lines = ["v"]
        for i in 0..<1000 {
            let u = Double(rng.next() >> 11) / 9_007_199_254_740_992
            lines.append(String(u + (i >= 500 ? 1 : 0)))
        }
        let input = try scratch.file("s.csv", lines.joined(separator: "\n") + "\n")
        let values = lines.dropFirst().map { Double($0)! }
        var reference = ADWIN()
        let expected = reference.run(values)
        let result = try DriftStreamCommand.parse(["--detector", "adwin", "--input", input]).detect()
        #expect(result.drifts == expected.drifts)
        #expect(!result.drifts.isEmpty && result.drifts[0] >= 500 && result.drifts[0] < 600)
        #expect(result.params.first { $0.0 == "delta" }?.1 == "0.002")
        #expect(try exitCode(["stream", "--detector", "adwin", "--input", input, "--json"]) == 1)
        #expect(try exitCode(["stream", "--detector", "page_hinkley", "--param", "threshold=1e9", "--input", input]) == 0)
        #expect(try exitCode(["stream", "--detector", "ddm", "--input", input]) == 2)  // not 0/1 errors
        #expect(try exitCode(["stream", "--detector", "adwin", "--param", "nope=1", "--input", input]) == 2)
        #expect(try exitCode(["stream", "--detector", "warp", "--input", input]) == 2)
        let gap = try scratch.file("g.csv", "v\n1\n\n2\nNA\n")
        #expect(try exitCode(["stream", "--detector", "adwin", "--input", gap]) == 2)
        let two = try scratch.file("two.csv", "a,b\n1,2\n")
        #expect(try exitCode(["stream", "--detector", "adwin", "--input", two]) == 2)
        #expect(try exitCode(["stream", "--detector", "adwin", "--input", two, "--column", "b"]) == 0)
    }

    @Test func multivariateCatchesAChangedCorrelation() throws {
        var rng = SplitMix64(seed: 31)
        func normal() -> Double {
            let u1 = (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992, u2 = Double(rng.next() >> 11) / 9_007_199_254_740_992
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        func csv(_ name: String, _ n: Int, _ sign: Double) throws -> String {
            var lines = ["x,y"]
            for _ in 0..<n {
                let x = normal(), e = normal()
                lines.append("\(x),\(sign * 0.9 * x + 0.436 * e)")
            }
            return try scratch.file(name, lines.joined(separator: "\n") + "\n")
        }
        let ref = try csv("mref.csv", 800, 1), cur = try csv("mcur.csv", 600, -1)
        let command = try DriftCompareCommand.parse(["--reference", ref, "--current", cur, "--multivariate"])
        let (report, multi) = try command.makeReports()
        let m = try #require(multi)
        #expect(m.features == ["x", "y"])
        #expect(m.reconstruction.drift)
        #expect(report.driftedCount == 0, "marginals are unchanged")
        let text = DriftCompareCommand.json(m).text
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((object["pca_reconstruction"] as? [String: Any])?["drift"] as? Bool == true)
        #expect((object["domain_classifier"] as? [String: Any])?["auc"] is NSNumber)
        #expect(try exitCode(["--reference", ref, "--current", cur]) == 0)
        #expect(try exitCode(["--reference", ref, "--current", cur, "--multivariate", "--json"]) == 1)
        let out = scratch.path("m.html")
        _ = try exitCode(["--reference", ref, "--current", cur, "--multivariate", "--html", out])
        let page = try String(contentsOfFile: out, encoding: .utf8)
        #expect(page.contains("Multivariate drift detected"))
        #expect(page.contains("PCA reconstruction error"))
    }
}
