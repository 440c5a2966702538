/// A data table beside a chart: the same numbers, readable without the picture, each numeric
/// cell carrying its raw value (`data-value`) and what it is (`data-key`), so a test can compare
/// it with a `sqlite3` query on the same warehouse.
struct DataTable {
    struct Cell {
        var text: String
        /// The value as the warehouse holds it; nil for text cells.
        var value: String?
        /// `table/row/column`, unique in the page; nil: not keyed.
        var key: String?
        var isNumber: Bool

        static func text(_ text: String) -> Cell { Cell(text: text, value: nil, key: nil, isNumber: false) }

        static func int(_ value: Int64?, key: String? = nil) -> Cell {
            Cell(text: value.map(Format.int) ?? "–", value: Format.raw(value), key: key, isNumber: true)
        }

        static func real(_ value: Double?, _ decimals: Int, key: String? = nil, suffix: String = "") -> Cell {
            Cell(text: value.map { Format.fixed($0, decimals) + suffix } ?? "–", value: Format.raw(value), key: key, isNumber: true)
        }

        static func euro(_ cents: Int64?, key: String? = nil) -> Cell {
            Cell(text: cents.map { Format.euro(cents: $0) } ?? "–", value: Format.raw(cents), key: key, isNumber: true)
        }
    }

    var caption: String
    var columns: [String]
    var rows: [[Cell]]
    /// Collapsed behind a `<details>` summary (long tables).
    var collapsed = true

    func html() -> String {
        var out = collapsed ? "<details class=\"data\"><summary>\(HTML.escape(caption)) (table, \(rows.count) rows)</summary>\n" : ""
        out += "<table>\n<caption>\(HTML.escape(caption))</caption>\n<thead><tr>"
        for (index, column) in columns.enumerated() {
            let numeric = rows.first.map { index < $0.count && $0[index].isNumber } ?? false
            out += "<th scope=\"col\"\(numeric ? " class=\"num\"" : "")>\(HTML.escape(column))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                let tag = index == 0 ? "th scope=\"row\"" : "td"
                let close = index == 0 ? "th" : "td"
                var attributes = cell.isNumber ? " class=\"num\"" : ""
                if let key = cell.key { attributes += " data-key=\"\(HTML.escape(key))\"" }
                if let value = cell.value, cell.isNumber { attributes += " data-value=\"\(HTML.escape(value))\"" }
                out += "<\(tag)\(attributes)>\(HTML.escape(cell.text))</\(close)>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if collapsed { out += "</details>\n" }
        return out
    }
}
