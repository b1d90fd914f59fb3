import Foundation
import JSONSupport
import MatchCore

/// The event planner's personal-data policy, in one place (with `Event.removing(_:)` and
/// `Schedule.erasing(participant:)`, the typed erasures): where events and schedules name a
/// participant, what erasing one leaves behind, and what a data subject's access request
/// lists. The store and the use cases call this; they do not edit documents themselves.
///
/// Erasing a participant drops every record that names them (registrations, requests,
/// locked meetings, candidates; meetings, unplaced requests, cancellations, changes and the
/// participant list of a schedule), and text that mentions their id (a reason such as
/// "x is no longer registered") or their name ("you both worked with Acme (2021)") says "an
/// erased participant" instead (`Redaction`). What is kept of an erased id is `digest(_:)`,
/// enough to recognise it in an old file, not to spell it out.
package enum Erasure {
    /// What stands where an erased participant's id stood (a meeting side in a re-plan's
    /// previous schedule).
    package static let placeholder = "(erased participant)"

    /// What is kept of an erased id.
    package static func digest(_ id: String) -> String { StableHash.hex128("erased\u{0}\(id)") }

    /// Fields whose values are another person's (an e-mail address, an employer): never
    /// rewritten as text.
    static let valueFields: Set<String> = ["email", "organisation"]

    /// The record lists of an event file that can name a participant.
    package static let eventRecordFields = ["participants", "requests", "locked", "candidates"]
    /// The record lists of a schedule that can name a participant.
    package static let scheduleRecordFields = ["meetings", "unplaced", "cancelled", "changes"]

    /// What stands in text where an erased participant was mentioned.
    package static let mention = "an erased participant"

    /// What erasing one participant takes out of text: whole-word mentions of their id, and
    /// of the words that spell them out (their name, their contact person, e-mail and phone),
    /// in any case: the reasons of other pairs' meetings name common partners, and comments
    /// name people. A mention is not replaced where it is part of a longer name that stays
    /// (`keep`: erasing "Acme" leaves "Acme Labs"). Names shorter than three characters,
    /// without a letter (a phone needs six digits), or placeholders ("N/A", "unknown") are
    /// not searched for.
    package struct Redaction: Sendable, Hashable {
        package var id: String
        /// Longest first, so that "Acme Labs ApS" goes whole before "Acme Labs".
        package private(set) var names: [String]
        /// The names given to keep whole; `keep` is those that contain a name or the id.
        private var given: [String]
        package var keep: [String] {
            let spelled = names + [id]
            return Set(given).subtracting(spelled).filter { k in spelled.contains { k.range(of: $0, options: .caseInsensitive) != nil } }.sorted()
        }

        /// Values that stand for "no contact" rather than naming anyone.
        static let placeholders: Set<String> = ["n/a", "na", "tbd", "tba", "unknown", "none", "null", "nil", "info", "contact", "kontakt", "---", "–"]

        package init(id: String, names: [String] = [], keep: [String] = []) {
            self.id = id
            let spelled = Set(names.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { name in
                name.count >= 3 && name != id && !Self.placeholders.contains(name.lowercased())
                    && (name.contains(where: \.isLetter) || name.filter(\.isNumber).count >= 6)
            })
            self.names = spelled.sorted { ($0.count, $0) > ($1.count, $1) }
            self.given = keep
        }

        /// The same redaction, also taking out `more` names (another record's spelling of them).
        package func adding(names more: [String], keep moreKeep: [String] = []) -> Redaction {
            Redaction(id: id, names: names + more, keep: given + moreKeep)
        }

        /// `text` with every mention replaced by `Erasure.mention`.
        package func apply(_ text: String) -> String {
            let keep = self.keep
            // Names first: an id may be part of one (an e-mail address at acme.dk).
            var out = text
            for name in names where out.range(of: name, options: .caseInsensitive) != nil {
                // A hyphen joins words: "Mette Lydbro" is not in "Mette Lydbro-Nielsen".
                out = Erasure.replacing(name, in: out, boundary: { $0.isLetter || $0.isNumber || $0 == "-" }, except: keep, caseInsensitive: true)
            }
            return Erasure.replacing(id, in: out, boundary: idContinues, except: keep)
        }
    }

    /// What is kept of an erased participant's name (its words in lower case, single-spaced):
    /// enough to recognise it in text an old file brings back, not to spell it out.
    package static func nameDigest(_ name: String) -> String {
        StableHash.hex128("name\u{0}" + name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    /// `text` with each run of whole words (split at white space, up to eight, without
    /// the brackets, quotes and punctuation around them) whose `nameDigest` is in `digests`
    /// replaced by `mention`: the names of participants erased before this text was read.
    ///
    /// A run that is the start of a longer name in `keep` (lower case, single-spaced: the
    /// names of participants registered now) stays whole: "Acme Research Labs" when the
    /// erased one was "Acme Research".
    package static func redactingNames(in text: String, digests: Set<String>, keep: Set<String> = []) -> String {
        guard !digests.isEmpty, !text.isEmpty else { return text }
        var words: [Range<String.Index>] = []
        var i = text.startIndex
        while i < text.endIndex {
            while i < text.endIndex, text[i].isWhitespace { i = text.index(after: i) }
            let start = i
            while i < text.endIndex, !text[i].isWhitespace { i = text.index(after: i) }
            if start < i { words.append(start..<i) }
        }
        let opening: Set<Character> = ["(", "[", "{", "\"", "'", "«", "“", "‘"]
        let closing: Set<Character> = [")", "]", "}", "\"", "'", "»", "”", "’", ",", ".", ";", ":", "!", "?"]
        var out = ""
        var copied = text.startIndex
        var w = 0
        while w < words.count {
            var matched: (Range<String.Index>, Int)? = nil
            for n in stride(from: min(8, words.count - w), through: 1, by: -1) {
                var lower = words[w].lowerBound, upper = words[w + n - 1].upperBound
                while lower < upper, opening.contains(text[lower]) { lower = text.index(after: lower) }
                while lower < upper, closing.contains(text[text.index(before: upper)]) { upper = text.index(before: upper) }
                guard lower < upper, digests.contains(nameDigest(String(text[lower..<upper]))) else { continue }
                matched = (lower..<upper, n)
                break
            }
            if let (range, n) = matched {
                // Part of a longer name that stays? Then the whole of it is kept.
                var longer = 0
                for m in stride(from: min(4, words.count - w - n), through: 1, by: -1) {
                    var upper = words[w + n + m - 1].upperBound
                    while range.lowerBound < upper, closing.contains(text[text.index(before: upper)]) { upper = text.index(before: upper) }
                    let run = text[range.lowerBound..<upper].lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    if keep.contains(run) { longer = m; break }
                }
                if longer > 0 {
                    w += n + longer
                    continue
                }
                out += text[copied..<range.lowerBound] + mention
                copied = range.upperBound
                w += n
            } else {
                w += 1
            }
        }
        return out + text[copied...]
    }

    /// Characters that continue an id (a mention of `acme` is not one of `acme-2`).
    static func idContinues(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" }

    /// `text` with each whole-word mention of `id` (not part of a longer id) replaced.
    package static func replacingMentions(of id: String, in text: String) -> String {
        replacing(id, in: text, boundary: idContinues, except: [])
    }

    /// `text` with each occurrence of `word` that no `continues` character extends on either
    /// side, and that lies in no occurrence of an `except` text, replaced by `mention`.
    static func replacing(_ word: String, in text: String, boundary continues: (Character) -> Bool, except: [String],
                          caseInsensitive: Bool = false) -> String {
        let options: String.CompareOptions = caseInsensitive ? [.caseInsensitive] : []
        guard !word.isEmpty, text.range(of: word, options: options) != nil else { return text }
        var kept: [Range<String.Index>] = []
        for k in except {
            var from = text.startIndex
            while from < text.endIndex, let r = text.range(of: k, options: .caseInsensitive, range: from..<text.endIndex) {
                kept.append(r)
                from = text.index(after: r.lowerBound)
            }
        }
        var out = ""
        var from = text.startIndex
        var search = text.startIndex
        while search < text.endIndex, let r = text.range(of: word, options: options, range: search..<text.endIndex) {
            let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : nil
            let after = r.upperBound < text.endIndex ? text[r.upperBound] : nil
            if !(before.map(continues) ?? false) && !(after.map(continues) ?? false)
                && !kept.contains(where: { $0.lowerBound <= r.lowerBound && r.upperBound <= $0.upperBound }) {
                out += text[from..<r.lowerBound]
                out += mention
                from = r.upperBound
            }
            search = r.upperBound
        }
        return out + text[from...]
    }

    // MARK: The event file as the organiser wrote it

    /// An event document (the event file as written, kept for re-plans) without the
    /// participant. The file may hold fields this version does not read, so the erasure
    /// does not depend on its shape: array elements that hold the id as a value (at any
    /// depth) are dropped, object members named by it are dropped, and text that mentions
    /// it says "an erased participant" instead.
    ///
    /// Text also loses the participant's names: those `redaction` gives (from the database)
    /// and those of the document's own `participants` entry for them (`name`, `email`).
    package static func erasing(eventDocument value: JSONValue, participant id: String, redaction: Redaction? = nil) -> JSONValue {
        let entries = value["participants"]?.arrayValue ?? []
        let own = entries.filter { $0["id"]?.stringValue == id }.flatMap { [$0["name"]?.stringValue, $0["email"]?.stringValue].compactMap { $0 } }
        let others = entries.filter { $0["id"]?.stringValue != id }.compactMap { $0["name"]?.stringValue }
        let r = (redaction ?? Redaction(id: id)).adding(names: own, keep: others)
        return erasing(value, id: id, redaction: r)
    }

    private static func erasing(_ value: JSONValue, id: String, redaction: Redaction) -> JSONValue {
        func names(_ v: JSONValue) -> Bool {
            switch v {
            case .string(let s): return s == id
            case .array(let a): return a.contains(where: names)
            case .object(let o): return o.values.contains(where: names)
            default: return false
            }
        }
        switch value {
        case .string(let s):
            if s == id { return .string(placeholder) }
            return .string(redaction.apply(s))
        case .array(let a):
            return .array(a.filter { !names($0) }.map { erasing($0, id: id, redaction: redaction) })
        case .object(let o):
            return .object(JSONObject(o.filter { $0.key != id }.compactMap { member -> (String, JSONValue)? in
                // Another person's address or employer is a value, not text: replaced (an
                // address dropped) only where it is the erased participant's own.
                if let value = member.value.stringValue, Self.valueFields.contains(member.key), value != id {
                    guard redaction.names.contains(value) else { return member }
                    return member.key == "email" ? nil : (member.key, .string(mention))
                }
                return (member.key, erasing(member.value, id: id, redaction: redaction))
            }))
        default:
            return value
        }
    }

    /// A locked meeting of an event document that names the participant: it was published
    /// before any plan was stored, so the partner must be told it is cancelled.
    package struct LockedMeeting: Sendable, Hashable {
        package var a: String
        package var b: String
        package var slot: String
        package var table: Int
    }

    /// The locked meetings of an event document that name the participant.
    package static func lockedMeetings(inEventDocument value: JSONValue, naming id: String) -> [LockedMeeting] {
        (value["locked"]?.arrayValue ?? []).compactMap { l in
            guard let a = l["a"]?.stringValue, let b = l["b"]?.stringValue, a == id || b == id,
                  let slot = l["slot"]?.stringValue, let table = l["table"]?.intValue else { return nil }
            return LockedMeeting(a: a, b: b, slot: slot, table: Int(table))
        }
    }

    /// An event (as parsed, and as written) with the names of participants erased before it
    /// was read taken out of its text: its name, participants' names, explicit candidates'
    /// reasons, and every text of the document but ids.
    package static func redactingNames(_ loaded: (event: Event, document: JSONValue), digests: Set<String>, keep: Set<String> = []) -> (event: Event, document: JSONValue) {
        guard !digests.isEmpty else { return loaded }
        func text(_ t: String) -> String { redactingNames(in: t, digests: digests, keep: keep) }
        var event = loaded.event
        event.name = text(event.name)
        for i in event.participants.indices { event.participants[i].name = event.participants[i].name.map(text) }
        if case .explicit(var list) = event.candidates {
            for i in list.indices { list[i].reasons = list[i].reasons.map(text) }
            event.candidates = .explicit(list)
        }
        let ids: Set<String> = ["id", "a", "b", "from", "to", "slot", "participant", "uid", "email", "timezone", "start", "end", "date", "status", "profile"]
        func walk(_ v: JSONValue, key: String?) -> JSONValue {
            switch v {
            case .string(let s): return key.map(ids.contains) == true ? v : .string(text(s))
            case .array(let a): return .array(a.map { walk($0, key: key) })
            case .object(let o): return .object(JSONObject(o.map { ($0.key, walk($0.value, key: $0.key)) }))
            default: return v
            }
        }
        return (event, walk(loaded.document, key: nil))
    }

    // MARK: Access requests

    /// The records of a document's lists (`eventRecordFields` or `scheduleRecordFields`) that
    /// name the participant, each flattened to text fields, for a data subject's access
    /// request. `field` is the list the record came from.
    package static func records(in document: JSONValue, fields: [String], naming id: String) -> [(field: String, record: [String: String])] {
        func flat(_ v: JSONValue) -> String {
            switch v {
            case .string(let s): return s
            case .array(let a): return a.map(flat).joined(separator: ";")
            default: return v.serialized()
            }
        }
        func mentions(_ v: JSONValue) -> Bool {
            guard let o = v.objectValue else { return false }
            return o.values.contains { $0.stringValue == id || ($0.objectValue != nil && mentions($0)) }
        }
        var out: [(field: String, record: [String: String])] = []
        for field in fields {
            for element in document[field]?.arrayValue ?? [] where mentions(element) {
                var record: [String: String] = [:]
                for (k, v) in element.objectValue! { record[k] = flat(v) }
                out.append((field, record))
            }
        }
        return out
    }
}

extension ScheduleStats {
    /// The figures that count meetings, counted again from `meetings` (after an erasure
    /// took some out): meetings, origins, total score, meetings per participant and their
    /// Gini, tables used. The planner's objective, bound and request counts stay as planned.
    func recounted(_ meetings: [Meeting], participants: [String]) -> ScheduleStats {
        var s = self
        s.meetings = meetings.count
        s.byOrigin = [:]
        for m in meetings { s.byOrigin[m.origin, default: 0] += 1 }
        s.totalScore = meetings.reduce(0) { $0 + $1.score }
        var degree = Dictionary(uniqueKeysWithValues: participants.map { ($0, 0) })
        for m in meetings {
            if degree[m.a] != nil { degree[m.a]! += 1 }
            if degree[m.b] != nil { degree[m.b]! += 1 }
        }
        let counts = degree.values.sorted(), n = counts.count, total = counts.reduce(0, +)
        s.perParticipantMin = counts.first ?? 0
        s.perParticipantMax = counts.last ?? 0
        s.perParticipantMedian = n == 0 ? 0 : (n % 2 == 1 ? Double(counts[n / 2]) : Double(counts[n / 2 - 1] + counts[n / 2]) / 2)
        s.withoutMeetings = counts.filter { $0 == 0 }.count
        var gini = 0.0
        if n > 0 && total > 0 {
            var weighted = 0.0
            for (i, c) in counts.enumerated() { weighted += Double(i + 1) * Double(c) }
            gini = 2 * weighted / (Double(n) * Double(total)) - Double(n + 1) / Double(n)
        }
        s.gini = gini
        var used: [String: Int] = [:]
        for m in meetings { used[m.slot, default: 0] += 1 }
        s.tableUse = tableUse.map { ($0.slot, used[$0.slot] ?? 0, $0.tables) }
        return s
    }
}

extension Schedule {
    /// The schedule with the names of participants erased before it was read taken out of
    /// its text (its name, reasons, participants' names): `Erasure.redactingNames`.
    package func redactingNames(_ digests: Set<String>, keep: Set<String> = []) -> Schedule {
        guard !digests.isEmpty else { return self }
        func text(_ t: String) -> String { Erasure.redactingNames(in: t, digests: digests, keep: keep) }
        var s = self
        s.name = text(name)
        for i in s.meetings.indices { s.meetings[i].reasons = s.meetings[i].reasons.map(text) }
        for i in s.unplaced.indices { s.unplaced[i].reason = text(s.unplaced[i].reason) }
        for i in s.cancelled.indices { s.cancelled[i].reason = text(s.cancelled[i].reason) }
        for i in s.participants.indices { s.participants[i].name = text(s.participants[i].name) }
        return s
    }

    /// True when a record of the schedule names the participant.
    package func names(_ id: String) -> Bool {
        meetings.contains { $0.a == id || $0.b == id } || unplaced.contains { $0.a == id || $0.b == id }
            || cancelled.contains { $0.meeting.a == id || $0.meeting.b == id }
            || changes.contains { $0.participant == id || $0.partner == id } || participants.contains { $0.id == id }
    }

    /// The schedule without the participant: their meetings, unplaced requests,
    /// cancellations, changes and entry are dropped, and text that mentions their id or
    /// their names (the name, reasons, the other participants' details) says "an erased
    /// participant" instead. Names are those `redaction` gives (from the database) and those
    /// of the schedule's own entry for them. The statistics that count meetings are counted
    /// again (`ScheduleStats.recounted`); everything else stays as planned.
    package func erasing(participant id: String, redaction: Erasure.Redaction? = nil) -> Schedule {
        let own = participants.filter { $0.id == id }.flatMap { [$0.name, $0.email].compactMap { $0 } }
        let others = participants.filter { $0.id != id }.map(\.name)
        let redaction = (redaction ?? Erasure.Redaction(id: id)).adding(names: own, keep: others)
        func text(_ s: String) -> String { redaction.apply(s) }
        var s = self
        s.name = text(name)
        s.meetings = meetings.filter { $0.a != id && $0.b != id }.map { m in
            var m = m
            m.reasons = m.reasons.map(text)
            return m
        }
        s.unplaced = unplaced.filter { $0.a != id && $0.b != id }.map { u in
            var u = u
            u.reason = text(u.reason)
            return u
        }
        s.cancelled = cancelled.filter { $0.meeting.a != id && $0.meeting.b != id }.map { c in
            var c = c
            c.reason = text(c.reason)
            return c
        }
        s.changes = changes.filter { $0.participant != id && $0.partner != id }
        if s.meetings.count != meetings.count { s.stats = s.stats.recounted(s.meetings, participants: participants.filter { $0.id != id }.map(\.id)) }
        s.participants = participants.filter { $0.id != id }.map { p in
            var p = p
            // A name is text; an address or an employer is a value of the other person's,
            // replaced only where it is the erased participant's own.
            p.name = text(p.name)
            p.organisation = p.organisation.map { $0 == id ? Erasure.placeholder : redaction.names.contains($0) ? Erasure.mention : $0 }
            p.email = p.email.flatMap { $0 == id ? Erasure.placeholder : redaction.names.contains($0) ? nil : $0 }
            return p
        }
        return s
    }
}
