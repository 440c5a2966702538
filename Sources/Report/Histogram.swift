/// Counts over numeric bins as columns, with an optional reference line (the match threshold):
/// bins at or above it are hatched and named in the legend, so the two sides differ without colour.
struct Histogram {
    struct Bin {
        var lower: Double
        var upper: Double
        var count: Int
        /// How the bin is written in its tooltip (`12–13 bits`, `3 records`).
        var label: String
    }

    var id: String
    var title: String
    var description: String
    var bins: [Bin]
    var xTitle: String
    var yTitle: String
    var xFormat: (Double) -> String
    var reference: (x: Double, label: String)?
    /// Legend names of the bins below and at or above the reference.
    var sides = ("below", "at or above")
    var width: Double = 640
    var height: Double = 300

    func svg() -> String {
        var canvas = SVGCanvas(id: id, width: width, height: height)
        let left = 64.0, right = width - 20, top = reference == nil ? 34.0 : 52.0, bottom = height - 46
        guard !bins.isEmpty else {
            canvas.add(SVG.text(left, (top + bottom) / 2, "no data yet"))
            return canvas.render(title: title, description: description + " No data yet.")
        }
        var xLow = bins.map(\.lower).min()!, xHigh = bins.map(\.upper).max()!
        if let reference { xLow = min(xLow, reference.x); xHigh = max(xHigh, reference.x) }
        let (_, yHigh, yTicks) = SVG.niceDomain(0, Double(bins.map(\.count).max()!))
        let xScale = LinearScale(domain: (xLow, xHigh), range: (left, right))
        let yScale = LinearScale(domain: (0, yHigh), range: (bottom, top))
        for tick in yTicks {
            canvas.add(SVG.line(left, yScale(tick), right, yScale(tick), cls: "grid"))
            canvas.add(SVG.text(left - 6, yScale(tick) + 4, Format.fixed(tick, 0), anchor: "end", cls: "tick"))
        }
        for tick in SVG.ticks(xLow, xHigh, count: 8) {
            canvas.add(SVG.line(xScale(tick), bottom, xScale(tick), bottom + 4, cls: "axis"))
            canvas.add(SVG.text(xScale(tick), bottom + 16, xFormat(tick), anchor: "middle", cls: "tick"))
        }
        canvas.add(SVG.line(left, bottom, right, bottom, cls: "axis"))
        canvas.add(SVG.line(left, top, left, bottom, cls: "axis"))
        canvas.add(SVG.text((left + right) / 2, height - 8, xTitle, anchor: "middle", cls: "axis-title"))
        canvas.add("<text class=\"axis-title\" transform=\"translate(14,\(SVG.n((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yTitle))</text>")
        if reference != nil {
            canvas.add("<rect x=\"\(SVG.n(left))\" y=\"28\" width=\"12\" height=\"12\" fill=\"\(SVG.fill(prefix: id, 0))\" stroke=\"#333\"/>")
            canvas.add(SVG.text(left + 16, 38, sides.0, cls: "legend"))
            let second = left + 36 + Double(sides.0.count) * 6.5
            canvas.add("<rect x=\"\(SVG.n(second))\" y=\"28\" width=\"12\" height=\"12\" fill=\"\(SVG.fill(prefix: id, 1))\" stroke=\"#333\"/>")
            canvas.add(SVG.text(second + 16, 38, sides.1, cls: "legend"))
        }
        for bin in bins where bin.count > 0 {
            let x1 = xScale(bin.lower), x2 = xScale(bin.upper)
            let y = min(yScale(Double(bin.count)), bottom - 1)
            let side = reference.map { bin.lower >= $0.x ? 1 : 0 } ?? 0
            canvas.mark("rect", "x=\"\(SVG.n(x1 + 0.5))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(max(x2 - x1 - 1, 1)))\" height=\"\(SVG.n(bottom - y))\" "
                        + "fill=\"\(SVG.fill(prefix: id, side))\" stroke=\"#333\" stroke-width=\"0.5\"",
                        tooltip: "\(bin.label): \(Format.int(bin.count))")
        }
        if let reference {
            canvas.add(SVG.line(xScale(reference.x), top - 4, xScale(reference.x), bottom, cls: "reference"))
            let anchor = xScale(reference.x) > (left + right) / 2 ? "end" : "start"
            canvas.add(SVG.text(xScale(reference.x) + (anchor == "end" ? -4 : 4), top + 8, reference.label, anchor: anchor, cls: "reference-label"))
        }
        return canvas.render(title: title, description: description)
    }
}
