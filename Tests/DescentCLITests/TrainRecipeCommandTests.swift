import ArgumentParser
import Foundation
import Testing
@testable import DescentCLI
import DescentOptim

/// `descent train` with the training-recipe options, as a user runs it.
@Suite(.serialized) struct TrainRecipeCommandTests {
    /// A recipe run stopped half-way and resumed ends with the weights of the run that did
    /// not stop: the schedule, accumulation and clipping continue where they were.
    @Test func recipeRunResumesExactly() throws {
        let straight = TrainCommandTests.temporaryFolder("recipe-straight"), split = TrainCommandTests.temporaryFolder("recipe-split")
        defer { for f in [straight, split] { try? FileManager.default.removeItem(at: f) } }
        let recipe = ["--data", "digits", "--model", "mlp:32", "--hp", "lr=1e-3,betas=0.9,0.95", "--schedule",
                      "onecycle:max_lr=0.01,total_steps=40", "--clip-grad-norm", "1", "--no-decay", "biases", "--accumulate", "2", "--json"]
        try TrainCommandTests.train(recipe + ["--epochs", "4", "--out", straight.path])
        try TrainCommandTests.train(recipe + ["--epochs", "2", "--out", split.path])
        try TrainCommandTests.train(["--resume", split.path, "--epochs", "4", "--json"])
        let a = try TrainCommandTests.metrics(straight), b = try TrainCommandTests.metrics(split)
        #expect(a["steps"] as! Int == 40)  // 20 micro-batches an epoch, two per step
        #expect(a["test_loss"] as! Double == b["test_loss"] as! Double)
        #expect((a["history"] as! [[String: Any]]).map { $0["train_loss"] as! Double }
                == (b["history"] as! [[String: Any]]).map { $0["train_loss"] as! Double })
        let configuration = try TrainCommandTests.configuration(split)
        let saved = configuration["recipe"] as! [String: Any]
        #expect(saved["schedule"] as? String == "onecycle:max_lr=0.01,total_steps=40")
        #expect((saved["clipping"] as? [String: Double])?["max_norm"] == 1)
        #expect((configuration["hyperparameters"] as! [String: Double])["beta2"] == 0.95)
        #expect((a["test_accuracy"] as! Double) > 0.8)
    }

    @Test func optimizerConfigFileIsReadAsPyTorchWritesIt() throws {
        let folder = TrainCommandTests.temporaryFolder("config")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("descent-optimizer-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: file) }
        try Data(#"{"name": "AdamW", "lr": 3e-3, "betas": [0.8, 0.95], "weight_decay": 0.1, "amsgrad": true, "fused": true}"#.utf8)
            .write(to: file)
        try TrainCommandTests.train(["--data", "digits", "--model", "mlp:16", "--optimizer-config", file.path, "--epochs", "1",
                                     "--out", folder.path, "--json"])
        let configuration = try TrainCommandTests.configuration(folder)
        #expect(configuration["optimizer"] as? String == "adamw")
        let h = configuration["hyperparameters"] as! [String: Double]
        #expect(h["lr"] == 3e-3 && h["beta1"] == 0.8 && h["beta2"] == 0.95 && h["weight_decay"] == 0.1 && h["amsgrad"] == 1)
    }

    @Test(arguments: [
        (#"{"name": "AdamW", "betas": [0.9]}"#, "betas takes 2 values (beta1, beta2) for adamw, got 1"),
        (#"{"name": "AdamW", "momentum": 0.9}"#, "optimizer adamw has no hyperparameter 'momentum'"),
        (#"{"name": "Adam", "lr": "fast"}"#, "hyperparameter lr must be a finite number, got 'fast'"),
        (#"{"lr": 0.1}"#, "no \"name\""),
        (#"[1, 2]"#, "not a JSON object"),
    ])
    func badOptimizerConfigNamesTheProblem(json: String, expected: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("descent-bad-optimizer-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(json.utf8).write(to: file)
        do {
            _ = try OptimizerSpec(configFile: file)
            Issue.record("accepted \(json)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
            #expect("\(error)".hasPrefix(file.path))
        }
    }

    @Test func tupleHyperparametersFillTheSplitNames() throws {
        let rprop = try OptimizerSpec(name: "rprop", settings: ["etas=0.4,1.3", "step_sizes=1e-6,50", "lr=0.02"])
        #expect(rprop.hyperparameters["eta_minus"] == 0.4 && rprop.hyperparameters["eta_plus"] == 1.3)
        #expect(rprop.hyperparameters["step_size_max"] == 50 && rprop.hyperparameters["lr"] == 0.02)
        let adamw = try OptimizerSpec(name: "adamw", settings: ["betas=0.9,0.95,weight_decay=0.1"])
        #expect(adamw.hyperparameters["beta2"] == 0.95 && adamw.hyperparameters["weight_decay"] == 0.1)
        #expect(throws: OptimizerSpecError.self) { try OptimizerSpec(name: "adamw", settings: ["0.9,lr=1"]) }
    }
}

