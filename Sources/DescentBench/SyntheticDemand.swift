import DescentNN
import Foundation

/// A seeded synthetic daily sales history of many products, as a small business's inventory
/// system sees it, and the one-day-ahead forecasting problem on it (the `demand_forecast` workload).
///
/// Per product p (its own stream, `RandomGenerator(seed:).derived(p, 0)`):
/// - a level b ~ log-uniform on [20, 200] units a day and a linear trend: demand is multiplied
///   by 1 + g·t/days, g ~ U(−0.5, 1), so a product ends the history between half and twice its level;
/// - weekly seasonality 1 + a·cos(2π(d − φ)/7) on weekday d = t mod 7, a ~ U(0.1, 0.5), peak day φ uniform in 0…6;
/// - promotions: on a day without one, one starts with probability 1/30 and lasts 3 to 7 days
///   (uniform); it multiplies demand by 1 + ℓ, ℓ ~ U(0.3, 1) per product;
/// - demand on day t ~ Poisson(b · trend · season · promotion);
/// - stock-outs: on a day in stock, one starts with probability 0.015 and lasts 1 to 6 days;
///   sales are 0 while it lasts (demand is censored: the lags below see the zeros).
public struct SyntheticDemand: Sendable {
    public let products: Int
    public let days: Int
    /// `sales[p][t]`: units sold (0 during a stock-out).
    public let sales: [[Float]]
    /// `promotion[p][t]`: a promotion runs (known in advance, so a feature of day t).
    public let promotion: [[Bool]]
    /// `inStock[p][t]`: the product could be sold that day.
    public let inStock: [[Bool]]

    /// Days of history the features look back over (the first day with features is this one).
    public static let history = 28

    public init(products: Int = 50, days: Int = 420, seed: UInt64) {
        precondition(products >= 1 && days > SyntheticDemand.history, "need at least one product and more than \(SyntheticDemand.history) days")
        self.products = products
        self.days = days
        var sales: [[Float]] = [], promotion: [[Bool]] = [], inStock: [[Bool]] = []
        let base = RandomGenerator(seed: seed)
        for p in 0..<products {
            var g = base.derived(UInt64(p), 0)
            let level = exp(log(20.0) + (log(200.0) - log(20.0)) * g.uniformDouble())
            let trend = -0.5 + 1.5 * g.uniformDouble()
            let amplitude = 0.1 + 0.4 * g.uniformDouble()
            let peak = g.int(below: 7)
            let lift = 0.3 + 0.7 * g.uniformDouble()
            var s = [Float](repeating: 0, count: days), promo = [Bool](repeating: false, count: days)
            var stock = [Bool](repeating: true, count: days)
            var promoLeft = 0, outLeft = 0
            for t in 0..<days {
                if promoLeft == 0, g.uniformDouble() < 1.0 / 30 { promoLeft = 3 + g.int(below: 5) }
                if promoLeft > 0 { promo[t] = true; promoLeft -= 1 }
                if outLeft == 0, g.uniformDouble() < 0.015 { outLeft = 1 + g.int(below: 6) }
                if outLeft > 0 { stock[t] = false; outLeft -= 1 }
                let season = 1 + amplitude * cos(2 * Double.pi * Double(t % 7 - peak) / 7)
                let mean = level * (1 + trend * Double(t) / Double(days)) * season * (promo[t] ? 1 + lift : 1)
                let demand = SyntheticDemand.poisson(mean, generator: &g)
                s[t] = stock[t] ? Float(demand) : 0
            }
            sales.append(s)
            promotion.append(promo)
            inStock.append(stock)
        }
        self.sales = sales
        self.promotion = promotion
        self.inStock = inStock
    }

    /// A Poisson draw by counting unit-rate exponential arrivals before `mean` (exact; O(mean) draws).
    static func poisson(_ mean: Double, generator: inout RandomGenerator) -> Int {
        var k = 0, time = 0.0
        while true {
            time += -log(1 - generator.uniformDouble())
            if time > mean { return k }
            k += 1
        }
    }

    /// The names of the feature columns, in order.
    public static let featureNames = ["lag1", "lag7", "lag14", "mean7", "mean28", "in_stock_yesterday", "stockout_days7",
                                      "promotion", "promotion_yesterday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "time"]

    /// Each product's scale: its mean sales over the in-stock days before `day` (the training period).
    public func scales(before day: Int) -> [Double] {
        (0..<products).map { p in
            let days = (0..<day).filter { inStock[p][$0] }
            let mean = days.isEmpty ? 0 : days.reduce(0.0) { $0 + Double(sales[p][$1]) } / Double(days.count)
            return max(mean, 1)
        }
    }

    /// The forecasting examples of days `range` (only the days in stock, whose sales are the demand):
    /// features of the history before each day (sales divided by the product's `scales`; the weekday
    /// one-hot with day 0 a Monday; time t/days) and the target, that day's sales over the scale.
    /// MAPE is the same on this scale as in units.
    public func examples(days range: Range<Int>, scales: [Double]) -> TensorBatchSource {
        precondition(range.lowerBound >= SyntheticDemand.history && range.upperBound <= days, "days \(range) outside the history")
        var x: [Float] = [], y: [Float] = []
        let width = SyntheticDemand.featureNames.count
        for p in 0..<products {
            let s = sales[p], scale = scales[p]
            func mean(_ from: Int, _ to: Int) -> Double { (from..<to).reduce(0.0) { $0 + Double(s[$1]) } / Double(to - from) }
            for t in range where inStock[p][t] {
                var row = [Float](repeating: 0, count: width)
                row[0] = Float(Double(s[t - 1]) / scale)
                row[1] = Float(Double(s[t - 7]) / scale)
                row[2] = Float(Double(s[t - 14]) / scale)
                row[3] = Float(mean(t - 7, t) / scale)
                row[4] = Float(mean(t - 28, t) / scale)
                row[5] = inStock[p][t - 1] ? 1 : 0
                row[6] = Float((t - 7..<t).filter { !inStock[p][$0] }.count) / 7
                row[7] = promotion[p][t] ? 1 : 0
                row[8] = promotion[p][t - 1] ? 1 : 0
                row[9 + t % 7] = 1
                row[16] = Float(t) / Float(days)
                x += row
                y.append(Float(Double(s[t]) / scale))
            }
        }
        return TensorBatchSource(inputs: Tensor(shape: [y.count, width], scalars: x), targets: Tensor(shape: [y.count, 1], scalars: y))
    }
}
