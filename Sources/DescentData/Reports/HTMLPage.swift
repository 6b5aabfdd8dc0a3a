/// The shell of the self-contained HTML reports (drift, eval, audit, bench): one style sheet,
/// no script, no network.
package enum HTMLPage {
    /// The style every report shares: readable tables, numeric cells aligned, sections ruled.
    package static let style = """
    body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
    table{border-collapse:collapse;font-size:.92em}th,td{padding:.3em .7em;border-bottom:1px solid #ddd;text-align:left}
    th{background:#f4f4f4}td.num{font-variant-numeric:tabular-nums;text-align:right}
    section{border-top:2px solid #eee;margin-top:1.5em;padding-top:.3em}
    .legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:middle}
    .meta{color:#555;font-size:.9em}.grid{display:flex;flex-wrap:wrap;gap:2em}
    """

    /// A whole document: `title` (escaped) as the page title and heading, the shared style
    /// plus `extraStyle`, then `body` (already HTML).
    package static func document(title: String, extraStyle: String = "", body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(title.htmlEscaped)</title>
        <style>
        \(style)\(extraStyle.isEmpty ? "" : "\n" + extraStyle)
        </style></head><body>
        <h1>\(title.htmlEscaped)</h1>
        \(body)</body></html>

        """
    }
}
