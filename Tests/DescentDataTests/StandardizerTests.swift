import Testing
@testable import DescentData

@Suite struct StandardizerTests {
    @Test func fitsPopulationStatisticsAndLeavesConstantFeaturesUnscaled() {
        // Feature 0: 1, 2, 3, 4 (mean 2.5, population std sqrt(1.25)); feature 1 constant 7.
        let x = Tensor(shape: [4, 2], scalars: [1, 7, 2, 7, 3, 7, 4, 7])
        let scaler = Standardizer(fitting: x)
        #expect(scaler.mean == [2.5, 7])
        #expect(abs(scaler.scale[0] - Float(1.25.squareRoot())) < 1e-6)
        #expect(scaler.scale[1] == 1)
        let y = scaler.apply(to: x)
        let expected: [Float] = [-1.3416408, 0, -0.4472136, 0, 0.4472136, 0, 1.3416408, 0]
        for (a, b) in zip(y.scalars, expected) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func globalScalingSharesOneMeanAndDeviation() {
        // All eight values 1, 7, 2, 7, 3, 7, 4, 7: numpy gives mean 4.75, std (ddof 0) 2.384848.
        let x = Tensor(shape: [4, 2], scalars: [1, 7, 2, 7, 3, 7, 4, 7])
        let scaler = Standardizer(fitting: x, scaling: .global)
        #expect(scaler.mean == [4.75, 4.75])
        for s in scaler.scale { #expect(abs(s - 2.384848) < 1e-6) }
        let y = scaler.apply(to: x)
        #expect(abs(y.scalars[0] - (1 - 4.75) / 2.384848) < 1e-6)
        #expect(abs(y.scalars[1] - (7 - 4.75) / 2.384848) < 1e-6)
        let identity = Standardizer(fitting: x, scaling: .none)
        #expect(identity.apply(to: x) == x)
    }

    @Test func splitsAreScaledWithTrainingStatisticsOnly() throws {
        let data = try Dataset.blobs(count: 300, features: 3, centers: 3, seed: 2)
        let splits = try data.split(train: 0.6, validation: 0.2, seed: 0)
        let scaled = splits.standardized()
        let scaler = Standardizer(fitting: splits.train)
        #expect(scaled.test.features == scaler.apply(to: splits.test.features))
        // Training features now have mean 0 and standard deviation 1 per feature.
        let refit = Standardizer(fitting: scaled.train)
        for j in 0..<3 {
            #expect(abs(refit.mean[j]) < 1e-5)
            #expect(abs(refit.scale[j] - 1) < 1e-4)
        }
        #expect(scaled.train.targets == splits.train.targets)
    }
}
