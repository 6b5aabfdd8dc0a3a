import ArgumentParser
import DescentOptim
import Foundation
import Testing
@testable import DescentCLI

/// `descent optim` as a user runs it, in-process, output captured.
struct OptimCommandTests {
    static func run(_ arguments: [String], capture: OptimCLI.Capture = OptimCLI.Capture()) throws -> String {
        try OptimCLI.$capture.withValue(capture) {
            var command = try OptimCommand.parseAsRoot(arguments)
            try command.run()
        }
        return capture.text
    }

    static func json(_ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try run(arguments).utf8))
    }

    static func temporaryFile(_ name: String, _ contents: String? = nil) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-optim-\(UUID().uuidString)-\(name)")
        if let contents { try Data(contents.utf8).write(to: url) }
        return url
    }

    @Test func listShowsEveryCatalogEntryWithDefaultsAndStateBytes() throws {
        let list = try Self.json(["list", "--json"]) as! [[String: Any]]
        #expect(list.map { $0["name"] as! String } == OptimizerCatalog.all.map(\.name))
        let adamw = try #require(list.first { $0["name"] as? String == "adamw" })
        let hps = adamw["hyperparameters"] as! [String: Any]
        #expect(hps["lr"] as? Double == 1e-3 && hps["weight_decay"] as? Double == 1e-2 && hps["beta2"] as? Double == 0.999)
        #expect(hps["amsgrad"] as? Bool == false)
        #expect(adamw["state_bytes_per_parameter"] as? Double == 8)
        #expect(adamw["reference"] as? String == "torch.optim.AdamW")
        let sgd = try #require(list.first { $0["name"] as? String == "sgd" })
        #expect(sgd["state_bytes_per_parameter"] as? Double == 4)
        let text = try Self.run(["list"])
        for d in OptimizerCatalog.all { #expect(text.contains(d.name) && text.contains(d.reference)) }
    }

    @Test func showPrintsFormulaChainDefaultsAndReferences() throws {
        let text = try Self.run(["show", "adamw"])
        let d = OptimizerCatalog.descriptor(named: "adamw")!
        for part in [d.formula, d.composition, d.reference, d.paper, "weight_decay", "0.01"] { #expect(text.contains(part), "\(part)") }
        let object = try Self.json(["show", "adamw", "--json"]) as! [String: Any]
        #expect(object["formula"] as? String == d.formula)
    }

    /// A replay file with the given parameters and gradients.
    static func replayFile(params: [String: Any], grads: [[String: Any]]) throws -> URL {
        let data = try JSONSerialization.data(withJSONObject: ["params": params, "grads": grads])
        return try temporaryFile("replay.json", String(decoding: data, as: UTF8.self))
    }

    @Test func replayEqualsTheLibraryStepByStep() throws {
        let params: [String: Any] = ["w": [[1.0, -2.0], [0.5, 3.0]], "b": [0.25, -0.75, 1.5]]
        var grads: [[String: Any]] = []
        for k in 0..<6 {
            let s = Double(k + 1)
            grads.append(["w": [[0.1 * s, -0.3], [0.2, -0.05 * s]], "b": [0.4, -0.1 * s, 0.3]])
        }
        let file = try Self.replayFile(params: params, grads: grads)
        defer { try? FileManager.default.removeItem(at: file) }
        let out = try Self.json(["replay", "--optimizer", "adamw", "--hp", "lr=0.1", "--hp", "weight_decay=0.2,amsgrad=true", "--input", file.path]) as! [String: Any]
        #expect(out["optimizer"] as? String == "adamw")
        let hps = out["hyperparameters"] as! [String: Any]
        #expect(hps["lr"] as? Double == 0.1 && hps["weight_decay"] as? Double == 0.2 && hps["amsgrad"] as? Bool == true && hps["beta1"] as? Double == 0.9)
        let steps = out["params"] as! [[String: Any]]
        #expect(steps.count == 6)
        // The same steps through the library.
        var optimizer = TransformationOptimizer.adamw(lr: 0.1, weightDecay: 0.2, amsgrad: true)
        var p = ParameterSet([("b", Tensor([0.25, -0.75, 1.5])), ("w", Tensor([[1, -2], [0.5, 3]]))])
        for (k, g) in grads.enumerated() {
            let w = (g["w"] as! [[Double]]).map { $0.map(Float.init) }, b = (g["b"] as! [Double]).map(Float.init)
            optimizer.step(&p, gradients: ParameterSet([("b", Tensor(b)), ("w", Tensor(w))]))
            let replayedW = (steps[k]["w"] as! [[Double]]).flatMap { $0 }.map(Float.init)
            let replayedB = (steps[k]["b"] as! [Double]).map(Float.init)
            #expect(replayedW == p["w"].scalars && replayedB == p["b"].scalars, "step \(k)")
        }
        #expect(p["w"].scalars != [1, -2, 0.5, 3])
    }

    @Test(arguments: [
        (["replay", "--optimizer", "adamz", "--input", "FILE"], "unknown optimizer 'adamz'"),
        (["replay", "--optimizer", "adamw", "--hp", "momentum=0.9", "--input", "FILE"], "no hyperparameter 'momentum'"),
        (["replay", "--optimizer", "adamw", "--hp", "lr=fast", "--input", "FILE"], "lr must be a finite number"),
        (["replay", "--optimizer", "sgd", "--hp", "nesterov=maybe", "--input", "FILE"], "nesterov must be true or false"),
        (["replay", "--optimizer", "adamw", "--input", "SHAPE"], "grads[1].w has shape [3], but the parameter has shape [2]"),
        (["replay", "--optimizer", "adamw", "--input", "MISSING"], "grads[0] has no gradient for parameter w"),
        (["replay", "--optimizer", "adamw", "--input", "MALFORMED"], "malformed JSON"),
        (["replay", "--optimizer", "adamw", "--input", "/no/such/file.json"], "cannot read"),
        (["trace", "--problem", "himmelblau", "--optimizer", "sgd"], "unknown problem 'himmelblau'"),
        (["trace", "--problem", "", "--optimizer", "sgd"], "empty problem name"),  // trapped (hostile probe)
        (["trace", "--problem", ":dim=3", "--optimizer", "sgd"], "empty problem name"),
        (["trace", "--problem", "quadratic:kappa=x", "--optimizer", "sgd"], "problem 'quadratic:kappa=x': kappa must be a finite number ≥ 1, got 'x'"),
        (["trace", "--problem", "rastrigin:size=3", "--optimizer", "sgd"], "problem 'rastrigin:size=3': unknown key 'size' (known: dim)"),
        (["trace", "--problem", "quadratic:dim=3", "--optimizer", "sgd", "--plot", "PLOT"], "2-D problems only"),
        (["trace", "--problem", "rosenbrock", "--optimizer", "sgd", "--steps", "0"], "--steps"),
        (["bench", "--optimizer", "adamw", "--params", "0"], "--params"),
        (["show", "nosuch"], "unknown optimizer 'nosuch'"),
    ])
    func badInputExitsWithStatus2AndWritesNothing(arguments: [String], message: String) throws {
        let shape = try Self.replayFile(params: ["w": [1.0, 2.0]], grads: [["w": [0.1, 0.2]], ["w": [0.1, 0.2, 0.3]]])
        let missing = try Self.replayFile(params: ["w": [1.0, 2.0]], grads: [[:]])
        let malformed = try Self.temporaryFile("bad.json", "{\"params\": {\"w\": [1, 2]}, \"grads\": [")
        let plot = try Self.temporaryFile("plot.svg")
        defer { for url in [shape, missing, malformed, plot] { try? FileManager.default.removeItem(at: url) } }
        let substituted = arguments.map {
            ["SHAPE": shape.path, "MISSING": missing.path, "MALFORMED": malformed.path, "PLOT": plot.path, "FILE": shape.path][$0] ?? $0
        }
        let capture = OptimCLI.Capture()
        var caught: Error?
        do { _ = try Self.run(substituted, capture: capture) } catch { caught = error }
        #expect((caught as? ExitCode) == ExitCode(2))
        let stderr = capture.errors
        #expect(!stderr.contains("\n") && stderr.hasPrefix("descent optim ") && stderr.contains(message), "stderr: \(stderr)")
        #expect(capture.text.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: plot.path))
    }

    @Test func traceReachesTheQuadraticMinimumAndDrawsRosenbrock() throws {
        let out = try Self.json(["trace", "--problem", "quadratic:kappa=10,dim=4", "--optimizer", "sgd", "--hp", "lr=0.1,momentum=0.5",
                                 "--steps", "200", "--json"]) as! [String: Any]
        let losses = out["losses"] as! [Double]
        #expect(losses.count == 201)
        // ½Σλᵢ with λ = 1, 10^(1/3), 10^(2/3), 10 at the start.
        let start = 0.5 * (1 + pow(10, 1.0 / 3) + pow(10, 2.0 / 3) + 10)
        #expect(abs(losses[0] - start) < 1e-4)
        #expect(losses.last! < 1e-8)
        #expect((out["final_params"] as! [Double]).allSatisfy { abs($0) < 1e-4 })
        let svg = try Self.temporaryFile("rosenbrock.svg")
        defer { try? FileManager.default.removeItem(at: svg) }
        let rosen = try Self.json(["trace", "--problem", "rosenbrock", "--optimizer", "adam", "--hp", "lr=0.02", "--steps", "3000",
                                   "--plot", svg.path, "--json"]) as! [String: Any]
        let r = rosen["losses"] as! [Double]
        #expect(abs(r[0] - 24.2) < 1e-4)  // (1 + 1.2)² + 100(1 − 1.44)²
        #expect(r.last! < 1e-3)
        let drawing = try String(contentsOf: svg, encoding: .utf8)
        #expect(drawing.hasPrefix("<svg") && drawing.contains("<polyline") && drawing.contains("adam on rosenbrock"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: svg.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(".\(svg.lastPathComponent)") }
        #expect(leftovers.isEmpty)
    }

    @Test func traceRunsLBFGSWithItsObjective() throws {
        guard OptimizerCatalog.descriptor(named: "lbfgs") != nil else { return }
        let out = try Self.json(["trace", "--problem", "rosenbrock", "--optimizer", "lbfgs", "--hp", "strong_wolfe=true", "--steps", "10", "--json"]) as! [String: Any]
        #expect((out["losses"] as! [Double]).last! < 1e-6)
    }

    @Test func benchReportsTheMedianStep() throws {
        let out = try Self.json(["bench", "--optimizer", "adamw", "--params", "100000", "--threads", "1", "--repeats", "5", "--json"]) as! [String: Any]
        #expect(out["optimizer"] as? String == "adamw" && out["params"] as? Int == 100_000 && out["threads"] as? Int == 1)
        let ms = out["ms_per_step"] as! Double, rate = out["params_per_second"] as! Double
        #expect(ms > 0 && ms < 1000)
        #expect(abs(rate - 100_000 / (ms / 1000)) < 1e-6 * rate)
    }

    /// The memory `/proc/meminfo` says is available, or nil off Linux.
    static func availableMemory() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
              let kB = Int(line.split(separator: " ")[1]) else { return nil }
        return kB * 1024
    }

    @Test func benchRefusesParameterCountsLargerThanMemory() throws {
        // 2^31 parameters with AdamW: 8 bytes of parameters and gradients plus 8 of state each, 34 GB.
        guard let available = Self.availableMemory(), available < 16 << 31 else { return }
        let capture = OptimCLI.Capture()
        var caught: Error?
        do { _ = try Self.run(["bench", "--optimizer", "adamw", "--params", "2147483648"], capture: capture) } catch { caught = error }
        #expect((caught as? ExitCode) == ExitCode(2))
        let stderr = capture.errors
        #expect(!stderr.contains("\n") && stderr.contains("--params 2147483648") && stderr.contains("GB") && stderr.contains("available"),
                "stderr: \(stderr)")
        #expect(capture.text.isEmpty)
    }
}
