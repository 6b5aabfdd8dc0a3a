extension String {
    /// The text with `&`, `<`, `>`, `"` and `'` written as character references, safe
    /// inside an HTML or SVG element or a quoted attribute (the reports' one escaper).
    package var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for ch in self {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
