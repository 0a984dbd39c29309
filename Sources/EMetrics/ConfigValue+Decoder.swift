/// A `Decoder` over a parsed `config.json`, so `HyperParameters.decode(_:)` follows the same
/// rules as the getters (an integer is a valid `Double`; a float is an `Int` only when
/// integral) and its errors name the key and what was there. (`JSONDecoder` reports a
/// `64.5` given for an `Int` as "not valid JSON" with no key: swift-foundation issue #274.)
struct ConfigDecoder: Decoder {
    let value: ConfigValue
    let codingPath: [any CodingKey]
    let file: String
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = value else { throw wrongType("an object") }
        return KeyedDecodingContainer(Keyed<Key>(fields: fields, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw wrongType("a list") }
        return Unkeyed(items: items, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    func child(_ value: ConfigValue, _ key: any CodingKey) -> ConfigDecoder {
        ConfigDecoder(value: value, codingPath: codingPath + [key], file: file)
    }

    func wrongType(_ asked: String) -> HyperParametersError {
        .wrongType(path: file, name: Self.name(codingPath), found: value.phrase, asked: asked)
    }

    /// `fc`, `model.width`, `layers[1]`.
    static func name(_ path: [any CodingKey]) -> String {
        var name = ""
        for key in path {
            if let index = key.intValue, key.stringValue == "Index \(index)" {
                name += "[\(index)]"
            } else {
                name += (name.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return name
    }

    func decodeBool() throws -> Bool {
        guard case .bool(let value) = value else { throw wrongType("a boolean") }
        return value
    }

    func decodeString() throws -> String {
        guard case .string(let value) = value else { throw wrongType("a string") }
        return value
    }

    func decodeFloat<T: BinaryFloatingPoint>(_: T.Type) throws -> T {
        switch value {
        case .int(let value): return T(value)
        case .double(let value): return T(value)
        default: throw wrongType("a number")
        }
    }

    func decodeInteger<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let result: T?
        switch value {
        case .int(let value): result = T(exactly: value)
        case .double(let value): result = T(exactly: value)
        default: result = nil
        }
        guard let result else {
            let fits = T.self == Int.self ? "an integer" : "an integer that fits in \(T.self)"
            throw wrongType(fits)
        }
        return result
    }

    /// Primitives (every integer and floating-point width, `Bool`, `String`) are read here;
    /// anything else decodes itself through the containers (their `init(from:)` of a
    /// primitive would call back into this one).
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Bool.self { return try decodeBool() as! T }
        if T.self == String.self { return try decodeString() as! T }
        if let integer = type as? any FixedWidthInteger.Type { return try decodeInteger(integer) as! T }
        if let float = type as? any BinaryFloatingPoint.Type { return try decodeFloat(float) as! T }
        return try T(from: self)
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let fields: [String: ConfigValue]
        let decoder: ConfigDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] { fields.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

        private func child(_ key: Key) throws -> ConfigDecoder {
            guard let value = fields[key.stringValue] else {
                let name = ConfigDecoder.name(codingPath + [key])
                throw HyperParametersError.missingKey(path: decoder.file, name: name, present: fields.keys.sorted())
            }
            return decoder.child(value, key)
        }

        func decodeNil(forKey key: Key) throws -> Bool { try child(key).value == .null }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        { try child(key).container(keyedBy: type) }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try child(key).unkeyedContainer()
        }
        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [ConfigValue]
        let decoder: ConfigDecoder
        var currentIndex = 0
        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next() throws -> ConfigDecoder {
            guard !isAtEnd else {
                throw HyperParametersError.wrongType(
                    path: decoder.file, name: ConfigDecoder.name(codingPath),
                    found: decoder.value.phrase, asked: "a longer list")
            }
            defer { currentIndex += 1 }
            return decoder.child(items[currentIndex], IndexKey(index: currentIndex))
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        { try next().container(keyedBy: type) }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { try next() }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: ConfigDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        func decodeNil() -> Bool { decoder.value == .null }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
    }

    struct IndexKey: CodingKey {
        let index: Int
        init(index: Int) { self.index = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { index = intValue }
        var stringValue: String { "Index \(index)" }
        var intValue: Int? { index }
    }
}
