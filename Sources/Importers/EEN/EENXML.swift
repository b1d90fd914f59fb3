import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MatchCore

/// Reads the EEN partnering-opportunity XML export:
/// `<pod><profile>` with `reference{type,internal,external}`, `datum{submit,update,deadline}`,
/// `content{title,summary,description}`, `company{country{key,label}}`,
/// `keyword{technologies/technology{key,label}, markets/market, naces/nace}`,
/// `cooperation{stagedev, ipr, partner{sought,area,task}}`, and `status` when present.
///
/// Safety: a document with a DTD (`<!DOCTYPE`) is refused before parsing, so no entity can
/// be declared — neither an external one nor an expansion bomb; external entities are not
/// resolved; declarations that reach the parser anyway stop it. Memory stays bounded by the
/// file (a SAX parser; only the current profile is held in full). The bytes must be UTF-8
/// (checked before the parser sees them: FoundationXML traps on some invalid sequences).
package enum EENXML {
    package static let formatName = "een-xml"

    /// Parses a file's bytes into profiles. Unsafe or broken XML throws.
    package static func profiles(_ bytes: [UInt8], file: String) throws(ImportFileError) -> [EENProfile] {
        try profiles(bytes, file: file, refuseDeclarations: true)
    }

    /// `refuseDeclarations: false` skips the byte scan, for testing the parser's own defences.
    static func profiles(_ bytes: [UInt8], file: String, refuseDeclarations: Bool) throws(ImportFileError) -> [EENProfile] {
        if refuseDeclarations, let line = declarationLine(bytes) {
            throw ImportFileError(file: file, line: line, message:
                "the XML has a document type declaration (<!DOCTYPE or <!ENTITY>); DTDs and entities are refused (they can read local files or expand without bound). Remove the declaration and import again")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ImportFileError(file: file, line: 1, message: "the XML is UTF-16; save it as UTF-8")
        }
        // FoundationXML traps (SIGILL) on invalid UTF-8 in a name: no parser sees such bytes.
        try InputText.requireUTF8(bytes, file: file)
        // …and dereferences a null pointer (SIGSEGV) on a processing instruction without data.
        if let line = emptyProcessingInstructionLine(bytes) {
            throw ImportFileError(file: file, line: line, message:
                "the XML has a processing instruction without data (<?name?>), which the XML reader cannot take; remove it and import again")
        }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        let reader = Reader()
        parser.delegate = reader
        let ok = parser.parse()
        if let refused = reader.refused {
            throw ImportFileError(file: file, line: refused, message:
                "the XML declares or uses an entity other than &amp; &lt; &gt; &quot; &apos;; entities are refused (they can read local files or expand without bound)")
        }
        if !ok {
            let error = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown error"
            throw ImportFileError(file: file, line: parser.lineNumber, message: "not well-formed XML: \(error)")
        }
        if reader.current != nil {
            throw ImportFileError(file: file, line: parser.lineNumber, message: "the XML ends inside a <profile> element: the file is cut short")
        }
        if !reader.sawRoot {
            throw ImportFileError(file: file, line: 1, message: "no <profile> elements: not an EEN partnering-opportunity export")
        }
        return reader.profiles
    }

    /// Reads and converts a file.
    package static func read(_ bytes: [UInt8], file: String, asOf: String) throws(ImportFileError) -> ParticipantFileContents {
        EENProfiles.participants(try profiles(bytes, file: file), file: file, format: formatName, asOf: asOf, fieldNames: fieldNames)
    }

    static let fieldNames = ["reference": "reference/external", "profileType": "reference/type", "title": "content/title",
                             "country": "company/country/key", "submitted": "datum/submit", "updated": "datum/update",
                             "expires": "datum/deadline", "published": "datum/publish"]

    /// The line of a `<!DOCTYPE` or `<!ENTITY` anywhere in the bytes (any case), if there is one.
    static func declarationLine(_ bytes: [UInt8]) -> Int? {
        let patterns: [[UInt8]] = [Array("<!DOCTYPE".utf8), Array("<!ENTITY".utf8)]
        var line = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { line += 1 }
            if b == UInt8(ascii: "<"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "!") {
                for p in patterns where i + p.count <= bytes.count {
                    if zip(bytes[i..<(i + p.count)], p).allSatisfy({ a, b in a == b || (a | 0x20) == (b | 0x20) }) { return line }
                }
            }
            i += 1
        }
        return nil
    }

    /// The line of the first processing instruction whose target is followed directly by
    /// `?>` (`<?name?>`), outside comments and CDATA sections; nil when there is none.
    static func emptyProcessingInstructionLine(_ bytes: [UInt8]) -> Int? {
        func at(_ i: Int, _ p: [UInt8]) -> Bool { i + p.count <= bytes.count && bytes[i..<(i + p.count)].elementsEqual(p) }
        let comment = Array("<!--".utf8), commentEnd = Array("-->".utf8), cdata = Array("<![CDATA[".utf8), cdataEnd = Array("]]>".utf8)
        var line = 1, i = 0
        func skip(to end: [UInt8]) {
            while i < bytes.count && !at(i, end) { if bytes[i] == 0x0A { line += 1 }; i += 1 }
            i += end.count
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { line += 1 }
            if b == UInt8(ascii: "<") {
                if at(i, comment) { i += comment.count; skip(to: commentEnd); continue }
                if at(i, cdata) { i += cdata.count; skip(to: cdataEnd); continue }
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "?") {
                    var j = i + 2
                    while j < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "?")].contains(bytes[j]) { j += 1 }
                    if at(j, [UInt8(ascii: "?"), UInt8(ascii: ">")]) { return line }
                }
            }
            i += 1
        }
        return nil
    }

    /// The SAX delegate: keeps the path of open elements and fills one profile at a time.
    private final class Reader: NSObject, XMLParserDelegate {
        var profiles: [EENProfile] = []
        var current: EENProfile?
        var path: [String] = []  // element names below <profile>
        var text = ""
        var keyword = EENProfile.Keyword()
        var refused: Int?
        var sawRoot = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            let local = name.split(separator: ":").last.map(String.init) ?? name
            if local == "profile" && current == nil {
                current = EENProfile(line: parser.lineNumber)
                path = []
                sawRoot = true
                return
            }
            guard current != nil else { return }
            path.append(local.lowercased())
            text = ""
            if ["technology", "market", "nace"].contains(path.last!) { keyword = EENProfile.Keyword() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if current != nil { text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if current != nil { text += String(decoding: block, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard current != nil else { return }
            if path.isEmpty {  // </profile>
                profiles.append(current!)
                current = nil
                return
            }
            assign(path.joined(separator: "/"))
            path.removeLast()
            text = ""
        }

        /// Stores the text of the element that just ended in the profile, in place.
        private func assign(_ joined: String) {
            let v = EENProfile.present(text)  // "N/A" and empty are absent
            withCurrent { p in self.assign(joined, v, to: &p) }
        }

        private func withCurrent(_ body: (inout EENProfile) -> Void) {
            body(&current!)
        }

        private func assign(_ joined: String, _ v: String?, to p: inout EENProfile) {
            switch joined {
            case "reference/external": p.reference = v ?? p.reference
            case "reference/internal": if p.reference == nil { p.reference = v }
            case "reference/type": p.type = v
            case "datum/submit": p.submitted = v
            case "datum/update": p.updated = v
            case "datum/deadline": p.expires = v
            case "datum/publish", "datum/published": p.published = v
            case "content/title": p.title = v
            case "content/summary": p.summary = v
            case "content/description": p.description = v
            case "content/advantages", "content/innovation": p.advantages = v
            case "company/country/key": p.country = v
            case "company/country": if p.country == nil { p.country = v }
            case "company/type", "company/kind": p.organisationType = v
            case "cooperation/stagedev", "cooperation/stagedev/label": p.stageOfDevelopment = v ?? p.stageOfDevelopment
            case "cooperation/ipr", "cooperation/ipr/label": p.ipr = v ?? p.ipr
            case "cooperation/partner/sought": p.expertiseSought = v
            case "cooperation/partner/area": p.partnerArea = v
            case "cooperation/partner/task": p.partnerRole = v
            case "status", "profilestatus": p.status = v
            default:
                if path.count >= 2 && path[path.count - 2] == "keyword" || path.count >= 3 {
                    let last = path.last!
                    if last == "key" || last == "code" { keyword.code = v }
                    else if last == "label" { keyword.label = v }
                    else if ["technology", "market", "nace"].contains(last), path.contains("keyword") {
                        if keyword.code == nil && keyword.label == nil, let v { keyword.label = v }  // <technology>label</technology>
                        switch last {
                        case "technology": p.technologies.append(keyword)
                        case "market": p.markets.append(keyword)
                        default: p.naces.append(keyword)
                        }
                        keyword = EENProfile.Keyword()
                    }
                }
            }
        }

        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) { refuse(parser) }
        func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) { refuse(parser) }
        func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) { refuse(parser) }
        func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? { refuse(parser); return nil }

        func refuse(_ parser: XMLParser) {
            if refused == nil { refused = parser.lineNumber }
            parser.abortParsing()
        }
    }
}
