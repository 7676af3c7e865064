import Foundation
import RibbonCore

/// Appending to a result file with POSIX calls, so that a full disk or a file-size limit is an error
/// with its reason ("No space left on device"), never a trap inside FileHandle.
public final class AppendFile {
    /// The file's path.
    public let path: String
    private let descriptor: Int32

    /// Opens `path` for appending, creating it (mode 0644) if needed; `truncate` empties it first. Messages
    /// name `reportingAs` (e.g. the final path of a temporary file).
    public init(path: String, truncate: Bool = false, reportingAs name: String? = nil) throws(RibbonError) {
        self.path = name ?? path
        let flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot write", name ?? path) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Appends `bytes` whole (retrying short writes and EINTR); throws with the system's reason.
    public func write(_ bytes: [UInt8]) throws(RibbonError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.failure("cannot write", path)
            }
            offset += n
        }
    }

    /// Appends `text` as UTF-8.
    public func write(_ text: String) throws(RibbonError) { try write(Array(text.utf8)) }

    /// A one-line usage error naming the file and the system's reason (errno), e.g. a full disk.
    static func failure(_ what: String, _ path: String) -> RibbonError {
        RibbonError(
            .invalidInput,
            "\(what) '\(path)': \(String(cString: strerror(errno))); free space or choose a writable path")
    }
}

/// One writer per output: an advisory lock (`flock`) on `FILE.lock`, held for the run's lifetime and
/// released by the kernel when the process ends however it ends. The file records the holder's PID so
/// that a second writer can name it, and is removed when the holder finishes. (A writer that locked a lock
/// file just removed by its previous holder sees that the path no longer names its file and starts over,
/// so two writers can never both hold the lock.)
public final class OutputLock {
    private let descriptor: Int32
    private let path: String

    /// Takes the lock for `output`, or throws at once naming the PID that holds it.
    public init(output: String) throws(RibbonError) {
        path = output + ".lock"
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw RibbonError(
                    .invalidInput,
                    "cannot write '\(output)' (its lock file \(path)): \(String(cString: strerror(errno))); choose a writable path"
                )
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let holder =
                    (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(
                        in: .whitespacesAndNewlines) ?? ""
                close(fd)
                throw RibbonError(
                    .invalidInput,
                    "'\(output)' is being written by another ribbon process (PID \(holder.isEmpty ? "unknown" : holder)); wait for it or choose another --output"
                )
            }
            var held = stat(), named = stat()
            if fstat(fd, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev
            {
                descriptor = fd
                break
            }
            close(fd)  // the previous holder removed this file after we opened it: try again
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, $0.count, 0) }
    }

    deinit {
        unlink(path)
        close(descriptor)
    }
}

/// Reads a file line by line in 1 MiB chunks (bounded memory for any file size), giving each line's
/// bytes (without "\n") and its byte offset. A last line without "\n" is reported as `partial`.
public struct LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var fileOffset = 0  // offset of buffer[0] in the file
    private var finished = false

    /// Opens `path`, or throws naming it.
    public init(path: String) throws(RibbonError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AppendFile.failure("cannot read", path) }
        descriptor = fd
    }

    /// Closes the file.
    public func close() { _ = Foundation.close(descriptor) }

    /// Calls `body` with every line of `path` (1-based number, bytes without "\n", byte offset, whether it
    /// lacks its "\n") until it returns false; the file is closed afterwards.
    public static func forEachLine(
        in path: String,
        _ body: (_ number: Int, _ bytes: ArraySlice<UInt8>, _ offset: Int, _ partial: Bool) throws(RibbonError) -> Bool
    )
        throws(RibbonError)
    {
        var reader = try LineReader(path: path)
        defer { reader.close() }
        var number = 0
        while let (bytes, offset, partial) = reader.next() {
            number += 1
            guard try body(number, bytes, offset, partial) else { return }
        }
    }

    /// The next line: its bytes, its offset in the file and whether it ended with "\n"; nil at the end.
    public mutating func next() -> (bytes: ArraySlice<UInt8>, offset: Int, partial: Bool)? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                let offset = fileOffset + start
                start = newline + 1
                return (line, offset, false)
            }
            if finished {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                let offset = fileOffset + start
                start = buffer.count
                return (line, offset, true)
            }
            // Drop consumed bytes, then read another chunk.
            if start > 0 {
                fileOffset += start
                buffer.removeFirst(start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if n <= 0 { finished = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
    }
}
