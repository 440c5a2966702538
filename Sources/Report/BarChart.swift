/// Horizontal bars, one per category, optionally stacked from several series (each with its own
/// fill pattern and a legend), with the total written at the end of each bar. Values may be
/// negative (bars grow left of zero), as comparison weights are.
struct BarChart {
    struct Bar {
        var label: String
        /// One value per series.
        var values: [Double]
    }

    var id: String
    var title: String
    var description: String
    /// Series names; one unnamed series draws no legend.
    var series: [String] = [""]
    /// Series stacked into one bar (parts of a whole), or side by side (different measures).
    var isStacked = true
    var bars: [Bar]
    var valueTitle: String
    var format: (Double) -> String
    var width: Double = 640
    var labelWidth: Double = 170

    func svg() -> String {
        let lanes = isStacked ? 1 : series.count
        let rowHeight = 6 + 14.0 * Double(lanes), legend = series.count > 1 ? 22.0 : 0
        let top = 34.0 + legend
        let height = top + Double(max(bars.count, 1)) * rowHeight + 44
        var canvas = SVGCanvas(id: id, width: width, height: height)
        guard !bars.isEmpty else {
            canvas.add(SVG.text(labelWidth, top + 14, "no data yet"))
            return canvas.render(title: title, description: description + " No data yet.")
        }
        let extents = bars.map { bar -> (Double, Double) in
            isStacked ? (bar.values.filter { $0 < 0 }.reduce(0, +), bar.values.filter { $0 > 0 }.reduce(0, +))
                      : (bar.values.min() ?? 0, bar.values.max() ?? 0)
        }
        let lowest = min(0, extents.map(\.0).min()!), highest = max(0, extents.map(\.1).max()!)
        // Room left of the axis for the value labels of negative bars.
        let left = labelWidth + (lowest < 0 ? 40 : 0), right = width - 90, bottom = top + Double(bars.count) * rowHeight
        let (low, high, ticks) = SVG.niceDomain(lowest, highest)
        let scale = LinearScale(domain: (low, high), range: (left, right))
        if series.count > 1 {
            var x = left
            for (index, name) in series.enumerated() {
                canvas.add("<rect x=\"\(SVG.n(x))\" y=\"28\" width=\"12\" height=\"12\" fill=\"\(SVG.fill(prefix: id, index))\" stroke=\"#333\"/>")
                canvas.add(SVG.text(x + 16, 38, name, cls: "legend"))
                x += 26 + Double(name.count) * 6.5
            }
        }
        for tick in ticks {
            canvas.add(SVG.line(scale(tick), top, scale(tick), bottom, cls: tick == 0 ? "axis" : "grid"))
            canvas.add(SVG.text(scale(tick), bottom + 14, format(tick), anchor: "middle", cls: "tick"))
        }
        canvas.add(SVG.line(left, bottom, right, bottom, cls: "axis"))
        canvas.add(SVG.text((left + right) / 2, bottom + 34, valueTitle, anchor: "middle", cls: "axis-title"))
        let maxCharacters = Int((labelWidth - 10) / 6)
        for (row, bar) in bars.enumerated() {
            let y = top + Double(row) * rowHeight
            let label = bar.label.count > maxCharacters ? String(bar.label.prefix(maxCharacters - 1)) + "…" : bar.label
            canvas.add("<text class=\"category\" x=\"\(SVG.n(labelWidth - 6))\" y=\"\(SVG.n(y + rowHeight / 2 + 4))\" text-anchor=\"end\">"
                       + "<title>\(HTML.escape(bar.label))</title>\(HTML.escape(label))</text>")
            var positive = 0.0, negative = 0.0
            for (index, value) in bar.values.enumerated() {
                let lane = isStacked ? 0 : index
                let laneTop = y + 3 + 14 * Double(lane)
                if !isStacked { positive = 0; negative = 0 }
                if value != 0 {
                    let start = value > 0 ? positive : negative
                    let end = start + value
                    if value > 0 { positive = end } else { negative = end }
                    let x1 = scale(min(start, end)), x2 = scale(max(start, end))
                    let name = series[index].isEmpty ? bar.label : "\(bar.label) · \(series[index])"
                    canvas.mark("rect", "x=\"\(SVG.n(x1))\" y=\"\(SVG.n(laneTop))\" width=\"\(SVG.n(max(x2 - x1, 1)))\" height=\"\(SVG.n(isStacked ? rowHeight - 6 : 12))\" "
                                + "fill=\"\(SVG.fill(prefix: id, index))\" stroke=\"#333\" stroke-width=\"0.5\"",
                                tooltip: "\(name): \(format(value))")
                }
                if !isStacked {
                    canvas.add(SVG.text(value < 0 ? scale(value) - 4 : scale(value) + 4, laneTop + 10, format(value),
                                        anchor: value < 0 ? "end" : "start", cls: "value"))
                }
            }
            if isStacked {
                let total = bar.values.reduce(0, +)
                let anchorX = total < 0 ? scale(negative) - 4 : scale(positive) + 4
                canvas.add(SVG.text(anchorX, y + rowHeight / 2 + 4, format(total), anchor: total < 0 ? "end" : "start", cls: "value"))
            }
        }
        return canvas.render(title: title, description: description)
    }
}
