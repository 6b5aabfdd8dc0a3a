extension CSVReader {
    /// Reads the named columns as numbers, parsed straight from the file's bytes into each
    /// column's `[Double]` (no strings): a typed read for callers that know their columns are
    /// numeric. Missing cells stay missing (the column's mask); a present cell that is not a
    /// number is an error naming its line and column; a name not in the file is an error
    /// listing the columns. The reader's other settings (delimiter, missing tokens) apply.
    public func readNumbers(path: String, columns names: [String]) throws(CSVError) -> [Column] {
        var reader = self
        reader.selectedColumns = names
        for name in names { reader.typeOverrides[name] = .numeric }
        return try reader.read(path: path).columns
    }
}
