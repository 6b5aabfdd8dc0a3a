import Foundation
import Testing
@testable import DescentCLI

/// `descent bench`, run in-process with its output captured.
struct BenchCommandTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
    }

    @Test func listJSONNamesEveryQuickWorkload() throws {
        let (status, output, _) = descent(["bench", "list", "--json"])
        #expect(status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        let quick = list.filter { $0["suite"] as? String == "quick" }.compactMap { $0["name"] as? String }
        #expect(quick == ["quadratic_deep", "rosenbrock_2d", "logreg_digits", "mlp_digits", "autoencoder_digits", "friedman1",
                          "demand_forecast", "noisy_label_digits", "imbalanced_digits"])
        #expect(list.filter { $0["suite"] as? String == "standard" }.count == 11 && list.filter { $0["suite"] as? String == "full" }.count == 11)
        #expect(list.allSatisfy { ($0["budget_steps"] as? Int ?? 0) > 0 && $0["target"] is Double && $0["metric"] is String })
    }

    @Test func selfTuningRunWritesResultsAndScores() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output, errors) = descent(["bench", "--suite", "quick", "--optimizers", "adamw,nadamw", "--ruleset", "self",
                                                     "--studies", "2", "--workloads", "logreg_digits,mlp_digits", "--out", folder.path, "--json"])
        #expect(status == 0, "\(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["ruleset"] as? String == "self" && object["measure"] as? String == "steps" && object["suite"] as? String == "quick")
        let trials = try #require(object["trials"] as? [[String: Any]])
        #expect(trials.count == 8)
        #expect(Set(trials.compactMap { $0["workload"] as? String }) == ["logreg_digits", "mlp_digits"])
        #expect((object["workloads"] as? [[String: Any]])?.count == 2)
        #expect(trials.allSatisfy { ($0["state_bytes"] as? Int ?? 0) > 0 })
        #expect(trials.allSatisfy { ($0["cpu_seconds"] as? Double ?? 0) > 0 && ($0["energy_estimate_joules"] as? Double ?? 0) > 0 })
        for trial in trials {
            let ece = try #require(trial["ece"] as? Double), worst = try #require(trial["worst_class_accuracy"] as? Double)
            #expect((0...1).contains(ece) && worst <= (trial["test_metric"] as? Double ?? 0))
        }
        for trial in trials where trial["reached"] as? Bool == true {
            #expect((trial["steps_to_target"] as? Int ?? 0) > 0)
        }
        let scores = try #require(object["scores"] as? [[String: Any]])
        #expect(scores.map { $0["optimizer"] as? String } == ["adamw", "nadamw"])
        #expect(scores.allSatisfy { ($0["profile"] as? [[Double]])?.count == 1000 })
        #expect(scores[1]["geomean_speedup_vs_nadamw"] as? Double == 1 || scores[1]["geomean_speedup_vs_nadamw"] is NSNull)
        // results.json holds the same object.
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("results.json"))) as? [String: Any]
        #expect((saved?["trials"] as? [[String: Any]])?.count == 8)
        // Self-tuning repeats the defaults: the two repetitions differ only in the seed.
        let adamw = trials.filter { $0["optimizer"] as? String == "adamw" && $0["workload"] as? String == "mlp_digits" }
        #expect(adamw.map { $0["seed"] as? Int } == [0, 1])
        #expect((adamw[0]["hyperparameters"] as? [String: Double])?["lr"] == 0.001)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["report.html", "results.json", "summary.md", "trials", "trials.csv"])
        // The report: leaderboard, profile plot and one curve plot per workload (no sensitivity plot
        // under self-tuning, whose learning rate is fixed); `bench report` rebuilds the same page.
        let reportFile = folder.appendingPathComponent("report.html")
        #expect(object["report"] as? String == reportFile.path)
        let page = try String(contentsOf: reportFile, encoding: .utf8)
        #expect(page.contains("<h2>Leaderboard</h2>") && page.contains("logreg_digits validation curves"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 3)
        #expect(!page.contains("NaN") && !page.contains(">nan<") && !page.contains("inf<"))
        let summaryFile = folder.appendingPathComponent("summary.md")
        let written = try String(contentsOf: summaryFile, encoding: .utf8)
        try FileManager.default.removeItem(at: reportFile)
        try FileManager.default.removeItem(at: summaryFile)
        let rebuilt = descent(["bench", "report", folder.path])
        #expect(rebuilt.status == 0 && rebuilt.output.hasPrefix("report: \(reportFile.path)"), "\(rebuilt.errors)")
        #expect(try String(contentsOf: reportFile, encoding: .utf8) == page)
        let summary = try String(contentsOf: summaryFile, encoding: .utf8)
        #expect(summary == written)
        #expect(summary.contains("## Leaderboard") && summary.contains("| logreg_digits | validation_accuracy | 0.9592 |")
                && summary.contains("## Cost") && summary.contains("an estimate"))
        let csv = try String(contentsOf: folder.appendingPathComponent("trials.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 9 && csv[0].hasPrefix("workload,optimizer,study,trial,seed,reached,steps_to_target"))
        #expect(csv[1].hasPrefix("logreg_digits,adamw,0,0,0,") && csv[1].contains("lr=0.001;"))
    }

    @Test func rerunResumesFromTheTrialFiles() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["bench", "--optimizers", "adamw,sgd", "--studies", "1", "--trials", "2", "--workloads", "rosenbrock_2d,logreg_digits",
                         "--out", folder.path, "--json"]
        let first = descent(arguments)
        #expect(first.status == 0, "\(first.errors)")
        let trials = folder.appendingPathComponent("trials")
        let file = trials.appendingPathComponent("logreg_digits/sgd/study-0-trial-1.json")
        #expect(FileManager.default.fileExists(atPath: file.path))
        // Remove one trial: the rerun runs it again and takes the other seven from their files.
        try FileManager.default.removeItem(at: file)
        let stored = trials.appendingPathComponent("rosenbrock_2d/adamw/study-0-trial-0.json")
        let before = try Data(contentsOf: stored)
        let second = descent(arguments)
        #expect(second.status == 0, "\(second.errors)")
        let after = try Data(contentsOf: stored)
        #expect(FileManager.default.fileExists(atPath: file.path) && after == before)
        func results(_ text: String) throws -> [[String: Any]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return try #require(object["trials"] as? [[String: Any]])
        }
        let a = try results(first.output), b = try results(second.output)
        #expect(a.count == 8 && b.count == 8)
        // Every field but the timings is equal; the seven reused trials are equal in every field.
        let timings: Set<String> = ["seconds_to_target", "ms_per_step", "cpu_seconds", "peak_rss_bytes", "energy_estimate_joules"]
        for (x, y) in zip(a, b) {
            func text(_ value: Any?) throws -> String {
                guard let value else { return "missing" }
                let data = try JSONSerialization.data(withJSONObject: ["v": value], options: [.sortedKeys])
                return String(decoding: data, as: UTF8.self)
            }
            for (key, value) in x where !timings.contains(key) { #expect(try text(value) == text(y[key]), "\(key)") }
            if !(x["workload"] as? String == "logreg_digits" && x["optimizer"] as? String == "sgd" && x["trial"] as? Int == 1) {
                #expect(try text(x["cpu_seconds"]) == text(y["cpu_seconds"]))
            }
        }
        // A rerun with another search space finds trials of another benchmark: one line, exit 2, nothing changed.
        let space = FileManager.default.temporaryDirectory.appendingPathComponent("space-\(UUID().uuidString).json")
        try Data(#"{"lr": {"min": 0.001, "max": 0.01, "scaling": "log"}}"#.utf8).write(to: space)
        defer { try? FileManager.default.removeItem(at: space) }
        let summary = try Data(contentsOf: folder.appendingPathComponent("summary.md"))
        let third = descent(arguments + ["--search-space", "adamw=\(space.path)"])
        #expect(third.status == 2 && third.errors.contains("a trial of another benchmark (hyperparameters differs)") && !third.errors.contains("\n"))
        let unchanged = try Data(contentsOf: folder.appendingPathComponent("summary.md"))
        #expect(unchanged == summary)
    }

    @Test func badInputIsOneLineExitTwoNothingWritten() throws {
        let folder = Self.temporaryFolder()
        let space = FileManager.default.temporaryDirectory.appendingPathComponent("space-\(UUID().uuidString).json")
        try Data(#"{"lr": {"min": 1, "max": 0.1, "scaling": "log"}}"#.utf8).write(to: space)
        defer { try? FileManager.default.removeItem(at: space) }
        let cases: [([String], String)] = [
            (["bench", "--optimizers", "adamw,nosuch", "--out", folder.path], "unknown optimizer 'nosuch'"),
            (["bench", "--suite", "huge", "--out", folder.path], "unknown suite 'huge'"),
            (["bench", "--optimizers", "adamw", "--search-space", "adamw=\(space.path)", "--out", folder.path], "min 1.0 must be below max 0.1"),
            (["bench", "--optimizers", "adamw", "--search-space", "lion=\(space.path)", "--out", folder.path], "not in --optimizers"),
            (["bench", "--studies", "0", "--out", folder.path], "--studies must be a positive integer"),
            (["bench", "--self-tuning", "--trials", "3", "--out", folder.path], "--trials applies to external tuning"),
            (["bench", "--measure", "minutes", "--out", folder.path], "unknown --measure 'minutes'"),
            (["bench", "--optimizers", "adamw,adamw", "--out", folder.path], "names adamw twice"),
            (["bench", "--workloads", "mnist_resnet", "--out", folder.path], "unknown workload 'mnist_resnet'"),
            (["bench", "--ruleset", "internal", "--out", folder.path], "unknown --ruleset 'internal'"),
            (["bench", "--ruleset", "external", "--self-tuning", "--out", folder.path], "contradicts"),
            (["bench", "--ruleset", "self", "--trials", "2", "--out", folder.path], "--trials applies to external tuning"),
            (["bench", "--trials", "1000000000000", "--out", folder.path], "× 1000000000000 trials is more than 1000000 trials"),
            (["bench", "--studies", "4611686018427387904", "--out", folder.path], "is more than 1000000 trials"),
            (["bench", "targets", "--trials", "1000000000000"], "plans more than 1000000 runs a workload"),
            (["bench", "--suite", "standard", "--data-dir", "/nonexistent", "--out", folder.path], "--data-dir /nonexistent: no such folder"),
            (["bench", "--suite", "quick", "--data-dir", "/tmp", "--out", folder.path], "--data-dir applies to the standard and full suites"),
        ]
        for (arguments, fragment) in cases {
            let (status, output, errors) = descent(arguments)
            #expect(status == 2, "\(arguments)")
            #expect(errors.contains(fragment) && !errors.contains("\n"), "\(fragment) in \(errors)")
            #expect(output.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: folder.path))
        }
    }

    @Test func reportRefusesFoldersWithoutGoodResults() throws {
        let folder = Self.temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = folder.appendingPathComponent("results.json")
        let trial = #"{"workload": "w", "optimizer": "lion", "study": 0, "trial": 0, "seed": 0, "hyperparameters": {"lr": 0.1}, "reached": false, "diverged": false, "steps_to_target": null, "seconds_to_target": null, "best_validation": 0.5, "final_validation": 0.5, "test_metric": null, "ece": null, "worst_class_accuracy": null, "ms_per_step": 1, "steps": 10, "state_bytes": 8, "curve": [[10, null]]}"#
        let header = #""suite": "quick", "ruleset": "external", "studies": 1, "trials_per_study": 1, "measure": "steps", "workloads": [{"name": "w", "metric": "validation_loss", "target": 0.1, "budget_steps": 10}]"#
        let cases: [(String?, String)] = [
            (nil, "results.json: cannot read"),
            ("{not json", "not a descent bench results file"),
            ("{\(header.replacingOccurrences(of: "\"steps\"", with: "\"minutes\"")), \"trials\": [], \"scores\": [{\"optimizer\": \"adamw\"}]}",
             "not a descent bench results file (invalid data at measure)"),
            ("{\(header), \"trials\": [\(trial)], \"scores\": [{\"optimizer\": \"adamw\"}]}", "names lion on w, which the file's scores and workloads do not list"),
            ("{\(header.replacingOccurrences(of: "\"studies\": 1", with: "\"studies\": 4611686018427387904")), \"trials\": [], \"scores\": [{\"optimizer\": \"lion\"}]}",
             "0 trials, but 1 workloads × 1 optimizers × 4611686018427387904 studies × 1 trials were planned"),
        ]
        for (text, fragment) in cases {
            try? FileManager.default.removeItem(at: results)
            if let text { try Data(text.utf8).write(to: results) }
            let (status, output, errors) = descent(["bench", "report", folder.path])
            #expect(status == 2 && output.isEmpty, "\(fragment)")
            #expect(errors.contains(fragment) && !errors.contains("\n"), "\(fragment) in \(errors)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
        }
        // The same file with the trial's optimizer listed gives a page (a null in the curve is a gap).
        try Data("{\(header), \"trials\": [\(trial)], \"scores\": [{\"optimizer\": \"lion\"}]}".utf8).write(to: results)
        let (status, _, errors) = descent(["bench", "report", folder.path])
        #expect(status == 0, "\(errors)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
    }

    /// `--shard 1/2` + `--shard 2/2` + `merge` gives what one run gives, every field but the timings;
    /// a shard out of range, a missing or repeated shard, or a shard of another benchmark is one line.
    @Test func shardsMergeToTheUnshardedRun() throws {
        let root = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let base = ["bench", "--workloads", "rosenbrock_2d,logreg_digits", "--optimizers", "adamw,sgd", "--studies", "2", "--trials", "2"]
        func path(_ name: String) -> String { root.appendingPathComponent(name).path }
        #expect(descent(base + ["--out", path("full")]).status == 0)
        let one = descent(base + ["--shard", "1/2", "--out", path("p1")])
        #expect(one.status == 0 && one.output.hasPrefix("shard 1/2: 8 trials"), "\(one.errors)")
        let two = descent(base + ["--shard", "2/2", "--out", path("p2"), "--json"])
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(two.output.utf8)) as? [String: Any])
        #expect(manifest["shard"] as? String == "2/2" && manifest["trials"] as? Int == 8)
        #expect(!FileManager.default.fileExists(atPath: path("p1") + "/results.json"))
        let merged = descent(["bench", "merge", path("p1"), path("p2"), "--out", path("merged")])
        #expect(merged.status == 0, "\(merged.errors)")
        func object(_ folder: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/results.json"))) as? [String: Any])
        }
        let (a, b) = (try object(path("full")), try object(path("merged")))
        let timings: Set<String> = ["seconds_to_target", "ms_per_step", "cpu_seconds", "peak_rss_bytes", "energy_estimate_joules"]
        func trials(_ o: [String: Any]) -> [NSDictionary] {
            (o["trials"] as? [[String: Any]] ?? []).map { NSDictionary(dictionary: $0.filter { !timings.contains($0.key) }) }
        }
        #expect(trials(a).count == 16 && trials(a) == trials(b))
        #expect(NSArray(array: a["scores"] as? [Any] ?? []) == NSArray(array: b["scores"] as? [Any] ?? []))
        #expect(NSArray(array: a["times"] as? [Any] ?? []) == NSArray(array: b["times"] as? [Any] ?? []))
        #expect(FileManager.default.fileExists(atPath: path("merged") + "/report.html"))
        // Bad input: one line, exit 2, nothing written.
        #expect(descent(base + ["--studies", "3", "--shard", "1/2", "--out", path("other")]).status == 0)
        let cases: [([String], String)] = [
            (base + ["--shard", "3/2", "--out", path("bad")], "--shard 3/2: K must be in 1...N"),
            (base + ["--shard", "half", "--out", path("bad")], "--shard half: expected K/N"),
            (["bench", "merge", path("p1"), "--out", path("bad")], "shard 2/2 is missing"),
            (["bench", "merge", path("p1"), path("p1"), "--out", path("bad")], "shard 1/2 is also in"),
            (["bench", "merge", path("p2"), path("other"), "--out", path("bad")], "a shard of another benchmark (--studies 3 against 2"),
            (["bench", "merge", path("p1"), path("full"), "--out", path("bad")], "no shard.json"),
        ]
        for (arguments, fragment) in cases {
            let (status, output, errors) = descent(arguments)
            #expect(status == 2 && output.isEmpty, "\(arguments)")
            #expect(errors.contains(fragment) && !errors.contains("\n"), "\(fragment) in \(errors)")
            #expect(!FileManager.default.fileExists(atPath: path("bad")))
        }
    }

    /// `--seeds 2`: shards and merge still equal one unsharded run, and replica 0 of each trial is
    /// the trial of a one-seed run.
    @Test func seedsShardAndMergeToTheUnshardedRun() throws {
        let root = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let base = ["bench", "--workloads", "rosenbrock_2d,logreg_digits", "--optimizers", "adamw,sgd", "--studies", "2", "--trials", "2"]
        func path(_ name: String) -> String { root.appendingPathComponent(name).path }
        #expect(descent(base + ["--seeds", "2", "--out", path("full")]).status == 0)
        #expect(descent(base + ["--out", path("one")]).status == 0)
        let one = descent(base + ["--seeds", "2", "--shard", "1/3", "--out", path("p1")])
        #expect(one.status == 0 && one.output.hasPrefix("shard 1/3: 11 trials"), "\(one.output) \(one.errors)")
        #expect(descent(base + ["--seeds", "2", "--shard", "2/3", "--out", path("p2")]).status == 0)
        #expect(descent(base + ["--seeds", "2", "--shard", "3/3", "--out", path("p3")]).status == 0)
        let merged = descent(["bench", "merge", path("p1"), path("p2"), path("p3"), "--out", path("merged")])
        #expect(merged.status == 0, "\(merged.errors)")
        func object(_ folder: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/results.json"))) as? [String: Any])
        }
        let (a, b, single) = (try object(path("full")), try object(path("merged")), try object(path("one")))
        let timings: Set<String> = ["seconds_to_target", "ms_per_step", "cpu_seconds", "peak_rss_bytes", "energy_estimate_joules"]
        func trials(_ o: [String: Any]) -> [NSDictionary] {
            (o["trials"] as? [[String: Any]] ?? []).map { NSDictionary(dictionary: $0.filter { !timings.contains($0.key) }) }
        }
        #expect(a["seeds"] as? Int == 2 && single["seeds"] as? Int == 1)
        #expect(trials(a).count == 32 && trials(a) == trials(b))
        #expect(NSArray(array: a["scores"] as? [Any] ?? []) == NSArray(array: b["scores"] as? [Any] ?? []))
        #expect(NSArray(array: a["times"] as? [Any] ?? []) == NSArray(array: b["times"] as? [Any] ?? []))
        #expect(trials(a).filter { $0["replica"] == nil } == trials(single))
        #expect(FileManager.default.fileExists(atPath: path("full") + "/trials/logreg_digits/sgd/study-1-trial-1-seed-1.json"))
        // trials.csv gets a replica column only with more than one seed.
        let csv = try String(contentsOfFile: path("full") + "/trials.csv", encoding: .utf8)
        let plain = try String(contentsOfFile: path("one") + "/trials.csv", encoding: .utf8)
        #expect(csv.hasPrefix("workload,optimizer,study,trial,replica,seed,") && csv.split(separator: "\n").count == 33)
        #expect(plain.hasPrefix("workload,optimizer,study,trial,seed,"))
        // bench report rebuilds from a results.json with seeds; a merge of shards with other seeds is refused.
        #expect(descent(["bench", "report", path("full")]).status == 0)
        #expect(descent(base + ["--shard", "1/3", "--out", path("q1")]).status == 0)
        let mixed = descent(["bench", "merge", path("q1"), path("p2"), path("p3"), "--out", path("bad")])
        #expect(mixed.status == 2 && mixed.errors.contains("a shard of another benchmark (--seeds 2 against 1"), "\(mixed.errors)")
        #expect(!FileManager.default.fileExists(atPath: path("bad")))
    }

    /// The built `descent` binary, next to the test bundle (or in .build/debug).
    static func descentBinary() -> URL? {
        let beside = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent().appendingPathComponent("descent")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return [beside, root.appendingPathComponent(".build/debug/descent")].first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Ctrl-C for real: `descent bench` as a process gets SIGINT after its first trial file; it
    /// stops starting trials, exits 130 with one line, leaves only whole trial files, and a rerun
    /// resumes to the results of an uninterrupted run. Two presses end it at once (130).
    @Test func ctrlCStopsSavesAndTheRerunResumes() throws {
        let binary = try #require(Self.descentBinary(), "build the descent executable first (swift build)")
        let root = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let base = ["bench", "--workloads", "rosenbrock_2d,logreg_digits", "--optimizers", "adamw,sgd", "--studies", "2", "--trials", "3",
                    "--parallel", "1"]
        func trialFiles(_ folder: URL) -> [URL] {
            let walk = FileManager.default.enumerator(at: folder.appendingPathComponent("trials"), includingPropertiesForKeys: nil)
            return (walk?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "json" || $0.lastPathComponent.hasPrefix(".") }
        }
        func interrupt(_ folder: URL, presses: Int) throws -> (status: Int32, errors: String) {
            let process = Process()
            process.executableURL = binary
            process.arguments = base + ["--out", folder.path]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(120)
            while trialFiles(folder).isEmpty && process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            for _ in 0..<presses { kill(process.processIdentifier, SIGINT) }
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let folder = root.appendingPathComponent("once")
        let (status, errors) = try interrupt(folder, presses: 1)
        #expect(status == 130, "\(errors)")
        let files = trialFiles(folder)
        let line = "interrupted: \(files.count) of 24 trials saved in \(folder.path); rerun the same command to resume\n"
        #expect(errors == line)
        #expect(files.count >= 1 && files.count < 24)
        for file in files {
            #expect(!file.lastPathComponent.hasPrefix("."), "a temporary file remains: \(file.path)")
            let record = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
            #expect(record?["result"] is [String: Any], "\(file.path) is not a whole trial")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("results.json").path))
        let resumed = descent(base + ["--out", folder.path, "--json"])
        let straight = descent(base + ["--out", root.appendingPathComponent("straight").path, "--json"])
        #expect(resumed.status == 0 && straight.status == 0, "\(resumed.errors)")
        let timings: Set<String> = ["seconds_to_target", "ms_per_step", "cpu_seconds", "peak_rss_bytes", "energy_estimate_joules"]
        func trials(_ text: String) throws -> [NSDictionary] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return (object["trials"] as? [[String: Any]] ?? []).map { NSDictionary(dictionary: $0.filter { !timings.contains($0.key) }) }
        }
        #expect(try trials(resumed.output).count == 24 && trials(resumed.output) == trials(straight.output))
        // Two presses: out at once with 130; whatever trial files are there are whole.
        let twice = root.appendingPathComponent("twice")
        #expect(try interrupt(twice, presses: 2).status == 130)
        for file in trialFiles(twice) where !file.lastPathComponent.hasPrefix(".") {
            #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: file))) is [String: Any])
        }
        #expect(descent(base + ["--out", twice.path]).status == 0)
    }

    /// A run killed mid-write leaves `.NAME.tmp-PID` files; the next run into the folder removes
    /// them (and only them) before it resumes.
    @Test func rerunRemovesTemporaryFilesOfAKilledRun() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["bench", "--workloads", "rosenbrock_2d", "--optimizers", "sgd", "--self-tuning", "--studies", "1", "--out", folder.path]
        #expect(descent(arguments).status == 0)
        let trialFolder = folder.appendingPathComponent("trials/rosenbrock_2d/sgd")
        let stale = [folder.appendingPathComponent(".results.json.tmp-4242"), trialFolder.appendingPathComponent(".study-0-trial-0.json.tmp-4242")]
        let keep = folder.appendingPathComponent("notes.txt")
        for url in stale + [keep] { try Data("x".utf8).write(to: url) }
        #expect(descent(arguments).status == 0)
        #expect(stale.allSatisfy { !FileManager.default.fileExists(atPath: $0.path) })
        #expect(FileManager.default.fileExists(atPath: keep.path))
        #expect(FileManager.default.fileExists(atPath: trialFolder.appendingPathComponent("study-0-trial-0.json").path))
    }
}
