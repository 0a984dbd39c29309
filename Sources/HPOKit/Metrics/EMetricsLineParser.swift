/// A fast reader of one emetrics line, straight from its bytes: it walks the JSON once,
/// keeps only `grouplabel`, `etimes.iteration` (a number, or a string holding one) and the
/// numbers in `values`, and skips the
/// rest without building it (and the values of a record whose group, given before them as
/// writers do, is not TEST: only TEST values are kept). A million-line log is read in about a second where
/// JSONSerialization takes ten or more. A line it does not understand gives `.unknown` and
/// `MetricRecord.parse` falls back to JSONSerialization, so exotic but valid JSON still counts.
/// Nesting deeper than `maxDepth` gives `.tooDeep`: the line is skipped, with no fallback
/// (each level is a call, and 300,000 of them overflowed the stack).
struct EMetricsLineParser {
    /// What a parse gave.
    enum Parsed<Value> {
        case value(Value)
        /// Not understood here; the general parser may read it.
        case unknown
        /// Nested deeper than `maxDepth`: refused.
        case tooDeep
        /// A record whose `etimes.iteration` is a string that is no number: as `SkippedLine`
        /// shows it. (Said here, so that a file full of them is not read by the slow parser.)
        case iterationNotANumber(String)
    }

    /// The deepest nesting of objects and arrays read; real emetrics lines have 3 levels.
    static let maxDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private var tooDeep = false
    private var oddIteration: String?

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed<MetricRecord> {
        var parser = EMetricsLineParser(bytes: bytes)
        if let record = parser.record() { return .value(record) }
        if let text = parser.oddIteration { return .iterationNotANumber(text) }
        return parser.tooDeep ? .tooDeep : .unknown
    }

    /// The numbers of one flat object, as in an entry of `val_dict_list.json`
    /// (`{"steps": 2, "accuracy": 0.6}`), and the names of the members that are not numbers.
    static func numbers(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed<(numbers: [String: Double], texts: [String])> {
        var parser = EMetricsLineParser(bytes: bytes)
        var numbers: [String: Double] = [:]
        var texts: [String] = []
        let ok = parser.object { parser, name in
            if let number = parser.scalarNumber() { numbers[parser.text(name)] = number; return true }
            texts.append(parser.text(name))
            return parser.skipValue()
        }
        parser.skipSpace()
        guard ok, parser.index == bytes.count else { return parser.tooDeep ? .tooDeep : .unknown }
        return .value((numbers, texts))
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Enters one level of nesting; false (and `tooDeep`) past `maxDepth`. The caller
    /// leaves the level with `depth -= 1` whatever happens.
    private mutating func enter() -> Bool {
        depth += 1
        if depth > Self.maxDepth { tooDeep = true }
        return !tooDeep
    }

    private mutating func record() -> MetricRecord? {
        var group = "", iteration = 0
        var values: [String: Double]?
        var texts: [String] = []
        guard object({ parser, key in
            switch true {
            case parser.matches(key, "grouplabel"):
                guard let text = parser.string() else { return false }
                group = text.lowercased()
            case parser.matches(key, "etimes"):
                return parser.object { parser, key in
                    if parser.matches(key, "iteration") {
                        // null is no iteration, as none; a string that is no number (and
                        // would not be one trimmed, as the general parser reads it) skips the
                        // line; anything else that is not a whole number goes to the general
                        // parser, which says why the line is skipped.
                        guard let number = parser.scalarNumber() else {
                            if parser.word("null") { return true }
                            if parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\""),
                               let text = parser.string(), text.first?.isWhitespace == false,
                               text.last?.isWhitespace == false {
                                parser.oddIteration = SkippedLine.shown(string: text)
                            }
                            return false
                        }
                        guard let whole = Int(exactly: number.rounded()) else { return false }
                        iteration = whole
                        return true
                    }
                    return parser.skipValue()
                }
            case parser.matches(key, "values") && !group.isEmpty && group != "test":
                // Only TEST values are ever kept (TestHistory); a TRAIN record's are skipped.
                values = [:]
                return parser.skipValue()
            case parser.matches(key, "values"):
                var numbers: [String: Double] = [:]
                let ok = parser.object { parser, name in
                    if let number = parser.scalarNumber() { numbers[parser.text(name)] = number; return true }
                    texts.append(parser.text(name))
                    return parser.skipValue()
                }
                values = numbers
                return ok
            default:
                return parser.skipValue()
            }
            return true
        }) else { return nil }
        skipSpace()
        guard index == bytes.count, let values else { return nil }
        // Texts are named for a TEST record only (its group may come after its values).
        return MetricRecord(group: group, iteration: iteration, values: values, textValues: group == "test" ? texts.sorted() : [])
    }

    /// A value object's number (`{"type": 3, "value": "0.9"}`), a bare number, or a string
    /// holding a number. Leaves the index after the value when it returns non-nil, and
    /// where it was otherwise.
    private mutating func scalarNumber() -> Double? {
        let start = index
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            var number: Double?
            let ok = object { parser, key in
                if parser.matches(key, "value") {
                    number = parser.scalarNumber()
                    return number != nil || parser.skipValue()
                }
                return parser.skipValue()
            }
            if ok, let number { return number }
        case UInt8(ascii: "\""):
            if let text = string(), let number = Double(text) { return number }
        default:
            if let number = bareNumber() { return number }
        }
        index = start
        return nil
    }

    /// A key's bytes in the line, compared in place (no String is made for it).
    typealias Key = Range<Int>

    /// `{ "key": value, ... }`, calling `member` with the parser at each value.
    private mutating func object(_ member: (inout EMetricsLineParser, Key) -> Bool) -> Bool {
        skipSpace()
        guard consume(UInt8(ascii: "{")) else { return false }
        defer { depth -= 1 }
        guard enter() else { return false }
        skipSpace()
        if consume(UInt8(ascii: "}")) { return true }
        while true {
            skipSpace()
            guard let key = rawString() else { return false }
            skipSpace()
            guard consume(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard member(&self, key) else { return false }
            skipSpace()
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "}"))
        }
    }

    /// Skips any JSON value; false when it is malformed.
    private mutating func skipValue() -> Bool {
        skipSpace()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object { parser, _ in parser.skipValue() }
        case UInt8(ascii: "["):
            index += 1
            defer { depth -= 1 }
            guard enter() else { return false }
            skipSpace()
            if consume(UInt8(ascii: "]")) { return true }
            while true {
                guard skipValue() else { return false }
                skipSpace()
                if consume(UInt8(ascii: ",")) { continue }
                return consume(UInt8(ascii: "]"))
            }
        case UInt8(ascii: "\""): return skipString()
        case UInt8(ascii: "t"): return word("true")
        case UInt8(ascii: "f"): return word("false")
        case UInt8(ascii: "n"): return word("null")
        default:
            let start = index
            while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
            return index > start || word("NaN") || word("Infinity")
        }
    }

    /// The byte range of a string without escapes, the index after its closing quote.
    private mutating func rawString() -> Key? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// Skips a string, escapes included.
    private mutating func skipString() -> Bool {
        guard consume(UInt8(ascii: "\"")) else { return false }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return true
            case UInt8(ascii: "\\"): index += 2
            default: index += 1
            }
        }
        return false
    }

    private func matches(_ key: Key, _ text: StaticString) -> Bool {
        guard key.count == text.utf8CodeUnitCount else { return false }
        for offset in 0..<key.count where bytes[key.lowerBound + offset] != text.utf8Start[offset] { return false }
        return true
    }

    private func text(_ key: Key) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[key]), as: UTF8.self)
    }

    /// A string without escapes is read in place; one with escapes gives nil (the fallback
    /// parser handles it).
    private mutating func string() -> String? {
        rawString().map(text)
    }

    /// A JSON number, or Python's bare NaN / Infinity / -Infinity.
    private mutating func bareNumber() -> Double? {
        if word("NaN") { return .nan }
        if word("Infinity") { return .infinity }
        if word("-Infinity") { return -.infinity }
        let start = index
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        guard index > start else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else {
            index = start
            return nil
        }
        return value
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    private mutating func word(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
        index += count
        return true
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            index += 1
        }
    }
}
