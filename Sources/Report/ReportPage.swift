/// The page around the sections: one self-contained HTML file. No script, no external resource,
/// and a Content Security Policy that forbids loading anything: a report mailed around or opened
/// from a share cannot reach the network.
struct ReportPage {
    /// `script-src 'none'`: the page draws everything as inline SVG and runs no script.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; base-uri 'none'; form-action 'none'"

    var title: String
    /// Lines under the title: what the report was built from.
    var facts: [String]
    var sections: [(section: any ReportSection, body: String)]

    func html() -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="oneface report">
        <link rel="icon" href="data:,">
        <title>\(HTML.escape(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header>
        <h1>\(HTML.escape(title))</h1>

        """
        for fact in facts { out += "<p class=\"fact\">\(HTML.escape(fact))</p>\n" }
        out += "<nav aria-label=\"Sections\"><ul>"
        for (section, _) in sections { out += "<li><a href=\"#\(section.id)\">\(HTML.escape(section.title))</a></li>" }
        out += "</ul></nav>\n</header>\n<main>\n"
        for (section, body) in sections {
            out += "<section id=\"\(section.id)\" aria-labelledby=\"\(section.id)-heading\">\n"
            out += "<h2 id=\"\(section.id)-heading\">\(HTML.escape(section.title))</h2>\n"
            out += body
            out += "</section>\n"
        }
        out += "</main>\n<footer><p>Written by <code>oneface report</code> from the warehouse alone; every number is in its tables "
            + "(data dictionary: <code>oneface docs</code>). Hover a mark for its value.</p></footer>\n</body>\n</html>\n"
        return out
    }

    static let style = """

    :root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; }
    * { box-sizing: border-box; }
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0; background: #fff; }
    header, main, footer { max-width: 980px; margin: 0 auto; padding: 0 16px; }
    header { padding-top: 16px; border-bottom: 1px solid var(--rule); }
    h1 { font-size: 22px; margin: 0 0 4px; }
    h2 { font-size: 19px; margin: 28px 0 4px; border-bottom: 2px solid var(--ink); padding-bottom: 2px; }
    h3 { font-size: 16px; margin: 20px 0 6px; }
    h4 { font-size: 14px; margin: 4px 0; }
    .fact { margin: 0; color: var(--muted); }
    nav ul { list-style: none; padding: 0; margin: 8px 0 12px; display: flex; gap: 16px; flex-wrap: wrap; }
    nav a { color: #0b57a4; }
    .grid { display: flex; flex-wrap: wrap; gap: 12px 20px; }
    figure.chart { margin: 8px 0; }
    svg.chart-svg { display: block; max-width: 100%; height: auto; background: #fff; }
    svg text { font-family: inherit; fill: var(--ink); }
    .chart-title { font-size: 13px; font-weight: 600; }
    .tick, .legend, .category, .value, .series-label { font-size: 11px; }
    .axis-title { font-size: 11px; fill: var(--muted); }
    .axis { stroke: #333; stroke-width: 1; }
    .grid line, line.grid { stroke: #e4e4e4; stroke-width: 1; }
    .reference { stroke: #000; stroke-width: 1.5; stroke-dasharray: 5 3; }
    .reference-label { font-size: 11px; font-weight: 600; }
    .series-line { fill: none; stroke-width: 1.8; }
    .note { border: 1px dashed var(--rule); padding: 6px 10px; margin: 8px 0; max-width: 460px; }
    details.data { margin: 4px 0 10px; overflow-x: auto; }
    details.data summary { cursor: pointer; color: #0b57a4; }
    table { border-collapse: collapse; margin: 6px 0 12px; font-size: 12px; }
    caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
    th, td { border-bottom: 1px solid var(--rule); padding: 2px 8px; text-align: left; vertical-align: top; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    footer { color: var(--muted); border-top: 1px solid var(--rule); margin-top: 28px; padding-bottom: 24px; }

    """
}
