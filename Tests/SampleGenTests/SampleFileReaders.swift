import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Independent readers for the generated files, written for the tests only (no code shared with
/// the generator), so that a bug in the generator's escaping cannot hide itself.
enum SampleFileReaders {
    struct MalformedCSV: Error, CustomStringConvertible {
        let offset: Int
        var description: String { "malformed CSV at byte \(offset)" }
    }

    /// Strict RFC 4180 records: a field is either unquoted (no quote, CR or LF inside) or wholly
    /// quoted with doubled quotes; anything else throws.
    static func csvRecords(_ bytes: [UInt8], delimiter: UInt8) throws -> [[[UInt8]]] {
        var records: [[[UInt8]]] = []
        var record: [[UInt8]] = []
        var field: [UInt8] = []
        var index = 0
        var state = 0 // 0 field start, 1 unquoted, 2 quoted, 3 after closing quote
        func endField() {
            record.append(field)
            field = []
            state = 0
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case 2:
                if byte == 0x22 {
                    if index + 1 < bytes.count && bytes[index + 1] == 0x22 {
                        field.append(0x22)
                        index += 1
                    } else {
                        state = 3
                    }
                } else {
                    field.append(byte)
                }
            default:
                if byte == delimiter {
                    endField()
                } else if byte == 0x0A || (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                    if byte == 0x0D { index += 1 }
                    endField()
                    records.append(record)
                    record = []
                } else if byte == 0x22 && state == 0 {
                    state = 2
                } else if byte == 0x22 || byte == 0x0D || state == 3 {
                    throw MalformedCSV(offset: index)
                } else {
                    field.append(byte)
                    state = 1
                }
            }
            index += 1
        }
        if state == 2 { throw MalformedCSV(offset: index) }
        if state != 0 || !record.isEmpty {
            endField()
            records.append(record)
        }
        return records
    }

    /// Decodes Windows-1252 bytes to a String (Latin-1 plus the 0x80...0x9F extras).
    static func windows1252(_ bytes: [UInt8]) -> String? {
        let extras: [UInt8: Unicode.Scalar] = [
            0x80: "€", 0x82: "‚", 0x84: "„", 0x85: "…", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”",
            0x96: "–", 0x97: "—",
        ]
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte >= 0x80 && byte < 0xA0 {
                guard let scalar = extras[byte] else { return nil }
                scalars.append(scalar)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    static func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A German amount (`1.234,56`) in cents.
    static func cents(_ text: String) -> Int? {
        let parts = text.replacingOccurrences(of: ".", with: "").split(separator: ",")
        guard parts.count == 2, parts[1].count == 2, let euros = Int(parts[0]), let cents = Int(parts[1]) else { return nil }
        return euros * 100 + cents
    }

    /// What the POS export holds, read with Foundation's XMLParser.
    final class POSReader: NSObject, XMLParserDelegate {
        struct Transaction {
            var id = ""
            var timestamp = ""
            var card: String?
            var name = ""
            var city = ""
            var street = ""
            var postcode = ""
            var country: String?
            var phone: String?
            var email: String?
            var itemCents = 0
            var totalCents: Int?
            var itemCount = 0
        }

        var branches: [String] = []
        var transactions: [Transaction] = []
        var namespaceOK = false
        private var current: Transaction?
        private var text = ""
        private(set) var failure: String?

        func elementStart(_ name: String, _ attributes: [String: String]) {
            text = ""
            switch name {
            case "pos:export": namespaceOK = attributes["xmlns:pos"] == "urn:oneface:pos:1"
            case "pos:branch": branches.append(attributes["id"] ?? "")
            case "pos:transaction":
                current = Transaction(id: attributes["id"] ?? "", timestamp: attributes["timestamp"] ?? "")
            case "pos:customer": current?.card = attributes["card"]
            case "pos:item":
                guard let quantity = Int(attributes["qty"] ?? ""), let price = cents(attributes["price"] ?? "") else {
                    failure = "bad item in \(current?.id ?? "?")"
                    return
                }
                current?.itemCents += quantity * price
                current?.itemCount += 1
            default: break
            }
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            elementStart(elementName, attributeDict)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            switch elementName {
            case "pos:name" where current != nil: current?.name = text
            case "pos:city" where current != nil: current?.city = text
            case "pos:street" where current != nil: current?.street = text
            case "pos:postcode" where current != nil: current?.postcode = text
            case "pos:country" where current != nil: current?.country = text
            case "pos:phone" where current != nil: current?.phone = text
            case "pos:email" where current != nil: current?.email = text
            case "pos:total": current?.totalCents = cents(text)
            case "pos:transaction":
                if let current { transactions.append(current) }
                current = nil
            default: break
            }
        }

        static func read(_ url: URL) -> POSReader? {
            guard let parser = XMLParser(contentsOf: url) else { return nil }
            let reader = POSReader()
            parser.delegate = reader
            parser.shouldProcessNamespaces = false
            return parser.parse() ? reader : nil
        }
    }
}
