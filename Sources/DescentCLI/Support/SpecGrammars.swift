import DescentData
import DescentNN
import DescentOptim

/// Every command-line spec grammar fed from one text, for the spec fuzz target (Fuzz/) and
/// the test suite's short fuzz run: each line goes to one parser, which must give a value or
/// an error, never trap.
///   line 1  DatasetSpec(parsing:)          (--data)
///   line 2  ModelSpec(parsing:)            (--model)
///   line 3  OptimizerSpec name             (--optimizer)
///   line 4  OptimizerSpec settings, tab-separated (repeated --hp key=value,...)
///   line 5  ScheduleSpec(parsing:)         (--schedule)
///   line 6  TestProblem.parse              (optim trace --problem)
/// A missing line is skipped.
public enum SpecGrammars {
    public static func parseEachLine(_ text: String) {
        let lines = text.split(separator: "\n", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        if lines.count > 0 { _ = try? DatasetSpec(parsing: lines[0]) }
        if lines.count > 1 { _ = try? ModelSpec(parsing: lines[1]) }
        if lines.count > 2 {
            let settings = lines.count > 3 ? lines[3].split(separator: "\t", omittingEmptySubsequences: false).map(String.init) : []
            _ = try? OptimizerSpec(name: lines[2], settings: settings)
        }
        if lines.count > 4 { _ = try? ScheduleSpec(parsing: lines[4]) }
        if lines.count > 5 { _ = try? TestProblem.parse(lines[5]) }
    }
}
