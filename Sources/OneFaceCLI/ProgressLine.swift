import Foundation
import Pipeline

/// A one-line progress display for long stages, only when stderr is a terminal.
final class ProgressLine: ProgressReporter, @unchecked Sendable {
    // @unchecked: used from the main thread only (the stage loop), like the terminal itself.
    static let shared = ProgressLine()

    var isEnabled = false
    private var lastDraw = Date.distantPast
    private var visible = false

    func update(stage: String, item: String, rows: Int, elapsed: Double) {
        guard isEnabled, Date().timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = Date()
        let rate = elapsed > 0 ? Int(Double(rows) / elapsed) : 0
        let text = "\r\u{1B}[K\(stage) \(item): \(rows) rows, \(rate) rows/s"
        FileHandle.standardError.write(Data(text.utf8))
        visible = true
    }

    func finish() { clear() }

    func clear() {
        guard visible else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        visible = false
    }
}
