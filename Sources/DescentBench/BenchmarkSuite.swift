import DescentNN
import Foundation

/// A named set of workloads (`--suite quick`).
public struct BenchmarkSuite: Sendable {
    public let name: String
    public let workloads: [Workload]

    public init(name: String, workloads: [Workload]) {
        self.name = name
        self.workloads = workloads
    }

    /// The suites by name.
    public static let all: [BenchmarkSuite] = [quick, standard, full]

    /// The suite `name`; throws a one-line error naming the known ones. With `dataDirectory`,
    /// the standard and full suites add a CNN workload for each of its `mnist/` and
    /// `fashion-mnist/` (or `fashion_mnist/`) folders that holds IDX files.
    public static func named(_ name: String, dataDirectory: String? = nil) throws -> BenchmarkSuite {
        guard let suite = all.first(where: { $0.name == name }) else {
            throw BenchmarkError("unknown suite '\(name)' (known: \(all.map(\.name).joined(separator: ", ")))")
        }
        guard let dataDirectory else { return suite }
        guard name != "quick" else { throw BenchmarkError("--data-dir applies to the standard and full suites, not quick") }
        let found = try idxFolders(in: dataDirectory)
        let scale = name == "full" ? 3 : 1
        let extra = found.map { folder in
            WorkloadCatalog.cnnIDX(name: folder.workload, directory: folder.path, budget: 500 * scale,
                                   target: folder.workload == "cnn_mnist" ? 0.98 : 0.87)
        }
        return BenchmarkSuite(name: suite.name, workloads: suite.workloads + extra)
    }

    /// The MNIST-style folders of `directory`: (workload name, folder path); throws a one-line
    /// error when there is none.
    static func idxFolders(in directory: String) throws -> [(workload: String, path: String)] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw BenchmarkError("--data-dir \(directory): no such folder")
        }
        func hasImages(_ path: String) -> Bool {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.contains { $0.hasPrefix("train-images") && $0.contains("idx3") }
        }
        var found: [(String, String)] = []
        for (folder, workload) in [("mnist", "cnn_mnist"), ("fashion-mnist", "cnn_fashion_mnist"), ("fashion_mnist", "cnn_fashion_mnist")] {
            let path = (directory as NSString).appendingPathComponent(folder)
            if hasImages(path) && !found.contains(where: { $0.0 == workload }) { found.append((workload, path)) }
        }
        guard !found.isEmpty else {
            throw BenchmarkError("--data-dir \(directory): no mnist/ or fashion-mnist/ folder with IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-...)")
        }
        return found
    }

    /// The suite with only the workloads `names` (in the suite's order); throws a one-line error
    /// for a name the suite does not have.
    public func selecting(_ names: [String]) throws -> BenchmarkSuite {
        for name in names where !workloads.contains(where: { $0.name == name }) {
            throw BenchmarkError("unknown workload '\(name)' in suite \(self.name) (known: \(workloads.map(\.name).joined(separator: ", ")))")
        }
        return BenchmarkSuite(name: self.name, workloads: workloads.filter { names.contains($0.name) })
    }

    /// The cheap workloads of ``standard`` (all but the CNN and the transformer, which take about
    /// 90% of its CPU time), with its budgets and targets.
    public static let quick = BenchmarkSuite(name: "quick", workloads: standard.workloads.filter {
        !["cnn_digits", "char_transformer"].contains($0.name)
    })

    /// All eleven workloads with modest budgets.
    /// Targets: AlgoPerf's way, scaled down (``TunedTarget``): AdamW, NAdamW and SGD with Nesterov
    /// momentum tuned over 8 Halton points each, the best run's point rerun with 3 seeds, the
    /// median of their best validation metrics, as `descent bench targets --suite standard --trials 8
    /// --seeds 3` measured it (2026-12-01), rounded to 4 decimals towards the easier side.
    public static let standard = BenchmarkSuite(name: "standard", workloads: [
        WorkloadCatalog.quadraticDeep(budget: 400, target: 92.1404),
        WorkloadCatalog.rosenbrock2D(budget: 1000, target: 0.2488),
        WorkloadCatalog.logregDigits(budget: 200, target: 0.9592),
        WorkloadCatalog.mlpDigits(budget: 200, target: 0.9851),
        WorkloadCatalog.cnnDigits(budget: 300, target: 0.9962),
        WorkloadCatalog.autoencoderDigits(budget: 400, target: 0.0247),
        WorkloadCatalog.charTransformer(budget: 400, target: 2.1964),
        WorkloadCatalog.friedman1(budget: 400, target: 1.865),
        WorkloadCatalog.demandForecast(budget: 400, target: 0.1651),
        WorkloadCatalog.noisyLabelDigits(budget: 200, target: 0.9703),
        WorkloadCatalog.imbalancedDigits(budget: 200, target: 0.9233),
    ])

    /// The eleven workloads with three times the standard budgets, and targets tuned at those
    /// budgets in the same way (`descent bench targets --suite full --trials 8 --seeds 3`).
    public static let full = BenchmarkSuite(name: "full", workloads: [
        WorkloadCatalog.quadraticDeep(budget: 1200, target: 92.1025),
        WorkloadCatalog.rosenbrock2D(budget: 3000, target: 0.2487),
        WorkloadCatalog.logregDigits(budget: 600, target: 0.9666),
        WorkloadCatalog.mlpDigits(budget: 600, target: 0.9888),
        WorkloadCatalog.cnnDigits(budget: 900, target: 0.9925),
        WorkloadCatalog.autoencoderDigits(budget: 1200, target: 0.0185),
        WorkloadCatalog.charTransformer(budget: 1200, target: 1.46),
        WorkloadCatalog.friedman1(budget: 1200, target: 1.3117),
        WorkloadCatalog.demandForecast(budget: 1200, target: 0.1517),
        WorkloadCatalog.noisyLabelDigits(budget: 600, target: 0.9629),
        WorkloadCatalog.imbalancedDigits(budget: 600, target: 0.9508),
    ])
}

/// Bad input to the benchmark (an unknown suite or workload, a malformed results folder).
public struct BenchmarkError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
