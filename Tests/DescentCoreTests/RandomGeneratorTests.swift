import Testing
@testable import DescentCore

@Suite("RandomGenerator")
struct RandomGeneratorTests {
    @Test("matches an independent xoshiro256** with SplitMix64 seeding")
    func knownStream() {
        // From a Python transcription of Blackman and Vigna's reference C code.
        var zero = RandomGenerator(seed: 0)
        #expect([zero.next(), zero.next(), zero.next()] == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
        var answer = RandomGenerator(seed: 42)
        #expect([answer.next(), answer.next(), answer.next()] == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1])
        var uniforms = RandomGenerator(seed: 42)
        #expect([uniforms.uniform(), uniforms.uniform(), uniforms.uniform()] == [0.08386296033859253, 0.37898021936416626, 0.6800433993339539])
    }

    @Test("the same seed gives the same stream; different seeds differ")
    func determinism() {
        var a = RandomGenerator(seed: 7), b = RandomGenerator(seed: 7), c = RandomGenerator(seed: 8)
        let first = (0..<16).map { _ in a.next() }
        #expect(first == (0..<16).map { _ in b.next() })
        #expect(first != (0..<16).map { _ in c.next() })
    }

    @Test("a restored state resumes the stream exactly")
    func restoreState() {
        var a = RandomGenerator(seed: 11)
        for _ in 0..<5 { _ = a.next() }
        var b = RandomGenerator(state: a.state)
        #expect((0..<8).map { _ in a.normal() } == (0..<8).map { _ in b.normal() })
    }

    @Test("split streams are deterministic and differ from the parent and each other")
    func splitStreams() {
        var parent = RandomGenerator(seed: 5), again = RandomGenerator(seed: 5)
        var child = parent.split(), childAgain = again.split()
        var sibling = parent.split()
        let c = (0..<8).map { _ in child.next() }
        #expect(c == (0..<8).map { _ in childAgain.next() })
        let p = (0..<8).map { _ in parent.next() }
        let s = (0..<8).map { _ in sibling.next() }
        #expect(c != p && c != s && p != s)
        #expect(Set(c).isDisjoint(with: p))
    }

    @Test("derived streams depend on the state, key and index only, and do not advance the parent")
    func derivedStreams() {
        let parent = RandomGenerator(seed: 13)
        var a = parent.derived(1, 7), b = parent.derived(1, 7), c = parent.derived(1, 8), d = parent.derived(2, 7)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        #expect(first != (0..<8).map { _ in d.next() })
        #expect(parent == RandomGenerator(seed: 13))
        var other = RandomGenerator(seed: 14).derived(1, 7)
        #expect(first != (0..<8).map { _ in other.next() })
    }

    @Test("uniform draws lie in [0, 1) and [low, high) with mean about 1/2")
    func uniformRange() {
        var g = RandomGenerator(seed: 3)
        let draws = (0..<100_000).map { _ in g.uniform() }
        #expect(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = draws.reduce(0.0) { $0 + Double($1) } / Double(draws.count)
        #expect(Swift.abs(mean - 0.5) < 0.005)
        let scaled = (0..<10_000).map { _ in g.uniform(-3, 5) }
        #expect(scaled.allSatisfy { $0 >= -3 && $0 < 5 })
        #expect(scaled.min()! < -2.9 && scaled.max()! > 4.9)
        let doubles = (0..<10_000).map { _ in g.uniformDouble() }
        #expect(doubles.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test("normal draws have mean about 0 and variance about 1 over 100k samples")
    func normalMoments() {
        var g = RandomGenerator(seed: 9)
        let n = 100_000
        let draws = (0..<n).map { _ in Double(g.normal()) }
        let mean = draws.reduce(0, +) / Double(n)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        // Standard errors: 0.003 for the mean, about 0.0045 for the variance.
        #expect(Swift.abs(mean) < 0.015)
        #expect(Swift.abs(variance - 1) < 0.025)
        #expect(draws.allSatisfy { $0.isFinite })
        let beyondTwo = Double(draws.filter { Swift.abs($0) > 2 }.count) / Double(n)
        #expect(Swift.abs(beyondTwo - 0.0455) < 0.004)
    }

    @Test("int(below:) covers 0..<bound evenly; permutations are permutations")
    func integersAndPermutations() {
        var g = RandomGenerator(seed: 21)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[g.int(below: 7)] += 1 }
        #expect(counts.allSatisfy { Swift.abs($0 - 10_000) < 400 })
        let p = g.permutation(50)
        #expect(p.sorted() == Array(0..<50))
        #expect(p != Array(0..<50))
        var h = RandomGenerator(seed: 21)
        for _ in 0..<70_000 { _ = h.int(below: 7) }
        #expect(h.permutation(50) == p)
    }
}
