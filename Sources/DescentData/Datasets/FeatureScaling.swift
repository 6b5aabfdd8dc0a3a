/// How features are scaled before training, with statistics fitted on the training part only.
///
/// `perFeature` is scikit-learn's `StandardScaler` (the habit for tabular data); `global`
/// subtracts one mean and divides by one standard deviation over all values, as
/// torchvision's `Normalize` does for a one-channel image set such as MNIST, so pixels
/// keep their relative brightness and a pixel that is almost always blank is not blown up
/// by its tiny deviation.
public enum FeatureScaling: String, Sendable, Hashable, CaseIterable, Codable {
    /// Each feature to mean 0 and standard deviation 1.
    case perFeature = "feature"
    /// All values with one mean and one standard deviation.
    case global
    /// The values as loaded.
    case none
}
