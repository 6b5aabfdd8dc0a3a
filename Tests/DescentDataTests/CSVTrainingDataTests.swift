import Testing
@testable import DescentData

@Suite struct CSVTrainingDataTests {
    static let flowers = """
        length,colour,width,species
        1.5,red,0.5,setosa
        2.0,blue,1.0,virginica
        3.5,red,2.0,versicolor
        4.0,green,1.5,setosa

        """

    @Test func numericColumnsCopiedCategoricalOneHotLabelsSorted() throws {
        let path = DataFixtures.write(Self.flowers)
        let (data, encoding) = try Dataset.csv(path: path, label: "species")
        #expect(data.featureNames == ["length", "colour=blue", "colour=green", "colour=red", "width"])
        #expect(data.classNames == ["setosa", "versicolor", "virginica"])
        #expect(data.task == .classification(classes: 3))
        #expect(data.features.scalars == [
            1.5, 0, 0, 1, 0.5,
            2.0, 1, 0, 0, 1.0,
            3.5, 0, 0, 1, 2.0,
            4.0, 0, 1, 0, 1.5,
        ])
        #expect(data.targets.scalars == [0, 2, 1, 0])
        // The encoding fitted here encodes another file the same way, and rejects unseen categories.
        let other = DataFixtures.write("length,colour,width,species\n9,green,9,virginica\n")
        let encoded = try Dataset.csv(path: other, encoding: encoding)
        #expect(encoded.features.scalars == [9, 0, 1, 0, 9])
        #expect(encoded.targets.scalars == [2])
        let unseen = DataFixtures.write("length,colour,width,species\n1,purple,1,setosa\n")
        #expect(dataError { try Dataset.csv(path: unseen, encoding: encoding) }?.description
            == "\(unseen): row 1, column 'colour': category 'purple' was not seen when the encoding was fitted")
    }

    @Test func integerLabelsAreClassesInNumericOrderAndRealLabelsRegression() throws {
        let classes = DataFixtures.write("x,y\n1,10\n2,9\n3,10\n4,2\n")
        let (data, _) = try Dataset.csv(path: classes, label: "y")
        #expect(data.classNames == ["2", "9", "10"])
        #expect(data.targets.scalars == [2, 1, 2, 0])
        let real = DataFixtures.write("x,y\n1,0.5\n2,1.25\n")
        let (regression, _) = try Dataset.csv(path: real, label: "y")
        #expect(regression.task == .regression(outputs: 1))
        #expect(regression.targets.scalars == [0.5, 1.25])
        let (forced, _) = try Dataset.csv(path: classes, label: "y", kind: .regression)
        #expect(forced.targets.shape == [4, 1])
    }

    @Test func forcedCategoricalAndExcludedColumns() throws {
        let path = DataFixtures.write("id,zip,x,y\n1,100,0.5,a\n2,200,1.5,b\n3,100,2.5,a\n")
        let (data, _) = try Dataset.csv(path: path, label: "y", categorical: ["zip"], exclude: ["id"])
        #expect(data.featureNames == ["zip=100", "zip=200", "x"])
        #expect(data.features.scalars == [1, 0, 0.5, 0, 1, 1.5, 1, 0, 2.5])
    }

    @Test func errorsNameTheFileRowAndColumn() {
        let missingLabel = DataFixtures.write("a,b\n1,2\n")
        #expect(dataError { try Dataset.csv(path: missingLabel, label: "target") }?.description == "\(missingLabel): no label column 'target' (columns: a, b)")

        #expect(dataError { try Dataset.csv(path: "/no/such.csv", label: "y") }?.description == "/no/such.csv: no such file or it cannot be read")

        let word = DataFixtures.write("x,y\n1,a\n2,b\nthree,a\n4,b\n")
        #expect(dataError { try Dataset.csv(path: word, label: "y") }?.description == "\(word): row 3, column 'x': 'three' is not a number")

        let nan = DataFixtures.write("x,y\n1,a\nNaN,b\n")
        #expect(dataError { try Dataset.csv(path: nan, label: "y") }?.description
            == "\(nan): row 2, column 'x': empty or NaN cell (missing values are rejected; impute or drop them first)")

        let infinite = DataFixtures.write("x,y\n1,a\ninf,b\n")
        #expect(dataError { try Dataset.csv(path: infinite, label: "y") }?.description
            == "\(infinite): row 2, column 'x': inf is not a finite number (NaN, infinity and empty cells are rejected)")

        let beyondFloat = DataFixtures.write("x,y\n1,a\n1e308,b\n")  // finite as a double, infinite as float32
        #expect(dataError { try Dataset.csv(path: beyondFloat, label: "y") }?.description
            == "\(beyondFloat): row 2, column 'x': 1e+308 is beyond float32's range (±3.4e38)")

        let empty = DataFixtures.write("x,y\n1,a\n,b\n")
        #expect(dataError { try Dataset.csv(path: empty, label: "y") }?.kind == .nonFinite)

        let ragged = DataFixtures.write("x,y\n1,a\n2,b,7\n")
        let raggedError = dataError { try Dataset.csv(path: ragged, label: "y") }
        #expect(raggedError?.description == "\(ragged):3: expected 2 fields, found 3")

        let headerOnly = DataFixtures.write("x,y\n")
        #expect(dataError { try Dataset.csv(path: headerOnly, label: "y") }?.description == "\(headerOnly): no data rows")

        let textLabel = DataFixtures.write("x,y\n1,a\n2,b\n")
        #expect(dataError { try Dataset.csv(path: textLabel, label: "y", kind: .regression) }?.kind == .unsupported)
    }
}
