/// Lines over an x axis (months by position, or a numeric axis such as a threshold in bits),
/// one per series, each with its own marker shape and dash and a direct label at its last point.
/// A nil value is a gap (a month without answers).
struct LineChart {
    struct Series {
        var name: String
        /// One value per x position of the chart (nil: no value there).
        var values: [Double?]
    }

    var id: String
    var title: String
    var description: String
    /// The x positions and how each is written; labels are thinned to fit.
    var x: [(value: Double, label: String)]
    var xTitle: String
    var yTitle: String
    var series: [Series]
    /// Writes a y value for tooltips and ticks (with its unit).
    var format: (Double) -> String
    /// Vertical reference lines (e.g. the match threshold), with their labels.
    var markers: [(x: Double, label: String)] = []
    var includeZero = true
    /// The top of the y axis at least this (small multiples share one scale).
    var yMaximum: Double? = nil
    var width: Double = 640
    var height: Double = 300

    func svg() -> String {
        var canvas = SVGCanvas(id: id, width: width, height: height)
        let labelled = series.count > 1 || series.first.map { !$0.name.isEmpty } ?? false
        let left = 64.0, right = width - (labelled ? 110 : 16), top = 34.0, bottom = height - 46
        let all = series.flatMap { $0.values.compactMap { $0 } }
        guard !all.isEmpty, !x.isEmpty else {
            canvas.add(SVG.text(left, (top + bottom) / 2, "no data yet"))
            return canvas.render(title: title, description: description + " No data yet.")
        }
        var low = all.min()!, high = all.max()!
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if let yMaximum { high = max(high, yMaximum) }
        let (yLow, yHigh, yTicks) = SVG.niceDomain(low, high)
        let xLow = min(x.first!.value, markers.map(\.x).min() ?? .infinity)
        let xHigh = max(x.last!.value, markers.map(\.x).max() ?? -.infinity)
        let xScale = LinearScale(domain: (xLow, xHigh == xLow ? xLow + 1 : xHigh), range: (left + 8, right - 8))
        let yScale = LinearScale(domain: (yLow, yHigh), range: (bottom, top))

        for tick in yTicks {
            canvas.add(SVG.line(left, yScale(tick), right, yScale(tick), cls: "grid"))
            canvas.add(SVG.text(left - 6, yScale(tick) + 4, format(tick), anchor: "end", cls: "tick"))
        }
        canvas.add(SVG.line(left, bottom, right, bottom, cls: "axis"))
        canvas.add(SVG.line(left, top, left, bottom, cls: "axis"))
        let every = max(1, Int((Double(x.count) * 62 / (right - left)).rounded(.up)))
        for (index, point) in x.enumerated() where index % every == 0 || index == x.count - 1 && x.count <= 3 {
            canvas.add(SVG.line(xScale(point.value), bottom, xScale(point.value), bottom + 4, cls: "axis"))
            canvas.add(SVG.text(xScale(point.value), bottom + 16, point.label, anchor: "middle", cls: "tick"))
        }
        canvas.add(SVG.text((left + right) / 2, height - 8, xTitle, anchor: "middle", cls: "axis-title"))
        canvas.add("<text class=\"axis-title\" transform=\"translate(14,\(SVG.n((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yTitle))</text>")
        for marker in markers {
            canvas.add(SVG.line(xScale(marker.x), top, xScale(marker.x), bottom, cls: "reference"))
            canvas.add(SVG.text(xScale(marker.x) + 4, top + 10, marker.label, cls: "reference-label"))
        }

        var ends: [(series: Int, y: Double)] = []
        for (index, line) in series.enumerated() {
            let colour = SVG.colour(index)
            var path = "", pen = false
            for (position, value) in line.values.enumerated() where position < x.count {
                guard let value else { pen = false; continue }
                path += (pen ? " L" : "M") + "\(SVG.n(xScale(x[position].value))),\(SVG.n(yScale(value)))"
                pen = true
            }
            let dash = SVG.dash(index)
            canvas.add("<path class=\"series-line\" d=\"\(path)\" stroke=\"\(colour)\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>")
            for (position, value) in line.values.enumerated() where position < x.count {
                guard let value else { continue }
                canvas.mark("path", "d=\"\(SVG.marker(index, x: xScale(x[position].value), y: yScale(value)))\" fill=\"\(colour)\" stroke=\"\(colour)\"",
                            tooltip: "\(line.name) · \(x[position].label): \(format(value))")
            }
            if let last = line.values.prefix(x.count).lastIndex(where: { $0 != nil }), let value = line.values[last] {
                ends.append((index, yScale(value)))
            }
        }
        if labelled {
            let placed = SVG.spread(ends.map(\.y), gap: 13, lower: top, upper: bottom)
            for (end, y) in zip(ends, placed) {
                let colour = SVG.colour(end.series)
                canvas.add("<path d=\"\(SVG.marker(end.series, x: right + 8, y: y - 4, size: 3.5))\" fill=\"\(colour)\" stroke=\"\(colour)\"/>")
                canvas.add(SVG.text(right + 15, y, series[end.series].name, cls: "series-label"))
            }
        }
        return canvas.render(title: title, description: description)
    }
}
