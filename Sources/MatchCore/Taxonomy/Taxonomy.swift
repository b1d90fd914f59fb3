import JSONSupport

/// One term of a competence taxonomy (an EEN technology keyword, a NACE code …).
public struct TaxonomyTerm: Sendable, Hashable {
    /// The taxonomy this term belongs to, e.g. `een-tech`.
    public var namespace: String
    /// The code as a string: `05001` and `005001` are different codes.
    public var code: String
    public var label: String
    /// 1 for the top level.
    public var level: Int
    /// The parent's code in the same namespace, nil at the top level.
    public var parent: String?

    public init(namespace: String, code: String, label: String, level: Int, parent: String?) {
        self.namespace = namespace
        self.code = code
        self.label = label
        self.level = level
        self.parent = parent
    }

    /// `namespace:code`, the form stored in participants once resolved.
    public var qualifiedCode: String { "\(namespace):\(code)" }
}

/// Why a code written by a user could not be resolved.
public enum CodeResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknown(String)
    case ambiguous(String, namespaces: [String])
    case unknownNamespace(String, namespace: String)

    public var description: String {
        switch self {
        case .unknown(let code):
            return "code \(code) is in no loaded taxonomy"
        case .ambiguous(let code, let namespaces):
            return "code \(code) is in several taxonomies (\(namespaces.joined(separator: ", "))): write it as "
                + namespaces.map { "\($0):\(code)" }.joined(separator: " or ")
        case .unknownNamespace(let code, let namespace):
            return "code \(code) names taxonomy '\(namespace)', which is not loaded"
        }
    }
}

/// All loaded taxonomies, indexed for resolving codes and walking up the hierarchy.
public struct Taxonomy: Sendable {
    private var terms: [String: TaxonomyTerm] = [:]  // by qualified code
    private var namespacesByCode: [String: [String]] = [:]

    public init(terms: [TaxonomyTerm] = []) {
        for term in terms { insert(term) }
    }

    public mutating func insert(_ term: TaxonomyTerm) {
        if terms.updateValue(term, forKey: term.qualifiedCode) == nil {
            namespacesByCode[term.code, default: []].append(term.namespace)
            namespacesByCode[term.code]!.sort()
        }
    }

    public var isEmpty: Bool { terms.isEmpty }
    public var count: Int { terms.count }
    public var namespaces: [String] { Array(Set(terms.values.map(\.namespace))).sorted() }

    /// The terms of one namespace, by code.
    /// - Complexity: O(n) in all terms loaded.
    public func terms(inNamespace namespace: String) -> [TaxonomyTerm] {
        terms.values.filter { $0.namespace == namespace }.sorted { $0.code < $1.code }
    }

    /// The term for a qualified code (`namespace:code`).
    public func term(_ qualifiedCode: String) -> TaxonomyTerm? { terms[qualifiedCode] }

    /// Resolves a code as a user wrote it, bare (`03007`) or qualified (`een-tech:03007`).
    ///
    /// A bare code must exist in exactly one loaded taxonomy. With no taxonomy loaded,
    /// codes are kept as written.
    public func resolve(_ raw: String) -> Result<String, CodeResolutionError> {
        if terms.isEmpty { return .success(raw) }
        if terms[raw] != nil { return .success(raw) }
        if let colon = raw.lastIndex(of: ":") {
            let namespace = String(raw[..<colon])
            if !namespaces.contains(namespace) { return .failure(.unknownNamespace(raw, namespace: namespace)) }
            return .failure(.unknown(raw))
        }
        let found = namespacesByCode[raw] ?? []
        switch found.count {
        case 0: return .failure(.unknown(raw))
        case 1: return .success("\(found[0]):\(raw)")
        default: return .failure(.ambiguous(raw, namespaces: found))
        }
    }

    /// The chain of ancestors of a qualified code, nearest first.
    public func ancestors(of qualifiedCode: String) -> [TaxonomyTerm] {
        var result: [TaxonomyTerm] = []
        var current = terms[qualifiedCode]
        while let term = current, let parent = term.parent, result.count < 16 {
            guard let next = terms["\(term.namespace):\(parent)"] else { break }
            result.append(next)
            current = next
        }
        return result
    }

    /// A human label for a code: the term's label, or the code itself when unknown.
    public func label(_ qualifiedCode: String) -> String {
        terms[qualifiedCode]?.label ?? qualifiedCode
    }
}

extension Participant {
    /// Resolves every code against the taxonomy, rewriting them to `namespace:code`.
    /// - Returns: the issues for codes that are unknown or ambiguous (field paths included).
    public mutating func resolveCodes(in taxonomy: Taxonomy) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func resolve(_ code: String, _ field: String) -> String {
            switch taxonomy.resolve(code) {
            case .success(let q): return q
            case .failure(let error):
                issues.append(ValidationIssue(field: field, value: JSONValue.string(code).serialized(), reason: error.description))
                return code
            }
        }
        for i in competences.indices {
            competences[i].code = resolve(competences[i].code, "competences[\(i)].code")
        }
        for i in offers.indices {
            for j in offers[i].codes.indices { offers[i].codes[j] = resolve(offers[i].codes[j], "offers[\(i)].codes[\(j)]") }
        }
        for i in needs.indices {
            for j in needs[i].codes.indices { needs[i].codes[j] = resolve(needs[i].codes[j], "needs[\(i)].codes[\(j)]") }
        }
        return issues
    }
}
