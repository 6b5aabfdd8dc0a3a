import Testing
@testable import DescentData

@Suite struct DatasetSpecTests {
    @Test func parsesEveryForm() throws {
        #expect(try DatasetSpec(parsing: "digits") == .digits)
        #expect(try DatasetSpec(parsing: "moons") == .moons(count: 1000, noise: 0.1, seed: 0))
        #expect(try DatasetSpec(parsing: "moons:n=500,noise=0.3,seed=4") == .moons(count: 500, noise: 0.3, seed: 4))
        #expect(try DatasetSpec(parsing: "spirals:classes=5") == .spirals(count: 1000, classes: 5, noise: 0.2, seed: 0))
        #expect(try DatasetSpec(parsing: "blobs:n=90,features=4,centers=6") == .blobs(count: 90, features: 4, centers: 6, spread: 1, seed: 0))
        #expect(try DatasetSpec(parsing: "gaussian:n=100000,features=784,classes=10") == .gaussian(count: 100_000, features: 784, classes: 10, seed: 0))
        #expect(try DatasetSpec(parsing: "friedman1:noise=0") == .friedman1(count: 1000, features: 10, noise: 0, seed: 0))
        #expect(try DatasetSpec(parsing: "regression:features=3,bias=-2") == .regression(count: 1000, features: 3, informative: 3, outputs: 1, noise: 1, bias: -2, seed: 0))
        #expect(try DatasetSpec(parsing: "csv:data/train.csv") == .csv(path: "data/train.csv"))
        #expect(try DatasetSpec(parsing: "idx:/data/mnist") == .idx(directory: "/data/mnist"))
        #expect(try DatasetSpec(parsing: "npy:x.npy,y.npy") == .npy(features: "x.npy", targets: "y.npy"))
        #expect(try DatasetSpec(parsing: "text") == .text(path: nil))
        #expect(try DatasetSpec(parsing: "text").isCorpus)
    }

    @Test func descriptionParsesBackToTheSameSpec() throws {
        for text in ["digits", "moons:n=20,noise=0.5", "spirals", "blobs:spread=2", "regression", "friedman1", "gaussian:n=10,features=2,classes=3", "csv:a.csv", "idx:d", "npy:a.npy,b.npy", "text:t.txt"] {
            let spec = try DatasetSpec(parsing: text)
            #expect(try DatasetSpec(parsing: spec.description) == spec)
        }
    }

    @Test func badSpecsGiveOneLineReasons() {
        let messages = [
            ("mnist", "unknown dataset 'mnist': expected digits, moons, spirals, blobs, regression, friedman1, gaussian:n=N,features=F,classes=C, csv:PATH, idx:DIR, npy:X.npy,Y.npy or text[:PATH]"),
            ("moons:size=3", "unknown dataset 'moons:size=3': unknown key 'size' (known: n, noise, seed)"),
            ("moons:n=abc", "unknown dataset 'moons:n=abc': n must be an integer of at least 2, got 'abc'"),
            ("moons:noise=-1", "unknown dataset 'moons:noise=-1': noise must be a non-negative finite number, got '-1'"),
            ("gaussian:n=10,n=20", "unknown dataset 'gaussian:n=10,n=20': n is given twice"),
            ("moons:", "unknown dataset 'moons:': no settings after ':'"),
            ("moons:n=5,,seed=1", "unknown dataset 'moons:n=5,,seed=1': an empty item in 'n=5,,seed=1'"),
            ("csv", "unknown dataset 'csv': csv needs a path: csv:PATH"),
            ("npy:x.npy", "unknown dataset 'npy:x.npy': npy needs two files: npy:FEATURES.npy,TARGETS.npy"),
            ("digits:n=5", "unknown dataset 'digits:n=5': digits takes no options"),
        ]
        for (text, message) in messages {
            let error = dataError { try DatasetSpec(parsing: text) }
            #expect(error?.description == message)
            #expect(error?.description.contains("\n") == false)
        }
    }

    @Test func loadsAndSplitsGeneratedData() throws {
        let spec = try DatasetSpec(parsing: "gaussian:n=200,features=3,classes=4,seed=2")
        let data = try spec.load()
        #expect(data.features.shape == [200, 3])
        #expect(data == (try Dataset.gaussian(count: 200, features: 3, classes: 4, seed: 2)))
        let splits = try spec.splits(validation: 0.1, test: 0.2, seed: 5)
        #expect([splits.train.count, splits.validation.count, splits.test.count] == [140, 20, 40])
        #expect(try spec.splits(validation: 0.1, test: 0.2, seed: 5) == splits)
    }

    @Test func idxSplitsUseTheTestFiles() throws {
        let spec = DatasetSpec.idx(directory: DataFixtures.path("idx-mini"))
        let splits = try spec.splits(validation: 0.2, test: 0.5, seed: 0)
        #expect(splits.train.count == 4 && splits.validation.count == 1)
        #expect(splits.test.targets.scalars == [2, 1])
    }

    @Test func csvNeedsALabelAndOthersRejectOne() throws {
        let path = DataFixtures.write("a,b,y\n1,2,u\n3,4,v\n")
        let spec = try DatasetSpec(parsing: "csv:\(path)")
        #expect(dataError { try spec.load() }?.description == "unknown dataset 'csv:\(path)': csv data needs a label column (--label COLUMN)")
        #expect(try spec.load(label: "y").classNames == ["u", "v"])
        #expect(dataError { try DatasetSpec.digits.load(label: "y") }?.kind == .unknownSpec)
    }

    @Test func textSpecLoadsTheBundledCorpus() throws {
        let corpus = try DatasetSpec(parsing: "text").loadCorpus(contextLength: 16)
        #expect(corpus.tokens.count == 186_826)
        #expect(dataError { try DatasetSpec.text(path: nil).load() }?.kind == .unknownSpec)
    }
}
