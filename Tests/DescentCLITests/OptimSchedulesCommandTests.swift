import Foundation
import Testing
@testable import DescentCLI
import DescentOptim

/// `descent optim schedules`, run in-process with its output captured.
struct OptimSchedulesCommandTests {
    @Test func jsonListsEveryScheduleWithArgumentsDefaultsAndReference() throws {
        let text = try OptimCommandTests.run(["schedules", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        let names = list.compactMap { $0["name"] as? String }
        #expect(names == ["constant", "cosine", "onecycle", "step", "multistep", "exponential", "linear", "polynomial",
                          "cosine_warm_restarts", "cyclic", "warmup_cosine", "warmup_stable_decay", "inverse_sqrt", "plateau"])
        let onecycle = try #require(list.first { $0["name"] as? String == "onecycle" })
        #expect(onecycle["reference"] as? String == "torch.optim.lr_scheduler.OneCycleLR")
        let arguments = try #require(onecycle["arguments"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: arguments.map { ($0["name"] as! String, $0) })
        #expect(byName["pct_start"]?["default"] as? String == "0.3")
        // A required argument has a null default, not a missing key.
        #expect(byName["total_steps"]?["default"] is NSNull)
        #expect(arguments.allSatisfy { !($0["help"] as? String ?? "").isEmpty })
        // Keys are sorted, as JSONEncoder's .sortedKeys writes them.
        #expect(text.range(of: "\"arguments\"")!.lowerBound < text.range(of: "\"name\" : \"constant\"")!.lowerBound)
    }

    @Test func tableShowsEveryNameReferenceAndArgument() throws {
        let text = try OptimCommandTests.run(["schedules"])
        for d in ScheduleSpec.catalog {
            #expect(text.contains("\(d.name)  (\(d.reference))"), "\(d.name)")
            for a in d.arguments { #expect(text.contains("\(a.name)=\(a.default ?? "(required)")"), "\(d.name).\(a.name)") }
        }
        #expect(text.contains("t_max=(required)") && text.contains("gamma=0.1"))
    }
}
