import Foundation
import Testing
@testable import DescentData

/// Confident learning, class imbalance, kNN outliers and near duplicates against cleanlab 2.9
/// on the same inputs (fixtures from scripts/fixtures/audit.py).
@Suite struct AuditReferenceTests {
    struct Fixture: Decodable {
        struct LabelCase: Decodable {
            let name: String
            let classes: Int
            let labels: [Int]
            let probabilities: [Double]
            let issues: [Int]
            let confident_joint: [[Int]]
        }
        struct ImbalanceCase: Decodable {
            let name: String
            let labels: [Int]
            let flagged: [Int]
            let share: Double
        }
        struct KNNCase: Decodable {
            let name: String
            let width: Int
            let features: [Double]
            let outlier_scores: [Double]
            let outliers: [Int]
            let issue_threshold: Double
            let near_duplicates: [Int]
        }
        let label_issues: [LabelCase]
        let class_imbalance: [ImbalanceCase]
        let knn: [KNNCase]
    }

    static let fixture: Fixture = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: DataFixtures.path("audit.json")))
        return try! JSONDecoder().decode(Fixture.self, from: data)
    }()

    @Test(arguments: fixture.label_issues.map(\.name))
    func labelIssuesEqualCleanlab(_ name: String) {
        let c = Self.fixture.label_issues.first { $0.name == name }!
        let joint = ConfidentLearning.confidentJoint(labels: c.labels, probabilities: c.probabilities, classes: c.classes)
        #expect(joint == c.confident_joint)
        let issues = ConfidentLearning.findLabelIssues(labels: c.labels, probabilities: c.probabilities, classes: c.classes)
        #expect(issues.indices.filter { issues[$0] } == c.issues)
        #expect(!c.issues.isEmpty)
    }

    @Test func labelIssuesThroughTheProbabilityFile() throws {
        let c = Self.fixture.label_issues.first { $0.name == "three_classes" }!
        var lines = ["p_a,p_b,p_c"]
        for row in c.labels.indices {
            lines.append((0..<3).map { "\(c.probabilities[row * 3 + $0])" }.joined(separator: ","))
        }
        let probabilityTable = try CSVReader().read(string: lines.joined(separator: "\n"), source: "p.csv")
        let labels = AuditLabels(classes: ["a", "b", "c"], indices: c.labels)
        let probabilities = try PredictedProbabilities(probabilityTable, labels: labels, rows: c.labels.count)
        let finding = try #require(probabilities.finding(labels, column: "y"))
        #expect(finding.check == .labelIssues)
        #expect(finding.count == c.issues.count)
        #expect(finding.rows.map(\.row) == c.issues.map { $0 + 1 })
    }

    @Test func roundingKeepsTheTotal() {
        #expect(ConfidentLearning.roundPreservingSum([0.5, 1.5, 2.5]) == [0, 2, 2])  // half to even, total 4.5 rounds to 4
        #expect(ConfidentLearning.roundPreservingSum([0.4, 0.4, 0.4, 0.4, 0.4]).reduce(0, +) == 2)
        #expect(ConfidentLearning.roundPreservingSum([0.6, 0.6, 0.6, 0.6, 0.6]).reduce(0, +) == 3)
    }

    @Test(arguments: fixture.class_imbalance.map(\.name))
    func classImbalanceEqualsCleanlab(_ name: String) throws {
        let c = Self.fixture.class_imbalance.first { $0.name == name }!
        let labels = AuditLabels(classes: (0...(c.labels.max()!)).map(String.init), indices: c.labels)
        let rule = try #require(ClassImbalance(labels))
        #expect(rule.rows == c.flagged)
        #expect(abs(rule.share - c.share) < 1e-12)
    }

    @Test(arguments: fixture.knn.map(\.name))
    func outliersAndNearDuplicatesEqualCleanlab(_ name: String) {
        let c = Self.fixture.knn.first { $0.name == name }!
        let rule = KNearestNeighborOutliers(features: c.features, width: c.width)
        #expect(rule.isOutlier.indices.filter { rule.isOutlier[$0] } == c.outliers)
        #expect(abs(rule.issueThreshold - c.issue_threshold) < 1e-9)
        let worst = zip(rule.scores, c.outlier_scores).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-9)
        let near = NearDuplicateRows.flags(features: c.features, width: c.width)
        #expect(near.indices.filter { near[$0] } == c.near_duplicates)
    }
}
