import Testing
@testable import Report

/// The drawing code in process: escaping, number formatting, and marks counted as drawn.
@Suite("report: charts and text")
struct ChartTests {
    @Test("every string is escaped, in text and in attributes")
    func escaping() {
        #expect(HTML.escape("<script>alert('x')</script> & \"y\"") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;")
        let svg = BarChart(id: "c", title: "T <b>", description: "d", bars: [.init(label: "Filiale <Süd> & \"Nord\"", values: [3])],
                           valueTitle: "rows", format: { Format.fixed($0, 0) }).svg()
        #expect(svg.contains("Filiale &lt;Süd&gt; &amp; &quot;Nord&quot;"))
        #expect(!svg.contains("<Süd>") && !svg.contains("<b>"))
    }

    @Test("numbers are written the same on every machine", arguments: [
        (1234567.891, 2, "1,234,567.89"), (-0.04, 1, "0.0"), (-12.25, 1, "−12.3"), (0.5, 0, "1"), (999.996, 2, "1,000.00"),
    ])
    func fixed(value: Double, decimals: Int, text: String) {
        #expect(Format.fixed(value, decimals) == text)
    }

    @Test("one mark per non-zero value; stacked and side-by-side bars, lines with gaps, histogram bins")
    func marks() {
        let bars = BarChart(id: "b", title: "t", description: "d", series: ["a", "b"],
                            bars: [.init(label: "x", values: [1, 2]), .init(label: "y", values: [0, 5])],
                            valueTitle: "v", format: { "\($0)" })
        #expect(bars.svg().contains("data-marks=\"3\""))
        var grouped = bars
        grouped.isStacked = false
        #expect(grouped.svg().contains("data-marks=\"3\""))
        let line = LineChart(id: "l", title: "t", description: "d", x: [(0, "a"), (1, "b"), (2, "c")], xTitle: "x", yTitle: "y",
                             series: [.init(name: "s", values: [1, nil, 3])], format: { "\($0)" })
        #expect(line.svg().contains("data-marks=\"2\""))
        let histogram = Histogram(id: "h", title: "t", description: "d",
                                  bins: [.init(lower: 0, upper: 1, count: 4, label: "0"), .init(lower: 1, upper: 2, count: 0, label: "1")],
                                  xTitle: "x", yTitle: "y", xFormat: { "\($0)" }, reference: (1.5, "threshold"))
        #expect(histogram.svg().contains("data-marks=\"1\""))
    }

    @Test("axis ticks are round numbers covering the data", arguments: [(0.0, 93.0), (-10.9, 11.9), (3.4, 3.9), (0.0, 38061.0)])
    func ticks(lower: Double, upper: Double) {
        let (low, high, ticks) = SVG.niceDomain(lower, upper)
        #expect(low <= lower + 1e-9 && high >= upper - 1e-9, "\(low)...\(high)")
        #expect(ticks.count >= 3 && ticks.count <= 12, "\(ticks)")
        #expect(ticks.first == low && ticks.last == high, "\(ticks)")
    }
}
