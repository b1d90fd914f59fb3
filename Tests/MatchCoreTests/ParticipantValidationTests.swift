import JSONSupport
import Testing
@testable import MatchCore

@Suite("Participant validation")
struct ParticipantValidationTests {
    static let valid: JSONValue = [
        "id": "dk-sound-0001", "kind": "company", "name": "Example Acoustics ApS", "country": "DK",
        "organisation": "Example Acoustics ApS", "region": "DK04", "employees": 35, "clusters": ["dk-sound"],
        "competences": [["code": "03007", "weight": 1.0]], "keywords": ["hearing aids", "MEMS microphones"],
        "description": "free text",
        "offers": [["title": "Acoustic sensors", "text": "We build them", "codes": ["09002"], "keywords": ["acoustic sensors"]]],
        "needs": [["title": "AI", "codes": ["06001"], "keywords": ["sensors for hearing aids"]]],
        "vector": [0.12, -0.03, 1.0],
        "contact": ["person": "Jane Doe", "email": "jane@example.com"],
        "source": ["format": "participants", "file": "x.jsonl"],
        "attributes": ["status": "open", "nested": ["a": [1, 2]]],
    ]

    func decode(_ json: JSONValue) -> Result<Participant, ValidationFailure> { Participant.decode(json) }

    func with(_ key: String, _ value: JSONValue?) -> JSONValue {
        var o = Self.valid.objectValue!
        o[key] = value
        return .object(o)
    }

    @Test func validRecordKeepsEveryField() throws {
        let p = try decode(Self.valid).get()
        #expect(p.id == "dk-sound-0001")
        #expect(p.kind == .company)
        #expect(p.employees == 35)
        #expect(p.competences == [Competence(code: "03007", weight: 1)])
        #expect(p.offers.first?.keywords == ["acoustic sensors"])
        #expect(p.vector == [0.12, -0.03, 1.0])
        #expect(p.contact?.email == "jane@example.com")
        #expect(p.attributes?["nested"]?["a"] == [1, 2])
    }

    /// A known field misspelt is refused (ignored, it would leave the profile empty); other
    /// unknown fields stay ignored. Checked against a list made here by hand.
    @Test(arguments: [
        ("Keywords", "keywords"), ("key_words", "keywords"), ("keyword", "keywords"), ("descripton", "description"),
        ("offer", "offers"), ("need", "needs"), ("opt-out", "optOut"), ("Competences", "competences"), ("competence", "competences"),
        ("organization", "organisation"), ("desciption", "description"), ("decsription", "description"), ("Opt_Out", "optOut"),
        ("KIND", "kind"),
    ])
    func aMisspeltFieldIsRefusedNamingTheFieldMeant(misspelt: String, meant: String) throws {
        guard case .failure(let failure) = decode(with(misspelt, ["x"])) else { Issue.record("\(misspelt) accepted"); return }
        #expect(failure.issues.count == 1)
        #expect(failure.issues.first?.field == misspelt && failure.issues.first?.reason.contains("did you mean \(meant)?") == true,
                "\(failure.issues)")
    }

    @Test func unknownFieldsThatAreNoMisspellingAreIgnored() throws {
        // A letter off a field that carries no profile content is a word of its own as often
        // as a typo (contract, regions, sources, employers, county): ignored, as before.
        for key in ["website", "tags", "sector", "county", "city", "url", "names", "kinds", "ids", "remarks", "notes", "regional",
                    "contract", "regions", "sources", "vectors", "contacts", "employers", "employee", "countrys"] {
            let p = try decode(with(key, "x")).get()
            #expect(p.id == "dk-sound-0001", "\(key)")
        }
        // Nested: an offer's, a competence's and the contact's fields.
        var o = Self.valid.objectValue!
        o["offers"] = [["title": "Acoustic sensors", "Keywords": ["x"]]]
        o["competences"] = [["code": "03007", "Weight": 1.0, "weigth": 2]]
        o["contact"] = ["person": "Jane Doe", "e-mail": "jane@example.com", "emails": "x"]
        guard case .failure(let failure) = decode(.object(o)) else { Issue.record("accepted"); return }
        #expect(failure.issues.map(\.field) == ["competences[0].Weight", "offers[0].Keywords", "contact.e-mail"], "\(failure.issues)")
    }

    /// Names from files go into one-line notes: breaks and control characters become one space.
    @Test func oneLineJoinsLinesAndTrims() {
        #expect(" Acme\r\nLabs\t\u{7}  GmbH \n".oneLine == "Acme Labs GmbH")
        #expect("Ørsted A/S".oneLine == "Ørsted A/S")
        #expect("\n\t ".oneLine == "")
    }

    @Test func canonicalFormRoundTrips() throws {
        let p = try decode(Self.valid).get()
        let again = try decode(try JSONParser.parse(p.json.serialized())).get()
        #expect(again == p)
        // Field order is the documented one.
        #expect(p.json.objectValue!.keys.prefix(4) == ["id", "kind", "name", "country"])
    }

    @Test(arguments: [
        ("id", nil, "is required"),
        ("id", JSONValue.int(5), "must be a string"),
        ("id", JSONValue.string(""), "1 to 128"),
        ("id", JSONValue.string(String(repeating: "x", count: 129)), "1 to 128"),
        ("id", JSONValue.string("a\u{7}b"), "control"),
        ("kind", JSONValue.string("startup"), "unknown kind"),
        ("kind", nil, "is required"),
        ("name", JSONValue.string("   "), "must not be empty"),
        ("country", JSONValue.string("XX"), "ISO 3166-1"),
        ("country", JSONValue.string("Denmark"), "ISO 3166-1"),
        ("employees", JSONValue.int(-1), "whole number"),
        ("employees", JSONValue.double(2.5), "whole number"),
        ("keywords", JSONValue.string("a, b"), "array of strings"),
        ("competences", JSONValue.array([["code": "03007", "weight": 0]]), "greater than 0"),
        ("competences", JSONValue.array([["weight": 1]]), "is required"),
        ("vector", JSONValue.array([1, "x"]), "finite number"),
        ("vector", JSONValue.array([1, .double(.infinity)]), "finite number"),
        ("offers", JSONValue.array([[:]]), "says nothing"),
    ] as [(String, JSONValue?, String)])
    func invalidFieldIsNamed(field: String, value: JSONValue?, reason: String) throws {
        guard case .failure(let failure) = decode(with(field, value)) else {
            Issue.record("expected \(field) = \(String(describing: value)) to be rejected")
            return
        }
        let issue = try #require(failure.issues.first)
        #expect(issue.field.hasPrefix(field))
        #expect(issue.reason.contains(reason), "reason was: \(issue.reason)")
        #expect(failure.issues.count == 1)
    }

    @Test func everyProblemIsListedNotJustTheFirst() {
        let bad: JSONValue = ["id": "x", "kind": "alien", "name": "", "country": "ZZ", "employees": -3]
        guard case .failure(let failure) = decode(bad) else { Issue.record("accepted"); return }
        #expect(Set(failure.issues.map(\.field)) == ["kind", "name", "country", "employees"])
    }

    @Test func euCountryExceptionsAreStoredAsISO() throws {
        #expect(try decode(with("country", "EL")).get().country == "GR")
        #expect(try decode(with("country", "UK")).get().country == "GB")
        #expect(try decode(with("country", "se")).get().country == "SE")
    }

    @Test func idIsNFCNormalised() throws {
        let decomposed = "caf\u{65}\u{301}"  // e + combining acute
        let p = try decode(with("id", .string(decomposed))).get()
        #expect(p.id.unicodeScalars.count == 4)
        #expect(p.id == "caf\u{e9}")
    }

    @Test func personalDataIsMaskedInIssues() {
        guard case .failure(let failure) = decode(with("contact", ["email": 42])) else { Issue.record("accepted"); return }
        #expect(failure.issues.first?.value == "\"***\"")
        #expect(!failure.issues.description.contains("42"))
    }
}
