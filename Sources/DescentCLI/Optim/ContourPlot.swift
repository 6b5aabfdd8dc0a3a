import DescentData
import DescentOptim
import Foundation

/// A self-contained SVG: contour lines of a 2-D function (marching squares over a grid,
/// levels spaced evenly in log(f − min + 1)) and an optimizer's path over them.
enum ContourPlot {
    static func svg(problem: TestProblem, path: [[Float]], title: String, size: Int = 560, grid: Int = 120, levels: Int = 18) -> String {
        // The view: the problem's region, widened to show the path (at most 3× per side).
        var (x0, x1) = (problem.bounds.x.lowerBound, problem.bounds.x.upperBound)
        var (y0, y1) = (problem.bounds.y.lowerBound, problem.bounds.y.upperBound)
        let finite = path.filter { $0.allSatisfy(\.isFinite) }
        let (w0, h0) = (x1 - x0, y1 - y0)
        for p in finite {
            x0 = max(min(x0, Double(p[0])), problem.bounds.x.lowerBound - w0)
            x1 = min(max(x1, Double(p[0])), problem.bounds.x.upperBound + w0)
            y0 = max(min(y0, Double(p[1])), problem.bounds.y.lowerBound - h0)
            y1 = min(max(y1, Double(p[1])), problem.bounds.y.upperBound + h0)
        }
        let margin = 40.0, side = Double(size)
        func px(_ x: Double) -> Double { margin + (x - x0) / (x1 - x0) * side }
        func py(_ y: Double) -> Double { margin + (y1 - y) / (y1 - y0) * side }
        // Values on the grid, transformed so that levels spread over valleys and walls alike.
        let n = grid
        var values = [Double](repeating: 0, count: (n + 1) * (n + 1))
        for j in 0...n {
            for i in 0...n {
                let x = x0 + (x1 - x0) * Double(i) / Double(n), y = y0 + (y1 - y0) * Double(j) / Double(n)
                values[j * (n + 1) + i] = log1p(max(0, problem.value([Float(x), Float(y)]) - problem.minimum))
            }
        }
        let lo = values.min()!, hi = values.max()!
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(size + 80)" height="\(size + 100)" viewBox="0 0 \(size + 80) \(size + 100)" font-family="sans-serif" font-size="12">
        <rect x="\(Int(margin))" y="\(Int(margin))" width="\(size)" height="\(size)" fill="#fbfbfb" stroke="#999"/>

        """
        for level in 1...levels {
            let v = lo + (hi - lo) * Double(level) / Double(levels + 1)
            var d = ""
            for j in 0..<n {
                for i in 0..<n {
                    let corners = [values[j * (n + 1) + i], values[j * (n + 1) + i + 1], values[(j + 1) * (n + 1) + i + 1], values[(j + 1) * (n + 1) + i]]
                    let points = [(Double(i), Double(j)), (Double(i + 1), Double(j)), (Double(i + 1), Double(j + 1)), (Double(i), Double(j + 1))]
                    var crossings: [(Double, Double)] = []
                    for e in 0..<4 {
                        let (a, b) = (corners[e], corners[(e + 1) % 4])
                        guard (a < v) != (b < v) else { continue }
                        let t = (v - a) / (b - a)
                        let (pa, pb) = (points[e], points[(e + 1) % 4])
                        let gx = pa.0 + t * (pb.0 - pa.0), gy = pa.1 + t * (pb.1 - pa.1)
                        crossings.append((x0 + (x1 - x0) * gx / Double(n), y0 + (y1 - y0) * gy / Double(n)))
                    }
                    var k = 0
                    while k + 1 < crossings.count {
                        d += String(format: "M%.1f %.1fL%.1f %.1f", px(crossings[k].0), py(crossings[k].1), px(crossings[k + 1].0), py(crossings[k + 1].1))
                        k += 2
                    }
                }
            }
            let shade = Int(200 - 150 * Double(level) / Double(levels))
            out += "<path d=\"\(d)\" fill=\"none\" stroke=\"rgb(\(shade),\(shade),\(255 - shade / 3))\" stroke-width=\"0.8\"/>\n"
        }
        let m = problem.minimizer
        out += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"none\" stroke=\"#2a2\" stroke-width=\"2\"/>\n", px(Double(m[0])), py(Double(m[1])))
        let points = finite.map { String(format: "%.2f,%.2f", px(Double($0[0])), py(Double($0[1]))) }.joined(separator: " ")
        out += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#d33\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n"
        if let s = finite.first {
            out += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#d33\"/>\n", px(Double(s[0])), py(Double(s[1])))
        }
        if let e = finite.last {
            out += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"#333\"/>\n", px(Double(e[0])) - 3.5, py(Double(e[1])) - 3.5)
        }
        out += "<text x=\"\(Int(margin))\" y=\"24\" font-size=\"15\">\(title.htmlEscaped)</text>\n"
        out += String(format: "<text x=\"%d\" y=\"%d\">x: %.3g … %.3g   y: %.3g … %.3g   %d steps; red: path, black square: end, green circle: minimum</text>\n",
                      Int(margin), size + 70, x0, x1, y0, y1, max(0, path.count - 1))
        return out + "</svg>\n"
    }
}
