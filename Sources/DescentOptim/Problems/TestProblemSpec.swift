/// A test problem named on the command line (`descent optim trace --problem`): `rosenbrock`,
/// `beale`, `rastrigin[:dim=N]` or `quadratic[:kappa=K,dim=N,smallest=S]` (``SpecText``).
public enum TestProblemSpec: Sendable, Hashable, CustomStringConvertible {
    case rosenbrock
    case beale
    case rastrigin(dim: Int)
    case quadratic(kappa: Double, dim: Int, smallest: Double)

    /// The problem names, for messages and help.
    public static let names = ["rosenbrock", "beale", "quadratic", "rastrigin"]

    /// Parses `text`; throws a one-line ``TestProblemError`` naming the spec and the bad key or value.
    public init(parsing text: String) throws(TestProblemError) {
        let name = SpecText.split(text).name, given = SpecText.trim(text)
        let known: [String]
        switch name {
        case "": throw TestProblemError("empty problem name (known: \(Self.names.joined(separator: ", ")))")
        case "rosenbrock", "beale": known = []
        case "rastrigin": known = ["dim"]
        case "quadratic": known = ["kappa", "dim", "smallest"]
        default: throw TestProblemError("unknown problem '\(name)' (known: \(Self.names.joined(separator: ", ")))")
        }
        let spec: SpecText
        do {
            spec = try SpecText(parsing: text, known: known)
        } catch {
            throw TestProblemError("problem '\(given)': \(error)")
        }
        func number(_ key: String, _ fallback: Double, minimum: Double, inclusive: Bool) throws(TestProblemError) -> Double {
            guard let item = try? spec.value(key) else { return fallback }
            guard let value = SpecText.real(item), inclusive ? value >= minimum : value > minimum else {
                throw TestProblemError("problem '\(given)': \(key) must be a finite number \(inclusive ? "≥" : ">") \(Int(minimum)), got '\(item)'")
            }
            return value
        }
        func dimension() throws(TestProblemError) -> Int {
            guard let item = try? spec.value("dim") else { return 2 }
            guard let value = SpecText.integer(item), (1...10_000_000).contains(value) else {
                throw TestProblemError("problem '\(given)': dim must be a whole number in 1...10000000, got '\(item)'")
            }
            return value
        }
        switch name {
        case "rosenbrock": self = .rosenbrock
        case "beale": self = .beale
        case "rastrigin": self = .rastrigin(dim: try dimension())
        default:
            self = .quadratic(kappa: try number("kappa", 10, minimum: 1, inclusive: true), dim: try dimension(),
                              smallest: try number("smallest", 1, minimum: 0, inclusive: false))
        }
    }

    /// The spec in the form ``init(parsing:)`` reads, every option spelled out.
    public var description: String {
        switch self {
        case .rosenbrock: "rosenbrock"
        case .beale: "beale"
        case .rastrigin(let dim): SpecText(name: "rastrigin", settings: [.init("dim", "\(dim)")]).description
        case .quadratic(let kappa, let dim, let smallest):
            SpecText(name: "quadratic", settings: [.init("kappa", "\(kappa)"), .init("dim", "\(dim)"), .init("smallest", "\(smallest)")]).description
        }
    }

    /// The objective this spec names.
    public var problem: TestProblem {
        switch self {
        case .rosenbrock: .rosenbrock
        case .beale: .beale
        case .rastrigin(let dim): .rastrigin(dim: dim)
        case .quadratic(let kappa, let dim, let smallest): .quadratic(kappa: kappa, dim: dim, smallest: smallest)
        }
    }
}
