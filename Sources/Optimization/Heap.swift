/// A binary min-heap ordered by a closure: `pop` returns the element that comes first.
///
/// A closure rather than `Comparable` (as swift-collections' `HeapModule` asks), because
/// planners order the same tuples in more than one way (by gain, ties by index).
package struct Heap<Element> {
    private var items: [Element] = []
    /// True when the first element must come out before the second.
    package let before: (Element, Element) -> Bool

    /// An empty heap ordered by `before`, a strict weak order.
    package init(by before: @escaping (Element, Element) -> Bool) { self.before = before }

    /// True when the heap holds nothing.
    package var isEmpty: Bool { items.isEmpty }

    /// How many elements the heap holds.
    package var count: Int { items.count }

    /// Adds an element.
    ///
    /// - Complexity: O(log n).
    package mutating func push(_ x: Element) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if !before(items[i], items[p]) { break }
            items.swapAt(i, p)
            i = p
        }
    }

    /// Removes and returns the element that comes first; nil when empty. Of elements that
    /// are equal under `before`, which one comes out first is unspecified.
    ///
    /// - Complexity: O(log n).
    package mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && before(items[l], items[m]) { m = l }
            if r < items.count && before(items[r], items[m]) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}
