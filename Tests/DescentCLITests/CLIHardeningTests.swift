import ArgumentParser
import Foundation
import Testing
@testable import DescentCLI
import DescentCore

/// Count options given negative numbers: one line, not ArgumentParser's "Missing value" lines.
struct CountArgumentTests {
    @Test(arguments: [
        (["train", "--data", "digits", "--epochs", "-1"], "descent train: --epochs must be a positive integer, got -1"),
        (["train", "--data", "digits", "--batch-size", "-1"], "descent train: --batch-size must be a positive integer, got -1"),
        (["train", "--data", "digits", "--seed", "-1"], "descent train: --seed must be a non-negative integer, got -1"),
        (["train", "--data", "digits", "--threads", "-2"], "descent train: --threads must be a positive integer, got -2"),
        (["train", "--data", "digits", "--steps", "-3"], "descent train: --steps must be a positive integer, got -3"),
        (["train", "--data", "digits", "--epochs=-1"], "descent train: --epochs must be a positive integer, got -1"),
        (["train", "--data", "digits", "--split-seed", "-7", "--epochs", "2"], "descent train: --split-seed must be a non-negative integer, got -7"),
        (["train", "--data", "digits", "--epochs", "0"], "descent train: --epochs must be a positive integer, got 0"),
        (["train", "--data", "digits", "--threads", "0"], "descent train: --threads must be a positive integer, got 0"),
        (["train", "--resume", "/no/such/run", "--epochs", "-2"], "descent train: --epochs must be a positive integer, got -2"),
        (["optim", "bench", "--optimizer", "adamw", "--params", "-5"], "descent optim bench: --params must be a positive integer, got -5"),
        (["optim", "bench", "--optimizer", "adamw", "--params", "8", "--threads", "-2"], "descent optim bench: --threads must be a positive integer, got -2"),
        (["optim", "trace", "--problem", "rosenbrock", "--optimizer", "sgd", "--steps", "-3"], "descent optim trace: --steps must be a positive integer, got -3"),
        (["drift", "stream", "--detector", "kswin", "--input", "x.csv", "--seed", "-1"], "descent drift stream: --seed must be a non-negative integer, got -1"),
        (["bench", "targets", "--seeds", "-1"], "descent bench targets: --seeds must be a positive integer, got -1"),
        (["bench", "targets", "--trials", "-1"], "descent bench targets: --trials must be a positive integer, got -1"),
        (["bench", "--seeds", "-1", "--out", "/tmp/descent-no-such-bench"], "descent bench: --seeds must be a positive integer, got -1"),
        (["bench", "--seeds", "0", "--out", "/tmp/descent-no-such-bench"], "descent bench: --seeds must be a positive integer, got 0"),
        (["bench", "--studies", "-1", "--out", "/tmp/descent-no-such-bench"], "descent bench: --studies must be a positive integer, got -1"),
        (["bench", "--trials", "-1", "--out", "/tmp/descent-no-such-bench"], "descent bench: --trials must be a positive integer, got -1"),
        (["bench", "--parallel", "-2", "--out", "/tmp/descent-no-such-bench"], "descent bench: --parallel must be a positive integer, got -2"),
    ])
    func negativeCountIsOneLine(arguments: [String], message: String) throws {
        let folder = TrainCommandTests.temporaryFolder("negative")
        let extra = arguments.first == "train" && !arguments.contains("--resume") ? ["--out", folder.path] : []
        let (status, output, errors) = descent(arguments + extra)
        #expect(status == 2)
        #expect(errors == message)
        #expect(output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/descent-no-such-bench"))
    }

    @Test func helpStillWorks() {
        let (status, output, errors) = descent(["train", "--help"])
        #expect(status == 0 && errors.isEmpty)
        #expect(output.contains("--epochs <epochs>") && output.contains("--threads <threads>"))
    }

    /// Number lists: an empty item (`0,,1`) or a non-number is a parse error naming the option;
    /// a negative value is echoed as given.
    @Test(arguments: [
        (["--epsilons", "0,,0.1"], "--epsilons"),
        (["--noise", "0.1,"], "--noise"),
        (["--noise", "0.1,abc"], "--noise"),
        (["--epsilons", "nan"], "--epsilons"),
    ])
    func numberListItemsAreAllNumbers(arguments: [String], flag: String) {
        let (status, output, errors) = descent(["eval", "--predictions", "/no/such.csv"] + arguments)
        #expect(status == 2 && output.isEmpty)
        #expect(errors.hasPrefix("descent eval: ") && !errors.contains("\n") && errors.contains("is invalid for '\(flag)"), "\(errors)")
    }

    @Test func otherParseErrorsAreOneLine() {
        let (status, output, errors) = descent(["train", "--data", "digits", "--epochs", "many"])
        #expect(status == 2 && output.isEmpty)
        #expect(errors.hasPrefix("descent train: ") && !errors.contains("\n") && errors.contains("--epochs"), "\(errors)")
    }
}

/// The run folder: checked before anything trains, cleaned of a killed run's temporary files,
/// and the thread count recorded.
extension TrainCommandTests {
    @Test func outNamingAFileFailsBeforeTraining() throws {
        let file = Self.temporaryFolder("file")
        try Data("keep".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output, errors) = descent(["train", "--data", "moons", "--model", "linear", "--epochs", "1", "--out", file.path])
        #expect(status == 2 && output.isEmpty)
        #expect(errors == "descent train: \(file.path): --out names a file, not a run folder")
        #expect(try Data(contentsOf: file) == Data("keep".utf8))

        let below = file.appendingPathComponent("run")
        let (status2, output2, errors2) = descent(["train", "--data", "moons", "--model", "linear", "--epochs", "1", "--out", below.path])
        #expect(status2 == 2 && output2.isEmpty)
        #expect(errors2 == "descent train: \(below.path): cannot create the run folder, \(file.path) is a file")
        #expect(try Data(contentsOf: file) == Data("keep".utf8))
    }

    #if os(Linux)
    @Test func outInAnUnwritablePlaceFailsBeforeTraining() throws {
        // /proc refuses new folders even to root (a chmod'ed folder would not stop root).
        let folder = "/proc/descent-\(UUID().uuidString)/run"
        let (status, output, errors) = descent(["train", "--data", "moons", "--model", "linear", "--epochs", "1", "--out", folder])
        #expect(status == 2 && output.isEmpty)
        #expect(errors.hasPrefix("descent train: \(folder): cannot create the run folder in /proc (") && !errors.contains("\n"), "\(errors)")
    }
    #endif

    @Test func staleTemporaryFilesAreRemovedWhenARunResumes() throws {
        let folder = Self.temporaryFolder("stale")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(descent(["train", "--data", "moons", "--model", "linear", "--steps", "3", "--out", folder.path, "--json"]).status == 0)
        let manager = FileManager.default
        // What a run killed mid-write leaves: AtomicFile's, Checkpoint's and Foundation's temporaries.
        for name in [".config.json.tmp-999999", ".metrics.json.tmp-12", ".latest.tmp-4242", ".dat.nosyncA1b2", ".dat.nosync"] {
            try Data("torn".utf8).write(to: folder.appendingPathComponent(name))
        }
        let torn = folder.appendingPathComponent(".checkpoint-7.tmp")
        try manager.createDirectory(at: torn, withIntermediateDirectories: true)
        try Data("torn".utf8).write(to: torn.appendingPathComponent("model.safetensors"))
        // The user's own files stay.
        for name in ["notes.txt", ".hidden", ".tmp-1", "x.tmp-12"] { try Data("mine".utf8).write(to: folder.appendingPathComponent(name)) }
        #expect(descent(["train", "--resume", folder.path, "--steps", "6", "--json"]).status == 0)
        let names = try manager.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == [".hidden", ".tmp-1", "checkpoint-6", "config.json", "latest", "metrics.json", "notes.txt", "preprocessing.json", "x.tmp-12"])
    }

    @Test func staleTemporaryFilesAreRemovedWhenANewRunStartsInTheFolder() throws {
        let folder = Self.temporaryFolder("stale-new")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("torn".utf8).write(to: folder.appendingPathComponent(".config.json.tmp-31337"))
        #expect(descent(["train", "--data", "moons", "--model", "linear", "--steps", "3", "--out", folder.path, "--json"]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["checkpoint-3", "config.json", "latest", "metrics.json", "preprocessing.json"])
    }

    @Test func resumeUsesTheRecordedThreadCount() throws {
        let folder = Self.temporaryFolder("threads")
        defer { try? FileManager.default.removeItem(at: folder) }
        // ComputeThreads is process-wide and other suites running in parallel set it too, so
        // this test reads only what the run folder records, never the global count.
        #expect(descent(["train", "--data", "moons", "--model", "linear", "--steps", "3", "--threads", "1", "--out", folder.path, "--json"]).status == 0)
        #expect(try Self.configuration(folder)["threads"] as? Int == 1)
        #expect(try Self.metrics(folder)["threads"] as? Int == 1)
        // Resumed without --threads: the recorded count.
        #expect(descent(["train", "--resume", folder.path, "--steps", "6", "--json"]).status == 0)
        #expect(try Self.configuration(folder)["threads"] as? Int == 1)
        #expect(try Self.metrics(folder)["threads"] as? Int == 1)
        // --threads overrides it, and is recorded.
        #expect(descent(["train", "--resume", folder.path, "--steps", "9", "--threads", "2", "--json"]).status == 0)
        #expect(try Self.configuration(folder)["threads"] as? Int == 2)
        // A run saved before the count was recorded resumes on the current count.
        var saved = try Self.configuration(folder)
        saved.removeValue(forKey: "threads")
        try JSONSerialization.data(withJSONObject: saved).write(to: folder.appendingPathComponent("config.json"))
        #expect(descent(["train", "--resume", folder.path, "--steps", "12", "--json"]).status == 0)
        #expect((try Self.configuration(folder)["threads"] as? Int ?? 0) >= 1)
    }
}

/// `descent optim replay` reads what Python's json.dump writes.
struct ReplayJSONTests {
    static func replay(_ text: String, _ extra: [String] = ["--optimizer", "sgd", "--hp", "lr=0.1"]) throws -> (Int32, String, String, String) {
        let file = try OptimCommandTests.temporaryFile("replay.json", text)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output, errors) = descent(["optim", "replay", "--input", file.path] + extra + ["--json"])
        return (status, output, errors, file.path)
    }

    @Test func acceptsPythonsNaNAndInfinityAndWritesThemAsNull() throws {
        let (status, output, errors, _) = try Self.replay(#"{"params": {"w": [1.0, NaN, 2.0]}, "grads": [{"w": [0.5, 0.5, -Infinity]}, {"w": [Infinity, 0, 0]}]}"#)
        #expect(status == 0 && errors.isEmpty, "\(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let steps = try #require(object["params"] as? [[String: Any]])
        let first = try #require(steps[0]["w"] as? [Any]), second = try #require(steps[1]["w"] as? [Any])
        #expect(first[0] as? Double == Double(Float(1) - Float(0.1) * Float(0.5)))
        #expect(first[1] is NSNull && first[2] is NSNull)  // NaN and +∞
        #expect(second.allSatisfy { $0 is NSNull })
    }

    @Test(arguments: [
        ("{\"params\": {\"w\": [1, 2]},\n \"grads\": [{\"w\": [1, 2}]}", "malformed JSON at line 2, column 23: unexpected character '}', expected ',' or ']'"),
        ("{\"params\": {\"w\": [1, nan]}, \"grads\": []}", "malformed JSON at line 1, column 22: unknown literal 'nan' (JSON has true, false, null; Python's NaN, Infinity, -Infinity)"),
        ("{\"params\": {\"w\": [1, 2]}, \"grads\": [", "malformed JSON at line 1, column 37: unexpected end of file, expected a value"),
        ("{\"params\": {\"w\": [1, 2]}, \"grads\": []} x", "malformed JSON at line 1, column 40: unexpected character 'x' after the JSON value"),
        ("{\"params\": {\"w\": [1, 02]}, \"grads\": []}", "malformed JSON at line 1, column 22: invalid number, leading zero"),
        ("{\"params\": {\"w\": [1, Infinit]}, \"grads\": []}", "malformed JSON at line 1, column 22: unknown literal 'Infinit' (JSON has true, false, null; Python's NaN, Infinity, -Infinity)"),
    ])
    func syntaxErrorsNameLineAndColumn(text: String, reason: String) throws {
        let (status, output, errors, path) = try Self.replay(text)
        #expect(status == 2 && output.isEmpty)
        #expect(errors == "descent optim replay: \(path): \(reason)")
    }

    @Test(arguments: [
        (#"{"params": {"w": [1.0, true]}, "grads": []}"#, "params.w[1] is true, not a number"),
        (#"{"params": {"w": [[1.0, 2.0], [3.0, null]]}, "grads": []}"#, "params.w[1][1] is null, not a number"),
        (#"{"params": {"w": [1.0, 2.0]}, "grads": [{"w": [false, 1]}]}"#, "grads[0].w[0] is false, not a number"),
        (#"{"params": {"w": [1.0, 2.0]}, "grads": [{"w": [1, "NaN"]}]}"#, "grads[0].w[1] is a string, not a number"),
    ])
    func nonNumbersNameTheEntry(text: String, message: String) throws {
        let (status, output, errors, _) = try Self.replay(text)
        #expect(status == 2 && output.isEmpty)
        #expect(errors == "descent optim replay: \(message)")
    }
}

/// Replay inputs the fuzzing found (Fuzz/Crashes/replay): nested arrays whose first elements
/// claim a huge shape are an error, not a 32 GB allocation or an overflow trap.
@Suite struct ReplayFuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/Crashes/replay").standardized

    @Test(arguments: ["nested-4x300-reserve-oom.json", "nested-8x300-shape-product-overflow.json"])
    func claimedShapesAreNotTrusted(file: String) throws {
        let path = Self.folder.appendingPathComponent(file).path
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(throws: (any Error).self) { _ = try OptimReplayCommand.load(path) }
    }
}
