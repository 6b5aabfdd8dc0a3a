import Foundation

/// An inline SVG chart with two axes: lines, bands, points and reference lines in data
/// coordinates, drawn with ticks at round values (powers of ten on a log axis).
package struct SVGPlot {
    package var width = 380.0, height = 230.0
    private let left = 56.0, right = 12.0, top = 14.0, bottom = 38.0
    package let xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
    package let logX: Bool
    package let xLabel: String, yLabel: String
    private var marks = ""

    /// A plot over the given ranges (a log x range must be positive). Degenerate ranges are
    /// widened so that every value has a place.
    package init(x: ClosedRange<Double>, y: ClosedRange<Double>, logX: Bool = false, xLabel: String, yLabel: String) {
        func widened(_ r: ClosedRange<Double>) -> ClosedRange<Double> {
            guard r.lowerBound.isFinite, r.upperBound.isFinite else { return 0...1 }
            if r.upperBound > r.lowerBound { return r }
            let pad = max(abs(r.lowerBound) * 0.05, 1e-9)
            return (r.lowerBound - pad)...(r.upperBound + pad)
        }
        var xr = widened(x)
        if logX {
            let lo = max(xr.lowerBound, 1e-300)
            xr = lo < xr.upperBound ? lo...xr.upperBound : (lo / 2)...(lo * 2)
        }
        xRange = xr
        yRange = widened(y)
        self.logX = logX
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    private var plotWidth: Double { width - left - right }
    private var plotHeight: Double { height - top - bottom }

    package func px(_ v: Double) -> Double {
        let (lo, hi, t) = logX ? (log10(xRange.lowerBound), log10(xRange.upperBound), log10(v))
                               : (xRange.lowerBound, xRange.upperBound, v)
        return left + (t - lo) / (hi - lo) * plotWidth
    }

    package func py(_ v: Double) -> Double {
        let clamped = min(max(v, yRange.lowerBound), yRange.upperBound)
        return top + plotHeight - (clamped - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plotHeight
    }

    private func path(_ points: [(Double, Double)], step: Bool) -> String {
        var d = ""
        var previousY: Double?
        for (i, p) in points.enumerated() where p.0.isFinite && p.1.isFinite {
            let (x, y) = (px(p.0), py(p.1))
            if i == 0 || d.isEmpty {
                d += "M\(r(x)),\(r(y))"
            } else if step, let py = previousY {
                d += "L\(r(x)),\(r(py))L\(r(x)),\(r(y))"
            } else {
                d += "L\(r(x)),\(r(y))"
            }
            previousY = y
        }
        return d
    }

    /// A polyline through the finite points (a staircase with `step`).
    package mutating func line(_ points: [(Double, Double)], color: String, width strokeWidth: Double = 1.8,
                               dashed: Bool = false, step: Bool = false, title: String? = nil) {
        let d = path(points, step: step)
        guard !d.isEmpty else { return }
        marks += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(strokeWidth)\"\(dashed ? " stroke-dasharray=\"5 4\"" : "")>"
        marks += title.map { "<title>\($0.htmlEscaped)</title>" } ?? ""
        marks += "</path>\n"
    }

    /// A shaded band between `lower` and `upper` at the same x values.
    package mutating func band(x: [Double], lower: [Double], upper: [Double], color: String) {
        let keep = x.indices.filter { x[$0].isFinite && lower[$0].isFinite && upper[$0].isFinite }
        guard keep.count >= 2 else { return }
        let forward = keep.map { "\(r(px(x[$0]))),\(r(py(upper[$0])))" }
        let back = keep.reversed().map { "\(r(px(x[$0]))),\(r(py(lower[$0])))" }
        marks += "<polygon points=\"\((forward + back).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
    }

    /// Dots at the finite points, each with a tooltip.
    package mutating func points(_ points: [(Double, Double, String)], color: String, radius: Double = 3.2) {
        for p in points where p.0.isFinite && p.1.isFinite {
            marks += "<circle cx=\"\(r(px(p.0)))\" cy=\"\(r(py(p.1)))\" r=\"\(radius)\" fill=\"\(color)\" fill-opacity=\"0.8\"><title>\(p.2.htmlEscaped)</title></circle>\n"
        }
    }

    /// A dashed horizontal line across the plot at `y`, labelled at its right end.
    package mutating func horizontal(at y: Double, label: String) {
        guard y.isFinite else { return }
        let yy = r(py(y))
        marks += "<line x1=\"\(r(left))\" x2=\"\(r(left + plotWidth))\" y1=\"\(yy)\" y2=\"\(yy)\" stroke=\"#444\" stroke-dasharray=\"3 3\"/>"
        marks += "<text x=\"\(r(left + plotWidth - 2))\" y=\"\(r(py(y) - 3))\" font-size=\"10\" text-anchor=\"end\" fill=\"#444\">\(label.htmlEscaped)</text>\n"
    }

    /// The chart as an `<svg>` element with axes, ticks and labels.
    package func svg(label: String) -> String {
        var h = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(label.htmlEscaped)\" font-family=\"sans-serif\">\n"
        let (x0, x1, y0, y1) = (left, left + plotWidth, top, top + plotHeight)
        for t in yTicks() {
            let y = r(py(t))
            h += "<line x1=\"\(r(x0))\" x2=\"\(r(x1))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#eee\"/>"
            h += "<text x=\"\(r(x0 - 4))\" y=\"\(r(py(t) + 3))\" font-size=\"10\" text-anchor=\"end\">\(Self.tickText(t))</text>\n"
        }
        for t in xTicks() {
            let x = r(px(t))
            h += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(r(y1))\" y2=\"\(r(y1 + 4))\" stroke=\"#555\"/>"
            h += "<text x=\"\(x)\" y=\"\(r(y1 + 15))\" font-size=\"10\" text-anchor=\"middle\">\(Self.tickText(t))</text>\n"
        }
        h += "<rect x=\"\(r(x0))\" y=\"\(r(y0))\" width=\"\(r(plotWidth))\" height=\"\(r(plotHeight))\" fill=\"none\" stroke=\"#999\"/>\n"
        h += marks
        h += "<text x=\"\(r((x0 + x1) / 2))\" y=\"\(r(height - 4))\" font-size=\"11\" text-anchor=\"middle\">\(xLabel.htmlEscaped)</text>"
        h += "<text transform=\"translate(12,\(r((y0 + y1) / 2))) rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">\(yLabel.htmlEscaped)</text>\n"
        return h + "</svg>"
    }

    private func yTicks() -> [Double] { Self.ticks(yRange) }

    private func xTicks() -> [Double] {
        guard logX else { return Self.ticks(xRange) }
        let lo = Int(floor(log10(xRange.lowerBound))), hi = Int(ceil(log10(xRange.upperBound)))
        let decades = (lo...max(lo, hi)).map { pow(10.0, Double($0)) }.filter { xRange.contains($0) }
        return decades.count >= 2 ? decades : [xRange.lowerBound, xRange.upperBound]
    }

    /// About five round values (1, 2 or 5 times a power of ten apart) inside `range`.
    package static func ticks(_ range: ClosedRange<Double>) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let raw = span / 5, magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var t = ceil(range.lowerBound / step) * step
        var out: [Double] = []
        while t <= range.upperBound + step * 1e-9 && out.count < 20 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// A tick label: compact, exponent form for very large or small values.
    package static func tickText(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e5 || a < 1e-3 { return String(format: "%.0e", v) }
        var s = String(format: "%.4g", v)
        if s.contains("e") { s = String(format: "%.0e", v) }
        return s
    }

    private func r(_ v: Double) -> String { String(format: "%.1f", v) }
}
