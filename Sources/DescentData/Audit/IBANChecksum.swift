/// The IBAN check (ISO 13616): the country's length, then the first four characters moved to
/// the end, letters as 10–35, and the number modulo 97 must be 1.
public enum IBANChecksum {
    /// IBAN lengths by country (the SWIFT IBAN registry).
    static let lengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
        "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
        "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
        "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
        "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
        "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
        "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
        "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    ]

    /// Whether `text` (spaces and hyphens ignored, letters case-insensitive) is a valid IBAN.
    public static func isValid(_ text: some StringProtocol) -> Bool {
        let compact = text.uppercased().filter { $0 != " " && $0 != "-" }
        let chars = Array(compact)
        guard chars.count >= 15, chars.count <= 34, chars.allSatisfy({ ($0.isASCII && $0.isLetter) || ($0.isASCII && $0.isNumber) }) else { return false }
        let country = String(chars[0..<2])
        guard let length = lengths[country], length == chars.count, chars[2].isNumber, chars[3].isNumber else { return false }
        var remainder = 0
        for c in chars[4...] + chars[0..<4] {
            let value = Int(c.asciiValue!)
            let code = c.isNumber ? value - 48 : value - 55
            remainder = code >= 10 ? (remainder * 100 + code) % 97 : (remainder * 10 + code) % 97
        }
        return remainder == 1
    }
}
