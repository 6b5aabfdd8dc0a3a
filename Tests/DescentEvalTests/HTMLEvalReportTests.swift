import DescentEval
import Testing

@Suite("The eval HTML page")
struct HTMLEvalReportTests {
    /// The text of every y-axis tick label of the accuracy-coverage chart.
    func coverageAxisLabels(_ page: String) throws -> [String] {
        let chart = try #require(page.components(separatedBy: "aria-label=\"accuracy against coverage\"").dropFirst().first)
        let svg = try #require(chart.components(separatedBy: "</svg>").first)
        return svg.components(separatedBy: "text-anchor=\"end\">").dropFirst().compactMap { $0.components(separatedBy: "<").first }
    }

    @Test("a constant accuracy of 1 gives the coverage chart an axis from 0.9, drawn as dots")
    func constantAccuracy() throws {
        // Every row right at the same confidence: the curve is one point at (1, 1).
        let labels = (0..<40).map { $0 % 2 }
        let rows = labels.map { $0 == 0 ? [0.9, 0.1] : [0.1, 0.9] }
        let evaluation = ClassificationEvaluation(try predictions(classes: 2, labels: labels, rows: rows),
                                                  options: EvaluationOptions(bootstrap: 0, targetAccuracy: 0.95))
        #expect(evaluation.selective?.curve.count == 1)
        let page = HTMLEvalReport(classification: evaluation, classes: ["a", "b"]).render()
        #expect(try coverageAxisLabels(page) == ["0.9", "0.95", "1"])
        #expect(page.contains("coverage 1, accuracy 1</title></circle>"))
        #expect(page.contains("keeps 100.0% of the 20 evaluation rows"))
    }

    @Test("a varying accuracy keeps its axis from a tenth below its lowest value")
    func varyingAccuracy() throws {
        let labels = (0..<40).map { $0 % 2 }
        let rows = (0..<40).map { i -> [Double] in let p = 0.5 + Double(i % 10) / 20; return [p, 1 - p] }
        let evaluation = ClassificationEvaluation(try predictions(classes: 2, labels: labels, rows: rows), options: EvaluationOptions(bootstrap: 0))
        let lowest = try #require(evaluation.selective?.curve.map(\.accuracy).min())
        let page = HTMLEvalReport(classification: evaluation, classes: ["a", "b"]).render()
        let labelsShown = try coverageAxisLabels(page)
        #expect(labelsShown.last == "1" && labelsShown.first != "1")
        #expect(Double(labelsShown.first!)! <= lowest)
    }
}
