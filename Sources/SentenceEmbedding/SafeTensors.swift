import Foundation
import JSONSupport

/// A read-only, memory-mapped `.safetensors` file: an 8-byte little-endian header length, a
/// JSON header naming each tensor's dtype, shape and byte range, then the raw data.
///
/// Opening validates the whole header against the file size, so a truncated or damaged file is
/// an `EmbeddingModelError` naming the file and the tensor, never a crash later. Tensor data is
/// not copied: pages are read from disk when first touched.
package final class SafeTensors: @unchecked Sendable {
    // @unchecked: the mapping is read-only and lives as long as this object; nothing mutates it.

    /// The element types this reader understands.
    package enum DType: String, Sendable {
        case f32 = "F32"
        case i64 = "I64"
        var size: Int { self == .f32 ? 4 : 8 }
    }

    /// One tensor's place in the file.
    package struct Tensor: Sendable {
        package var dtype: DType
        package var shape: [Int]
        /// Byte offset from the start of the file.
        package var offset: Int
        package var byteCount: Int
    }

    package let path: String
    package let tensors: [String: Tensor]
    private let base: UnsafeRawPointer
    private let length: Int

    /// Maps `path` and validates its header.
    /// - Throws: `EmbeddingModelError` naming the file for a missing, short, truncated or damaged file.
    package init(path: String) throws(EmbeddingModelError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw EmbeddingModelError(file: path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw EmbeddingModelError(file: path, "cannot read its size") }
        let size = Int(info.st_size)
        guard size >= 8 else { throw EmbeddingModelError(file: path, "truncated: \(size) bytes, not even a header length") }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw EmbeddingModelError(file: path, "cannot map into memory: \(String(cString: strerror(errno)))")
        }
        let raw = UnsafeRawPointer(mapped)
        do {
            self.tensors = try Self.readHeader(raw, size: size, path: path)
        } catch {
            munmap(mapped, size)
            throw error
        }
        base = raw
        length = size
    }

    /// The header as stored (length and JSON): names, types, shapes and offsets of every tensor.
    package var header: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: 8 + Int(UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))))
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

    private static func readHeader(_ raw: UnsafeRawPointer, size: Int, path: String) throws(EmbeddingModelError) -> [String: Tensor] {
        let headerLength = Int(UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)))
        guard headerLength > 1, headerLength <= 100_000_000 else {
            throw EmbeddingModelError(file: path, "damaged: header length \(headerLength) is not plausible")
        }
        guard 8 + headerLength <= size else {
            throw EmbeddingModelError(file: path, "truncated: the header needs \(8 + headerLength) bytes, the file has \(size)")
        }
        let text = String(decoding: UnsafeRawBufferPointer(start: raw + 8, count: headerLength), as: UTF8.self)
        let header: JSONValue
        do { header = try JSONParser.parse(text) } catch {
            throw EmbeddingModelError(file: path, "damaged header: \(error)")
        }
        guard let object = header.objectValue else { throw EmbeddingModelError(file: path, "damaged header: not a JSON object") }
        let dataStart = 8 + headerLength
        var tensors: [String: Tensor] = [:]
        for (name, value) in object where name != "__metadata__" {
            guard let dtypeName = value["dtype"]?.stringValue,
                  let shapeValues = value["shape"]?.arrayValue,
                  let offsets = value["data_offsets"]?.arrayValue, offsets.count == 2,
                  let lo = offsets[0].intValue, let hi = offsets[1].intValue else {
                throw EmbeddingModelError(file: path, "damaged header: tensor '\(name)' lacks dtype, shape or data_offsets")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw EmbeddingModelError(file: path, "tensor '\(name)' has dtype \(dtypeName); only F32 and I64 are read")
            }
            var shape: [Int] = []
            for v in shapeValues {
                guard let d = v.intValue, d >= 0, d < 1 << 31 else {
                    throw EmbeddingModelError(file: path, "damaged header: tensor '\(name)' has shape \(shapeValues)")
                }
                shape.append(Int(d))
            }
            let count = shape.reduce(1, *)
            guard lo >= 0, hi >= lo, Int(hi - lo) == count * dtype.size else {
                throw EmbeddingModelError(file: path, "damaged header: tensor '\(name)' spans bytes \(lo)..<\(hi), its shape \(shape) needs \(count * dtype.size)")
            }
            tensors[name] = Tensor(dtype: dtype, shape: shape, offset: dataStart + Int(lo), byteCount: Int(hi - lo))
        }
        // Only once the header is consistent: does the data it describes fit in the file?
        if let beyond = tensors.filter({ $0.value.offset + $0.value.byteCount > size }).min(by: { $0.value.offset < $1.value.offset }) {
            throw EmbeddingModelError(file: path, "truncated: tensor '\(beyond.key)' needs bytes up to \(beyond.value.offset + beyond.value.byteCount), the file has \(size)")
        }
        return tensors
    }

    /// A float32 tensor's values, checked to have `shape`; valid while this object lives.
    /// - Throws: `EmbeddingModelError` when the tensor is absent or of another type or shape.
    package func floats(_ name: String, shape: [Int]) throws(EmbeddingModelError) -> UnsafeBufferPointer<Float> {
        guard let t = tensors[name] else { throw EmbeddingModelError(file: path, "has no tensor '\(name)'") }
        guard t.dtype == .f32, t.shape == shape else {
            throw EmbeddingModelError(file: path, "tensor '\(name)' is \(t.dtype.rawValue) \(t.shape), expected F32 \(shape)")
        }
        let start = base + t.offset
        guard Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0 else {
            throw EmbeddingModelError(file: path, "tensor '\(name)' is not aligned to 4 bytes")
        }
        return UnsafeBufferPointer(start: start.assumingMemoryBound(to: Float.self), count: t.byteCount / 4)
    }

    /// An int64 tensor's values, copied.
    package func int64s(_ name: String) throws(EmbeddingModelError) -> [Int64] {
        guard let t = tensors[name], t.dtype == .i64 else { throw EmbeddingModelError(file: path, "has no I64 tensor '\(name)'") }
        return (0..<t.byteCount / 8).map { Int64(littleEndian: (base + t.offset + 8 * $0).loadUnaligned(as: Int64.self)) }
    }
}
