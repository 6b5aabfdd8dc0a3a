import Foundation
import Testing
@testable import DescentMonitor

/// Warning and drift indices equal River's on the same streams, for every detector.
@Suite struct DetectorParityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let kind: DetectorKind
        let parameters: [String: String]
        let stream: [Double]
        let warnings: [Int]
        let drifts: [Int]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let root = try? Fixture.json("detectors"),
              let streams = root["streams"] as? [String: Any],
              let list = root["cases"] as? [[String: Any]] else { return [] }
        return list.map { c in
            let s = streams[c["stream"] as! String]!
            let stream: [Double] = (s as? String).map { $0.map { $0 == "1" ? 1.0 : 0.0 } } ?? Fixture.doubles(s)
            let params = (c["parameters"] as! [String: Any]).mapValues { v -> String in
                if let b = v as? Bool { return b ? "true" : "false" }
                return "\(v)"
            }
            return Case(name: c["name"] as! String, kind: DetectorKind(rawValue: c["detector"] as! String)!,
                        parameters: params, stream: stream, warnings: c["warnings"] as! [Int], drifts: c["drifts"] as! [Int])
        }
    }()

    @Test func coversEveryDetector() {
        #expect(Set(Self.cases.map(\.kind)) == Set(DetectorKind.allCases))
    }

    @Test(arguments: cases)
    func matchesRiver(_ c: Case) throws {
        var detector = try c.kind.make(parameters: c.parameters)
        let (warnings, drifts) = detector.run(c.stream)
        #expect(drifts == c.drifts)
        #expect(warnings == c.warnings)
    }

    @Test func rejectsUnknownParameters() {
        #expect(throws: DetectorParameterError.self) { try DetectorKind.adwin.make(parameters: ["delta_x": "1"]) }
        #expect(throws: DetectorParameterError.self) { try DetectorKind.adwin.make(parameters: ["delta": "abc"]) }
        #expect(throws: DetectorParameterError.self) { try DetectorKind.eddm.make(parameters: ["alpha": "0.5", "beta": "0.9"]) }
    }
}
