/// Memory mapped from a file that can map a part of itself again, privately and writable,
/// without copying it: pages are read from the file until written, and a write copies only
/// the page it lands on, never the file. An engine loaded from a vector store follows a few
/// writes this way instead of copying every view first (`CompetenceMatrix.apply`).
public protocol PrivatelyRemappable: AnyObject, Sendable {
    /// A private, writable mapping of at least `capacity` bytes whose first `bytes.count`
    /// bytes are `bytes` (a part of this memory starting on a page boundary); what follows
    /// them to the end of their last page is unspecified, zeros after that. Nil when that
    /// cannot be done (the caller then copies).
    func privateCopy(of bytes: UnsafeRawBufferPointer, capacity: Int) -> PrivateMemory?
}

/// A private, writable mapping (`PrivatelyRemappable.privateCopy`), unmapped when the last
/// user lets go.
public final class PrivateMemory: @unchecked Sendable {
    /// Its first byte.
    public let base: UnsafeMutableRawPointer
    /// Its length in bytes.
    public let capacity: Int
    private let release: @Sendable (UnsafeMutableRawPointer, Int) -> Void

    public init(base: UnsafeMutableRawPointer, capacity: Int, release: @escaping @Sendable (UnsafeMutableRawPointer, Int) -> Void) {
        self.base = base
        self.capacity = capacity
        self.release = release
    }

    deinit { release(base, capacity) }
}

/// Values in memory that `owner` keeps: read-only (a mapped vector store, never written), or
/// a private copy of it that these views may write in place (`owner` is a `PrivateMemory`
/// then, with room for `capacity` values).
struct MappedRows<Element>: @unchecked Sendable {
    var values: UnsafeBufferPointer<Element>
    private(set) var owner: any AnyObject & Sendable

    init(values: UnsafeBufferPointer<Element>, owner: any AnyObject & Sendable) {
        self.values = values
        self.owner = owner
    }

    /// How many values fit in place (0: read-only).
    var capacity: Int { (owner as? PrivateMemory).map { $0.capacity / MemoryLayout<Element>.stride } ?? 0 }

    /// Whether the values are a private copy that nothing else holds (no copy of the views
    /// made since it was mapped): then writing it in place changes no one else's values.
    mutating func isUniquelyOwnedPrivateCopy() -> Bool {
        guard var memory = owner as? PrivateMemory else { return false }
        owner = Self.placeholder  // this struct's own reference must not count
        defer { owner = memory }
        return isKnownUniquelyReferenced(&memory)
    }

    private static var placeholder: any AnyObject & Sendable { Placeholder.shared }

    /// These values, `count` long, writable in place: the same memory when it is already a
    /// private copy that nothing else holds with room enough, else a private copy of the
    /// mapped pages with room for `reserve` values (zeros past the present ones). Nil when
    /// neither can be had (the owner cannot remap, the values do not start on a page, or a
    /// private copy is shared with a copy of the views made after it): the caller copies them.
    mutating func writable(count: Int, reserve: Int) -> MappedRows? {
        if owner is PrivateMemory {
            guard isUniquelyOwnedPrivateCopy(), count <= capacity else { return nil }
            var same = self
            same.values = UnsafeBufferPointer(start: values.baseAddress, count: count)
            if count > values.count { same.zero(values.count..<count) }
            return same
        }
        guard let source = owner as? PrivatelyRemappable,
              let memory = withExtendedLifetime(owner, { source.privateCopy(of: UnsafeRawBufferPointer(values),
                                                                            capacity: max(reserve, count) * MemoryLayout<Element>.stride) })
        else { return nil }
        let copy = MappedRows(values: UnsafeBufferPointer(start: memory.base.assumingMemoryBound(to: Element.self), count: count), owner: memory)
        // Past the values the page may hold the file's next bytes (rows a smaller engine left out).
        if count > values.count { copy.zero(values.count..<count) }
        return copy
    }

    private func zero(_ range: Range<Int>) {
        UnsafeMutableRawPointer(mutating: values.baseAddress! + range.lowerBound).initializeMemory(as: UInt8.self, repeating: 0,
                                                                                                  count: range.count * MemoryLayout<Element>.stride)
    }

    /// Overwrites the values from `start` on (of a writable copy) with `new`.
    func write(at start: Int, _ new: some Collection<Element>) {
        precondition(owner is PrivateMemory && start + new.count <= values.count, "write past writable mapped values")
        let p = UnsafeMutablePointer(mutating: values.baseAddress!)
        for (i, x) in new.enumerated() { p[start + i] = x }
    }
}

extension Dictionary {
    /// Makes the mapped values at `key` writable in place, `count` long
    /// (`MappedRows.writable`): taken out first, so that the dictionary's own reference does
    /// not count against their being unshared, and put back, writable or as they were.
    /// - Returns: whether they are writable now (false also when there are none).
    mutating func makeWritable<Element>(_ key: Key, count: Int, reserve: Int) -> Bool where Value == MappedRows<Element> {
        guard var rows = removeValue(forKey: key) else { return false }
        let writable = rows.writable(count: count, reserve: reserve)
        self[key] = writable ?? rows
        return writable != nil
    }
}

/// Stands in for a mapped view's owner while its uniqueness is checked.
private final class Placeholder: Sendable {
    static let shared = Placeholder()
}
