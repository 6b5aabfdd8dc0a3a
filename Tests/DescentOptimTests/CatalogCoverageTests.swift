import Testing
@testable import DescentOptim

/// The catalog drives the checks: every optimizer it lists has reference fixture cases that
/// the parity tests replay, resumes exactly (StateTransferTests, over the whole catalog), and
/// every fused kernel is checked against its composed chain — so an optimizer added to the
/// catalog without them fails here.
struct CatalogCoverageTests {
    /// The optimizers with fixture cases, from every family's fixture files.
    static var optimizersWithFixtures: Set<String> {
        var names = Set(TorchParityTests.fixture.cases.map(\.optimizer))
        names.formUnion(TorchParityTests.familyNames)
        names.insert("lbfgs")  // torch_lbfgs.json, replayed with the objective
        names.formUnion(ReferenceParityTests.cases.map(\.optimizer))
        names.formUnion(PreconditionedParityTests.fixtures.keys)
        return names
    }

    @Test(arguments: OptimizerCatalog.all.map(\.name))
    func everyOptimizerHasReferenceFixtures(name: String) {
        #expect(Self.optimizersWithFixtures.contains(name), "\(name) has no reference fixture cases")
    }

    /// The fused optimizers of the catalog are exactly those whose checkpoints the state-transfer
    /// tests move between the fused and composed forms.
    @Test func everyFusedKernelIsCheckedAgainstItsChain() {
        let fused = OptimizerCatalog.all.filter { d in
            (d.make(OptimizerSettings(hyperparameters: d.defaults)) as? TransformationOptimizer)?.isFused == true
        }.map(\.name)
        #expect(Set(fused) == Set(StateTransferTests.fused.keys), "fused: \(fused.sorted())")
        #expect(fused.count == 8)
    }
}
