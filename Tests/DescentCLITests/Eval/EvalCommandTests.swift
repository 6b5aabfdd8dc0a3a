import DescentNN
import Foundation
import Testing
@testable import DescentCLI

/// `descent eval` in-process: outputs, JSON keys, and bad input as one line with status 2.
@Suite("descent eval")
struct EvalCommandTests {
    let scratch: ScratchFolder

    init() throws { scratch = try ScratchFolder("eval-cli") }

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
        return try scratch.file("preds.csv", text)
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
        let path = try scratch.file("reg.csv", text)
        let html = scratch.path("r.html")
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
        let path = name == "missing" ? scratch.path("nothing.csv") : try scratch.file("bad.csv", text)
        let html = scratch.path("never.html")
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

    /// A schedule-free run is evaluated and served at its evaluation point x (schedulefree's
    /// `.eval()`), which the checkpoint keeps beside the iterates y it resumes from.
    @Test func scheduleFreeRunIsServedAtItsEvaluationPoint() throws {
        let run = scratch.path("schedule-free")
        let trained = descent(["train", "--data", "blobs", "--model", "mlp:16", "--epochs", "2", "--optimizer", "schedule_free_adamw",
                               "--hp", "lr=0.01", "--out", run, "--json"])
        #expect(trained.status == 0, "\(trained.errors)")
        let train = try #require(try JSONSerialization.jsonObject(with: Data(trained.output.utf8)) as? [String: Any])
        let (status, output, errors) = descent(["eval", "--run", run, "--json"])
        #expect(status == 0, "\(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let metrics = try #require(object["metrics"] as? [String: Any])
        #expect(abs((metrics["log_loss"] as? Double ?? -1) - (train["test_loss"] as? Double ?? -2)) < 1e-5)
        let checkpoint = try Checkpoint.load(from: URL(fileURLWithPath: run))
        let x = try #require(checkpoint.evaluationParameters)
        #expect(Set(x.keys) == Set(checkpoint.parameters.keys) && x != checkpoint.parameters)
    }

    @Test("--run evaluates a trained run like descent train's test metrics, with robustness")
    func run() throws {
        let run = scratch.path("run")
        let trained = descent(["train", "--data", "blobs", "--model", "mlp:16", "--epochs", "2", "--out", run, "--json"])
        #expect(trained.status == 0, "\(trained.errors)")
        let train = try #require(try JSONSerialization.jsonObject(with: Data(trained.output.utf8)) as? [String: Any])
        let (status, output, errors) = descent(["eval", "--run", run, "--epsilons", "0,0.1", "--noise", "0,0.5", "--pgd-steps", "3", "--json"])
        #expect(status == 0, "\(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let metrics = try #require(object["metrics"] as? [String: Any])
        #expect(abs((metrics["accuracy"] as? Double ?? -1) - (train["test_accuracy"] as? Double ?? -2)) < 1e-12)
        #expect(abs((metrics["log_loss"] as? Double ?? -1) - (train["test_loss"] as? Double ?? -2)) < 1e-5)
        #expect(try Checkpoint.load(from: URL(fileURLWithPath: run)).evaluationParameters == nil)  // AdamW: the iterates
        let robustness = try #require(object["robustness"] as? [String: Any])
        let fgsm = try #require(robustness["fgsm"] as? [[String: Double]])
        #expect(fgsm.count == 2 && fgsm[0]["accuracy"] == metrics["accuracy"] as? Double)
        let missing = descent(["eval", "--run", scratch.path("none")])
        #expect(missing.status == 2 && missing.errors.contains("no such run folder"))
    }

    /// A binary CSV dataset: x1, x2 and region decide y; `w` and `age` are extra columns when asked.
    func tabular(_ name: String, rows: Int, seed: Int, extra: Bool) throws -> String {
        var text = "x1,x2,region,y" + (extra ? ",w,age" : "") + "\n"
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let regions = ["north", "south", "east"]
        for i in 0..<rows {
            let x1 = uniform() * 4 - 2, x2 = uniform() * 4 - 2, region = regions[i % 3]
            let y = x1 + 0.5 * x2 + (region == "north" ? 0.5 : 0) + (uniform() - 0.5) > 0 ? "yes" : "no"
            text += "\(x1),\(x2),\(region),\(y)" + (extra ? ",\(i % 4),\(18 + i % 60)" : "") + "\n"
        }
        return try scratch.file(name, text)
    }

    func slices(_ object: [String: Any]) throws -> [String: [String: Any]] {
        let list = try #require(object["slices"] as? [[String: Any]])
        var byName: [String: [String: Any]] = [:]
        for s in list { byName["\(s["column"]!)=\(s["value"]!)"] = s }
        return byName
    }

    @Test("--run --slices: the run's CSV columns at its test rows, any column of --data csv:, and label")
    func runSlices() throws {
        let train = try tabular("train.csv", rows: 600, seed: 1, extra: false)
        let run = scratch.path("csvrun")
        let trained = descent(["train", "--data", "csv:\(train)", "--label", "y", "--model", "mlp:16", "--epochs", "20", "--hp", "lr=0.01", "--out", run])
        #expect(trained.status == 0, "\(trained.errors)")
        let quick = ["--bootstrap", "10", "--noise", "0", "--epsilons", "0.1", "--pgd-steps", "1", "--json"]
        let (status, output, errors) = descent(["eval", "--run", run, "--slices", "y,label,region,x1"] + quick)
        #expect(status == 0, "\(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let byName = try slices(object)
        let rows = try #require(object["rows"] as? Int)
        // The file's label column at the test rows is the true class: its slices are label's, row for row.
        for value in ["no", "yes"] {
            let fromFile = try #require(byName["y=\(value)"]), fromLabels = try #require(byName["label=\(value)"])
            #expect(fromFile["rows"] as? Int == fromLabels["rows"] as? Int)
            #expect(NSDictionary(dictionary: fromFile["metrics"] as! [String: Any]).isEqual(to: fromLabels["metrics"] as! [String: Any]))
        }
        // Each class's slice accuracy is that class's recall in the confusion matrix.
        let matrix = try #require(object["confusion_matrix"] as? [[Int]])
        let classes = try #require(object["classes"] as? [String])
        for (c, name) in classes.enumerated() {
            let slice = try #require(byName["label=\(name)"])
            #expect(slice["rows"] as? Int == matrix[c].reduce(0, +))
            let accuracy = try #require((slice["metrics"] as? [String: Any])?["accuracy"] as? Double)
            #expect(abs(accuracy - Double(matrix[c][c]) / Double(matrix[c].reduce(0, +))) < 1e-12)
        }
        #expect(["north", "south", "east"].map { byName["region=\($0)"]?["rows"] as? Int ?? 0 }.reduce(0, +) == rows)
        #expect(byName.keys.filter { $0.hasPrefix("x1=") }.count == 4)

        // --data csv: with columns the model does not use (age, w), and weights.
        let new = try tabular("new.csv", rows: 200, seed: 2, extra: true)
        let other = descent(["eval", "--run", run, "--data", "csv:\(new)", "--slices", "age,region", "--sample-weight", "w"] + quick)
        #expect(other.status == 0, "\(other.errors)")
        let otherObject = try #require(try JSONSerialization.jsonObject(with: Data(other.output.utf8)) as? [String: Any])
        #expect(otherObject["rows"] as? Int == 200)
        // Rows whose weight is 0 (every fourth) count for nothing: age bins hold 50 rows each.
        let otherSlices = try slices(otherObject)
        #expect(otherSlices.keys.filter { $0.hasPrefix("age=") }.count == 4 && otherSlices["region=north"]?["rows"] as? Int == 67)

        // Unknown columns and data without columns: one line, exit 2.
        for (arguments, message) in [
            (["--slices", "nope"], "train.csv: column 'nope': no such column to slice on (columns: region, x1, x2, y; 'label' slices by the true class)"),
            (["--sample-weight", "nope"], "train.csv: column 'nope': no such column for --sample-weight"),
            (["--data", "csv:\(new)", "--sample-weight", "region"], "column 'region'"),
        ] {
            let bad = descent(["eval", "--run", run] + arguments)
            #expect(bad.status == 2 && bad.output.isEmpty && bad.errors.split(separator: "\n").count == 1 && bad.errors.contains(message), "\(bad.errors)")
        }
    }

    @Test("--run on data without columns: --slices label gives per-class metrics; other columns are one line")
    func runSlicesWithoutColumns() throws {
        let run = scratch.path("blobs")
        #expect(descent(["train", "--data", "blobs", "--model", "mlp:16", "--epochs", "2", "--out", run]).status == 0)
        let quick = ["--bootstrap", "10", "--noise", "0", "--epsilons", "0.1", "--pgd-steps", "1"]
        let (status, output, errors) = descent(["eval", "--run", run, "--slices", "label", "--json"] + quick)
        #expect(status == 0, "\(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let classes = try #require(object["classes"] as? [String])
        let list = try #require(object["slices"] as? [[String: Any]])
        #expect(list.map { $0["value"] as? String ?? "" } == classes.sorted())
        #expect(list.map { $0["rows"] as? Int ?? 0 }.reduce(0, +) == object["rows"] as? Int)
        let slicesBad = descent(["eval", "--run", run, "--slices", "label,colour"] + quick)
        #expect(slicesBad.status == 2 && slicesBad.errors == "descent eval: --slices colour: blobs:n=1000,features=2,centers=3,spread=1.0,seed=0 has no columns to slice by (only 'label', the true class; or give --data csv:FILE)")
        let weightBad = descent(["eval", "--run", run, "--sample-weight", "w"] + quick)
        #expect(weightBad.status == 2 && weightBad.errors == "descent eval: --sample-weight w: blobs:n=1000,features=2,centers=3,spread=1.0,seed=0 has no columns to take weights from (give --data csv:FILE)")
    }

    @Test("--run's probabilities come from the tape-free predictor, equal to the taped forward pass", arguments: ["mlp:16,8", "cnn:4"])
    func predictorEqualsTape(model: String) throws {
        let run = scratch.path("tape-\(model)")
        let trained = descent(["train", "--data", "digits", "--model", model, "--epochs", "1", "--out", run])
        #expect(trained.status == 0, "\(trained.errors)")
        let loaded = try EvalRun.load(folder: run, data: nil)
        let fast = loaded.outputs(loaded.evaluated, batchSize: 100), taped = loaded.tapedOutputs(loaded.evaluated, batchSize: 100)
        #expect(fast.shape == taped.shape && fast.scalars == taped.scalars)
        #expect(fast.shape == [loaded.evaluated.count, 10])
    }

    @Test("--sample-weight: integer weights equal repeated rows; weights of one equal none; bad weights are one line")
    func sampleWeights() throws {
        var weighted = "y,p_a,p_b,p_c,w,g\n", repeated = "y,p_a,p_b,p_c,g\n", ones = "y,p_a,p_b,p_c,w,g\n", plain = "y,p_a,p_b,p_c,g\n"
        for i in 0..<60 {
            let truth = ["a", "b", "c"][i % 3], top = 0.4 + Double(i % 6) / 10
            var p = [(1 - top) / 2, (1 - top) / 2, (1 - top) / 2]
            p[(i * 7) % 3] = top
            let row = "\(truth),\(p[0]),\(p[1]),\(p[2])", g = i % 2 == 0 ? "x" : "z", w = i % 4
            weighted += "\(row),\(w),\(g)\n"
            for _ in 0..<w { repeated += "\(row),\(g)\n" }
            ones += "\(row),1,\(g)\n"
            plain += "\(row),\(g)\n"
        }
        func metrics(_ name: String, _ text: String, _ extra: [String]) throws -> [String: Double] {
            let (status, output, errors) = descent(["eval", "--predictions", try scratch.file(name, text), "--label", "y", "--bootstrap", "0", "--json"] + extra)
            #expect(status == 0, "\(errors)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            return try #require(object["metrics"] as? [String: Double])
        }
        let a = try metrics("weighted.csv", weighted, ["--sample-weight", "w"]), b = try metrics("repeated.csv", repeated, [])
        for key in ["accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_micro", "f1_weighted",
                    "roc_auc_ovr", "average_precision", "log_loss", "brier", "ece"] {
            #expect(abs(a[key]! - b[key]!) < 1e-12, "\(key): \(a[key]!) != \(b[key]!)")
        }
        #expect(try metrics("ones.csv", ones, ["--sample-weight", "w", "--slices", "g"]) == metrics("plain.csv", plain, ["--slices", "g"]))

        for (name, cells, message) in [
            ("negative", ["1", "-2"], "bad-w.csv: row 2: column 'w': sample weight -2.0 is negative"),
            ("missing", ["1", ""], "bad-w.csv: row 2: column 'w': missing sample weight (an empty or NaN cell)"),
            ("nan", ["nan", "1"], "bad-w.csv: row 1: column 'w': missing sample weight (an empty or NaN cell)"),
            ("infinite", ["inf", "1"], "bad-w.csv: row 1: column 'w': sample weight inf is not finite"),
            ("zero", ["0", "0"], "bad-w.csv: column 'w': every sample weight is 0 (at least one must be positive)"),
            ("zero-slice", ["0", "1"], "bad-w.csv: column 'g': slice x (1 rows) has sample weight 0 in every row"),
            ("unknown", ["1", "1"], "bad-w.csv: column 'weight': no such column for --sample-weight"),
        ] {
            let text = "y,p_a,p_b,w,g\na,0.6,0.4,\(cells[0]),x\nb,0.3,0.7,\(cells[1]),z\n"
            let html = scratch.path("w-\(name).html")
            let arguments = ["eval", "--predictions", try scratch.file("bad-w.csv", text), "--label", "y", "--html", html, "--sample-weight", name == "unknown" ? "weight" : "w"]
                + (name == "zero-slice" ? ["--slices", "g"] : [])
            let (status, output, errors) = descent(arguments)
            #expect(status == 2 && output.isEmpty && errors.split(separator: "\n").count == 1, "\(name): \(errors)")
            #expect(errors.contains(message), "\(name): \(errors)")
            #expect(!FileManager.default.fileExists(atPath: html))
        }
    }
}
