import Foundation
import Testing
@testable import DescentCLI

/// `descent eval` in-process: outputs, JSON keys, and bad input as one line with status 2.
@Suite("descent eval")
struct EvalCommandTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("eval-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// 40 rows of three classes with a region and an age column.
    func predictions() throws -> String {
        var text = "y,p_cat,p_dog,p_fox,region,age\n"
        let names = ["cat", "dog", "fox"]
        for i in 0..<40 {
            let truth = i % 3, guess = i % 7 == 0 ? (truth + 1) % 3 : truth
            let top = 0.5 + Double(i % 5) / 10
            var p = [(1 - top) / 2, (1 - top) / 2, (1 - top) / 2]
            p[guess] = top
            text += "\(names[truth]),\(p[0]),\(p[1]),\(p[2]),\(i % 2 == 0 ? "north" : "south"),\(20 + i)\n"
        }
        return try file("preds.csv", text)
    }

    @Test("--json has exactly the issue's keys")
    func jsonKeys() throws {
        let path = try predictions()
        let (status, output, errors) = descent(["eval", "--predictions", path, "--label", "y", "--slices", "region,age",
                                                "--bootstrap", "20", "--target-accuracy", "0.8", "--json"])
        #expect(status == 0, "\(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["task", "rows", "classes", "metrics", "confusion_matrix", "slices", "worst_slice_gap", "selective", "robustness"])
        let metrics = try #require(object["metrics"] as? [String: Any])
        #expect(Set(metrics.keys) == ["accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_micro",
                                      "f1_weighted", "roc_auc_ovr", "average_precision", "log_loss", "brier", "ece", "ece_equal_mass"])
        #expect(object["task"] as? String == "classification" && object["rows"] as? Int == 40)
        #expect(object["classes"] as? [String] == ["cat", "dog", "fox"])
        // 6 of 40 rows are wrong (i % 7 == 0).
        #expect(abs((metrics["accuracy"] as? Double ?? 0) - 34.0 / 40) < 1e-12)
        let slices = try #require(object["slices"] as? [[String: Any]])
        #expect(slices.count == 2 + 4)
        #expect(Set(slices[0].keys) == ["column", "value", "rows", "metrics", "intervals"])
        #expect(object["robustness"] is NSNull)
    }

    @Test("regression and --html")
    func regressionAndHTML() throws {
        var text = "price,pred,shop\n"
        for i in 0..<30 { text += "\(Double(i)),\(Double(i) + (i % 2 == 0 ? 0.5 : -1)),\(i % 3 == 0 ? "a" : "b")\n" }
        let path = try file("reg.csv", text)
        let html = folder.appendingPathComponent("r.html").path
        let (status, output, errors) = descent(["eval", "--predictions", path, "--label", "price", "--prediction", "pred",
                                                "--slices", "shop", "--bootstrap", "10", "--html", html, "--json"])
        #expect(status == 0, "\(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let metrics = try #require(object["metrics"] as? [String: Any])
        #expect(Set(metrics.keys) == ["mae", "rmse", "mape", "median_ae", "r2"])
        #expect(abs((metrics["mae"] as? Double ?? 0) - 0.75) < 1e-12)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg") && page.contains("Slices: mae"))
    }

    @Test("bad input: one line, exit 2, nothing written", arguments: [
        ("missing", "y,p_a,p_b\n", "no such file"),
        ("unknown-label", "z,p_a,p_b\na,0.5,0.5\n", "column 'y': no such column"),
        ("no-column", "y,p_a,p_b\na,0.5,0.5\nc,0.2,0.8\n", "bad.csv: row 2: column 'y': class 'c' has no probability column 'p_c'"),
        ("negative", "y,p_a,p_b\na,0.5,0.5\nb,1.2,-0.2\n", "bad.csv: row 2: column 'p_b': probability -0.2 is negative"),
        ("sum", "y,p_a,p_b\na,0.5,0.5\nb,0.3,0.6\n", "bad.csv: row 2: probabilities sum to 0.8999999999999999, not 1 (tolerance 0.0001)"),
        ("not-a-number", "y,p_a,p_b\na,0.5,0.5\nb,x,0.6\n", "bad.csv:3: column 'p_a'"),
        ("empty-slice", "y,p_a,p_b,s\na,0.5,0.5,0\nb,0.3,0.7,10\n", "bad.csv: column 's': slice (2.5, 5] (quantile bin 2 of 4) is empty"),
        ("unknown-slice", "y,p_a,p_b\na,0.5,0.5\n", "bad.csv: column 's': no such column to slice on"),
        ("one-class", "y,p_a\na,1\n", "need a probability column per class"),
        ("no-rows", "y,p_a,p_b\n", "bad.csv: no data rows"),
    ])
    func badInput(name: String, text: String, message: String) throws {
        let path = name == "missing" ? folder.appendingPathComponent("nothing.csv").path : try file("bad.csv", text)
        let html = folder.appendingPathComponent("never.html").path
        var arguments = ["eval", "--predictions", path, "--label", "y", "--html", html]
        if name.hasSuffix("slice") { arguments += ["--slices", "s"] }
        let (status, output, errors) = descent(arguments)
        #expect(status == 2)
        #expect(output.isEmpty)
        #expect(errors.split(separator: "\n").count == 1)
        #expect(errors.hasPrefix("descent eval: ") && errors.contains(message), "\(errors)")
        #expect(!FileManager.default.fileExists(atPath: html))
    }

    @Test("bad options", arguments: [
        (["--target-accuracy", "1.5"], "descent eval: --target-accuracy: invalid value '1.5'"),
        (["--bootstrap", "-1"], "descent eval: --bootstrap must be a non-negative integer, got -1"),
        (["--noise", "0.1"], "descent eval: --noise needs --run (robustness attacks a model)"),
    ])
    func badOptions(extra: [String], message: String) throws {
        let (status, _, errors) = descent(["eval", "--predictions", try predictions(), "--label", "y"] + extra)
        #expect(status == 2 && errors == message)
    }

    @Test("--run evaluates a trained run like descent train's test metrics, with robustness")
    func run() throws {
        let run = folder.appendingPathComponent("run").path
        let trained = descent(["train", "--data", "blobs", "--model", "mlp:16", "--epochs", "2", "--out", run, "--json"])
        #expect(trained.status == 0, "\(trained.errors)")
        let train = try #require(try JSONSerialization.jsonObject(with: Data(trained.output.utf8)) as? [String: Any])
        let (status, output, errors) = descent(["eval", "--run", run, "--epsilons", "0,0.1", "--noise", "0,0.5", "--pgd-steps", "3", "--json"])
        #expect(status == 0, "\(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let metrics = try #require(object["metrics"] as? [String: Any])
        #expect(abs((metrics["accuracy"] as? Double ?? -1) - (train["test_accuracy"] as? Double ?? -2)) < 1e-12)
        #expect(abs((metrics["log_loss"] as? Double ?? -1) - (train["test_loss"] as? Double ?? -2)) < 1e-5)
        let robustness = try #require(object["robustness"] as? [String: Any])
        let fgsm = try #require(robustness["fgsm"] as? [[String: Double]])
        #expect(fgsm.count == 2 && fgsm[0]["accuracy"] == metrics["accuracy"] as? Double)
        let missing = descent(["eval", "--run", folder.appendingPathComponent("none").path])
        #expect(missing.status == 2 && missing.errors.contains("no such run folder"))
    }
}
