import Foundation
import Testing
@testable import DescentMonitor

/// The HTML page: verdict first, one histogram per testable column, names escaped, nothing external.
@Suite struct HTMLDriftReportTests {
    @Test func escapesNamesAndValuesAndOrdersTheVerdictFirst() throws {
        let ref = Table(columns: [
            Column(name: "<script>alert(1)</script>", numbers: (0..<50).map { Double($0) }),
            Column(name: "cat \"q\" & 'a'", type: .categorical, strings: (0..<50).map { $0 % 2 == 0 ? "<b>" : "x&y" }),
            Column(name: "gone", numbers: (0..<50).map { _ in nil }),
        ], source: "r<1>.csv")
        let cur = Table(columns: [
            Column(name: "<script>alert(1)</script>", numbers: (0..<50).map { Double($0) + 30 }),
            Column(name: "cat \"q\" & 'a'", type: .categorical, strings: (0..<50).map { $0 % 3 == 0 ? "<b>" : "x&y" }),
            Column(name: "gone", numbers: (0..<50).map { _ in nil }),
        ], source: "c.csv")
        let report = try DriftReport(reference: ref, current: cur)
        let page = HTMLDriftReport(report: report, reference: ref, current: cur, title: "T <&>").render()
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("cat &quot;q&quot; &amp; &#39;a&#39;"))
        #expect(page.contains("&lt;b&gt;"))
        #expect(page.contains("r&lt;1&gt;.csv"))
        #expect(page.contains("<title>T &lt;&amp;&gt;</title>"))
        let verdict = try #require(page.range(of: "class=\"verdict"))
        let table = try #require(page.range(of: "<table>"))
        #expect(verdict.lowerBound < table.lowerBound)
        #expect(page.components(separatedBy: "<svg").count - 1 == 2)  // the all-missing column has no plot
        #expect(page.contains("No values to plot."))
        #expect(page.contains("all values missing in reference"))
        #expect(!page.contains("<script") && !page.contains("https://") && !page.contains("src="))
    }
}
