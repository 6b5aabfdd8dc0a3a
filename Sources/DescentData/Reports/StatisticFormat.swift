import Foundation

/// A statistic, p-value or metric as the reports print it: four significant digits within
/// [1e-3, 1e6), scientific notation outside (`inf`, `-inf` and `nan` as such), zero as `0`.
package func formatStatistic(_ x: Double) -> String {
    if x == 0 { return "0" }
    if abs(x) >= 1e-3 && abs(x) < 1e6 { return String(format: "%.4g", x) }
    return String(format: "%.3e", x)
}
