/// What every chart shares: an SVG canvas with a title and description, the marks it drew
/// (counted into `data-marks`, which the browser test compares with what rendered), scales,
/// axis ticks, fill patterns and marker shapes.
///
/// Charts never rely on colour alone: series differ by pattern (bars) or marker shape and dash
/// (lines), carry direct labels, and every mark has a `<title>` tooltip with its value. Each chart
/// sits next to a data table with the same numbers.
struct SVGCanvas {
    /// Unique in the page; also prefixes the ids of the chart's patterns.
    let id: String
    let width: Double
    let height: Double
    private(set) var elements: [String] = []
    private(set) var marks = 0

    init(id: String, width: Double, height: Double) {
        self.id = id
        self.width = width
        self.height = height
    }

    /// Decoration: axes, grid, labels.
    mutating func add(_ element: String) { elements.append(element) }

    /// One data mark (a bar, a point), with its tooltip. The element is written as
    /// `<tag class="mark" … ><title>tooltip</title></tag>`.
    mutating func mark(_ tag: String, _ attributes: String, tooltip: String) {
        marks += 1
        elements.append("<\(tag) class=\"mark\" \(attributes)><title>\(HTML.escape(tooltip))</title></\(tag)>")
    }

    /// The finished chart: a `<figure>` holding the SVG (`role="img"`, titled and described).
    func render(title: String, description: String) -> String {
        let titleID = "\(id)-title", descID = "\(id)-desc"
        var out = "<figure class=\"chart\">\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"chart-svg\" data-marks=\"\(marks)\" role=\"img\" "
            + "aria-labelledby=\"\(titleID) \(descID)\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" "
            + "width=\"\(SVG.n(width))\" height=\"\(SVG.n(height))\">\n"
        out += "<title id=\"\(titleID)\">\(HTML.escape(title))</title>\n<desc id=\"\(descID)\">\(HTML.escape(description))</desc>\n"
        out += SVG.patterns(prefix: id) + "\n"
        out += "<text class=\"chart-title\" x=\"8\" y=\"18\">\(HTML.escape(title))</text>\n"
        out += elements.joined(separator: "\n")
        out += "\n</svg>\n</figure>\n"
        return out
    }
}

/// A linear map from data values to pixels.
struct LinearScale {
    var domain: (lower: Double, upper: Double)
    var range: (from: Double, to: Double)

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.upper - domain.lower
        guard span != 0 else { return (range.from + range.to) / 2 }
        return range.from + (value - domain.lower) / span * (range.to - range.from)
    }
}

enum SVG {
    /// A coordinate with one decimal: short, and the same bytes for the same input.
    static func n(_ value: Double) -> String { Format.fixed(value, 1).replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "−", with: "-") }

    /// A round step (1, 2 or 5 times a power of ten) giving about `count` intervals over lower...upper.
    static func step(_ lower: Double, _ upper: Double, count: Int) -> Double {
        let raw = (upper - lower) / Double(max(count, 1))
        guard raw > 0, raw.isFinite else { return 1 }
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * power
    }

    /// About `count` round tick values inside lower...upper: multiples of one step (not a running
    /// sum, so the same numbers come out on every machine).
    static func ticks(_ lower: Double, _ upper: Double, count: Int = 5) -> [Double] {
        guard upper > lower else { return [lower] }
        let step = step(lower, upper, count: count)
        let first = Int((lower / step - 1e-9).rounded(.up)), last = Int((upper / step + 1e-9).rounded(.down))
        guard first <= last else { return [lower] }
        return (first...last).map { Double($0) * step }
    }

    /// The domain widened to whole steps, and its ticks: (lower, upper, ticks), the ends being ticks.
    static func niceDomain(_ lower: Double, _ upper: Double, count: Int = 5) -> (Double, Double, [Double]) {
        var lower = lower, upper = upper
        if lower == upper { lower -= 1; upper += 1 }
        let step = step(lower, upper, count: count)
        let first = Int((lower / step + 1e-9).rounded(.down)), last = Int((upper / step - 1e-9).rounded(.up))
        let ticks = (first...max(first + 1, last)).map { Double($0) * step }
        return (ticks.first!, ticks.last!, ticks)
    }

    /// Okabe-Ito colours (distinguishable with the common colour-vision deficiencies); never the only cue.
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999999"]

    static let patternCount = 6

    /// Fill of series `index`: a solid colour, then hatches, dots and crosses over colours.
    static func fill(prefix: String, _ index: Int) -> String { "url(#\(prefix)-p\(index % patternCount))" }

    static func colour(_ index: Int) -> String { colours[index % colours.count] }

    /// The fill patterns of one chart (ids `<prefix>-p0` …).
    static func patterns(prefix: String) -> String {
        let shapes = [
            "",
            "<path d=\"M0,8 L8,0\" stroke=\"#fff\" stroke-width=\"2\"/>",
            "<circle cx=\"4\" cy=\"4\" r=\"1.6\" fill=\"#fff\"/>",
            "<path d=\"M0,0 L8,8 M8,0 L0,8\" stroke=\"#fff\" stroke-width=\"1.5\"/>",
            "<path d=\"M0,4 L8,4\" stroke=\"#fff\" stroke-width=\"2\"/>",
            "<path d=\"M4,0 L4,8\" stroke=\"#fff\" stroke-width=\"2\"/>",
        ]
        var out = "<defs>"
        for (index, shape) in shapes.enumerated() {
            out += "<pattern id=\"\(prefix)-p\(index)\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
                + "<rect width=\"8\" height=\"8\" fill=\"\(colour(index))\"/>\(shape)</pattern>"
        }
        return out + "</defs>"
    }

    /// Marker shape `index` (circle, square, triangle, diamond, cross, plus) centred on x, y, as a path.
    static func marker(_ index: Int, x: Double, y: Double, size: Double = 4) -> String {
        let s = size
        switch index % 6 {
        case 0: return "M\(n(x - s)),\(n(y)) a\(n(s)),\(n(s)) 0 1,0 \(n(2 * s)),0 a\(n(s)),\(n(s)) 0 1,0 \(n(-2 * s)),0 Z"
        case 1: return "M\(n(x - s)),\(n(y - s)) h\(n(2 * s)) v\(n(2 * s)) h\(n(-2 * s)) Z"
        case 2: return "M\(n(x)),\(n(y - s * 1.2)) L\(n(x + s * 1.2)),\(n(y + s)) L\(n(x - s * 1.2)),\(n(y + s)) Z"
        case 3: return "M\(n(x)),\(n(y - s * 1.3)) L\(n(x + s * 1.3)),\(n(y)) L\(n(x)),\(n(y + s * 1.3)) L\(n(x - s * 1.3)),\(n(y)) Z"
        case 4: return "M\(n(x - s)),\(n(y - s)) L\(n(x + s)),\(n(y + s)) M\(n(x + s)),\(n(y - s)) L\(n(x - s)),\(n(y + s))"
        default: return "M\(n(x - s)),\(n(y)) h\(n(2 * s)) M\(n(x)),\(n(y - s)) v\(n(2 * s))"
        }
    }

    /// Dash pattern of line series `index`.
    static func dash(_ index: Int) -> String {
        ["", "6 3", "2 3", "8 3 2 3", "12 4", "1 4"][index % 6]
    }

    static func text(_ x: Double, _ y: Double, _ text: String, anchor: String = "start", cls: String = "label") -> String {
        "<text class=\"\(cls)\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\">\(HTML.escape(text))</text>"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String) -> String {
        "<line class=\"\(cls)\" x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"/>"
    }

    /// Pushes label positions apart to at least `gap` pixels, keeping their order.
    static func spread(_ positions: [Double], gap: Double, lower: Double, upper: Double) -> [Double] {
        let order = positions.indices.sorted { positions[$0] < positions[$1] }
        var placed = positions
        var previous = -Double.infinity
        for index in order {
            placed[index] = max(placed[index], previous + gap, lower)
            previous = placed[index]
        }
        // Anything pushed past the bottom is pulled back up, in reverse.
        var next = Double.infinity
        for index in order.reversed() {
            placed[index] = min(placed[index], next - gap, upper)
            next = placed[index]
        }
        return placed
    }
}
