// A small, strict JSON value model. See `JSONParser` for reading and
// `JSONValue.serialized()` for writing.

/// One JSON value.
///
/// Numbers keep the distinction the text made: a literal without fraction or exponent
/// that fits `Int64` is `.int`; every other number is `.double`. So `.int(1)` and
/// `.double(1.0)` are different values (`==` is false), and `-0` parses as
/// `.double(-0.0)`.
///
/// Equality of objects is order-sensitive (like an ordered dictionary): `{"a":1,"b":2}`
/// and `{"b":2,"a":1}` are not `==`. Both serialise differently, so `==` agrees with
/// "serialises to the same text".
///
/// Values nest through arrays, so very deep values (tens of thousands of levels) can
/// exhaust the stack when compared, hashed, serialised or destroyed; the parser's
/// `maxDepth` keeps parsed values well below that.
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    /// A number literal with no fraction or exponent that fits `Int64`.
    case int(Int64)
    /// Any other number. May be ±infinity when the literal overflows (`1e999`): the
    /// parser keeps it, validators should reject it, the writer writes it as `null`.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

// MARK: - Accessors

extension JSONValue {
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer for `.int`, and for a `.double` that is integral and fits `Int64`
    /// (`2.0` → 2, `-0.0` → 0); nil otherwise.
    public var intValue: Int64? {
        switch self {
        case .int(let i):
            return i
        case .double(let d):
            // 2^63 is exactly representable; every double in [-2^63, 2^63) that is
            // integral converts exactly.
            guard d >= -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_808.0 else {
                return nil  // also rejects NaN
            }
            let i = Int64(d)  // truncates; exact when `d` is integral
            return Double(i) == d ? i : nil
        default:
            return nil
        }
    }

    /// The number as a `Double` for `.int` and `.double` (large integers round).
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The member `key` of an object; nil when absent or when this is not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array; nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Keeps the literal's order; a repeated key keeps its first position and last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}

// MARK: - JSONObject

/// A JSON object: string keys in insertion order.
///
/// Setting an existing key replaces its value in place; setting a new key appends it;
/// setting `nil` removes the key. When the same key is given more than once (in
/// `init(_:)`, a dictionary literal, or parsed text), the **last value wins** and the
/// key keeps the position of its first occurrence — as `JSON.parse` does in JavaScript.
///
/// Keys are compared with Swift `String` equality, i.e. up to Unicode canonical
/// equivalence (`"\u{E9}"` and `"e\u{301}"` are the same key), consistently in lookup,
/// duplicate detection and `==`.
///
/// Lookup is a linear scan, which is fastest for the small objects JSON usually holds.
/// Equality and hashing are order-sensitive.
public struct JSONObject: Sendable, Equatable, Hashable, Sequence {
    public typealias Element = (key: String, value: JSONValue)

    @usableFromInline var _keys: [String]
    @usableFromInline var _values: [JSONValue]

    public init() {
        _keys = []
        _values = []
    }

    /// Builds an object from pairs in order; a repeated key keeps its first position and
    /// its last value.
    public init(_ pairs: [(String, JSONValue)]) {
        self.init()
        _keys.reserveCapacity(pairs.count)
        _values.reserveCapacity(pairs.count)
        if pairs.count <= 16 {
            for (k, v) in pairs { self[k] = v }
        } else {
            var seen: [String: Int] = [:]
            seen.reserveCapacity(pairs.count)
            for (k, v) in pairs {
                if let i = seen[k] {
                    _values[i] = v
                } else {
                    seen[k] = _keys.count
                    _keys.append(k)
                    _values.append(v)
                }
            }
        }
    }

    /// Internal: parallel arrays known to have no duplicate keys.
    init(uniqueKeys keys: [String], values: [JSONValue]) {
        _keys = keys
        _values = values
    }

    public var keys: [String] { _keys }
    public var values: [JSONValue] { _values }
    public var count: Int { _keys.count }
    public var isEmpty: Bool { _keys.isEmpty }

    /// The position of `key` in `keys`, if present.
    public func index(forKey key: String) -> Int? {
        _keys.firstIndex(of: key)
    }

    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = index(forKey: key) else { return nil }
            return _values[i]
        }
        set {
            if let i = index(forKey: key) {
                if let newValue {
                    _values[i] = newValue
                } else {
                    _keys.remove(at: i)
                    _values.remove(at: i)
                }
            } else if let newValue {
                _keys.append(key)
                _values.append(newValue)
            }
        }
    }

    /// Removes `key` and returns its value, if it was present.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = index(forKey: key) else { return nil }
        _keys.remove(at: i)
        return _values.remove(at: i)
    }

    public struct Iterator: IteratorProtocol {
        @usableFromInline let keys: [String]
        @usableFromInline let values: [JSONValue]
        @usableFromInline var i = 0

        @inlinable
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard i < keys.count else { return nil }
            defer { i += 1 }
            return (keys[i], values[i])
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(keys: _keys, values: _values)
    }

    public var underestimatedCount: Int { _keys.count }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Keeps the literal's order; a repeated key keeps its first position and last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject.Iterator: Sendable {}
