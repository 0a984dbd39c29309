import EMetrics
import Foundation
import Testing

/// Typed getters, decoding into the user's struct, and the error messages.
@Suite struct HyperParametersTests {
    static let json = #"""
        {"learning_rate": 0.006, "fc": 64, "width": 64.0, "half": 64.5, "flag": true,
         "optimizer": "adam", "name": "abc", "huge": 1e300, "nothing": null, "layers": [1, 2]}
        """#

    func parameters() throws -> HyperParameters { try HyperParameters(json: Data(Self.json.utf8)) }

    @Test func gettersReturnTheirTypes() throws {
        let hp = try parameters()
        #expect(try hp.double("learning_rate") == 0.006)
        #expect(try hp.int("fc") == 64)
        #expect(try hp.string("optimizer") == "adam")
        #expect(try hp.bool("flag") == true)
        #expect(hp.contains("fc") && !hp.contains("epochs"))
        #expect(hp.names == ["fc", "flag", "half", "huge", "layers", "learning_rate", "name", "nothing", "optimizer", "width"])
    }

    @Test func anIntegerIsADoubleAndAnIntegralDoubleIsAnInteger() throws {
        let hp = try parameters()
        #expect(try hp.double("fc") == 64.0)
        #expect(try hp.int("width") == 64)
        #expect(try hp.double("width") == 64.0)
    }

    @Test(arguments: [
        ("half", "int", #"config.json: 'half' is the number 64.5, not an integer"#),
        ("huge", "int", #"config.json: 'huge' is the number 1e+300, not an integer"#),
        ("name", "int", #"config.json: 'name' is the string "abc", not an integer"#),
        ("flag", "int", #"config.json: 'flag' is the boolean true, not an integer"#),
        ("flag", "double", #"config.json: 'flag' is the boolean true, not a number"#),
        ("fc", "bool", #"config.json: 'fc' is the number 64, not a boolean"#),
        ("fc", "string", #"config.json: 'fc' is the number 64, not a string"#),
        ("nothing", "double", #"config.json: 'nothing' is null, not a number"#),
        ("layers", "int", #"config.json: 'layers' is a list of 2 values, not an integer"#),
    ])
    func wrongTypesSayWhatWasThereAndWhatWasAsked(name: String, getter: String, message: String) throws {
        let hp = try parameters()
        let error = try #require(throws: HyperParametersError.self) {
            switch getter {
            case "int": _ = try hp.int(name)
            case "double": _ = try hp.double(name)
            case "bool": _ = try hp.bool(name)
            default: _ = try hp.string(name)
            }
        }
        #expect(error.localizedDescription == message)
    }

    @Test func aMissingKeyListsTheKeysPresent() throws {
        let hp = try HyperParameters(json: Data(#"{"lr": 0.1, "fc": 32}"#.utf8))
        let error = try #require(throws: HyperParametersError.self) { try hp.double("learning_rate") }
        #expect(error == .missingKey(path: "config.json", name: "learning_rate", present: ["fc", "lr"]))
        #expect(error.localizedDescription == "config.json: no hyperparameter 'learning_rate'; it has 'fc', 'lr'")
    }

    @Test func readsConfigJSONFromAFileAndNamesTheFileItLookedFor() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.url.appendingPathComponent("config.json")
        try Data(#"{"fc": 128}"#.utf8).write(to: file)
        #expect(try HyperParameters(contentsOf: file).int("fc") == 128)
        #expect(try HyperParameters(path: file.path).int("fc") == 128)

        let missing = scratch.path + "/nowhere/config.json"
        let error = try #require(throws: HyperParametersError.self) { try HyperParameters(path: missing) }
        guard case .fileNotFound(let path, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == missing)
        #expect(error.localizedDescription.hasPrefix("config.json not found: looked for \(missing) (working directory "))
    }

    @Test func relativePathIsResolvedInTheWorkingDirectory() throws {
        let error = try #require(throws: HyperParametersError.self) {
            try HyperParameters(path: "no-such-config-\(UUID().uuidString).json")
        }
        guard case .fileNotFound(let path, let cwd) = error else { Issue.record("unexpected \(error)"); return }
        #expect(cwd == FileManager.default.currentDirectoryPath)
        #expect(path.hasPrefix(cwd + "/no-such-config-"))
    }

    @Test func invalidJSONAndNonObjectsAreErrorsNamingTheFile() throws {
        let broken = try #require(throws: HyperParametersError.self) {
            try HyperParameters(json: Data(#"{"fc": 64,"#.utf8), path: "trial/config.json")
        }
        #expect(broken.localizedDescription.hasPrefix("trial/config.json: not valid JSON"))
        let list = try #require(throws: HyperParametersError.self) {
            try HyperParameters(json: Data("[1, 2]".utf8))
        }
        #expect(list.localizedDescription == "config.json: expected a JSON object of name -> value, found a list of 2 values")
    }

    struct Settings: Decodable, Equatable {
        var learning_rate: Double
        var fc: Int
        var optimizer: String
        var dropout: Double?
    }

    @Test func decodesIntoTheUsersStruct() throws {
        let hp = try HyperParameters(json: Data(#"{"learning_rate": 0.01, "fc": 256, "optimizer": "sgd"}"#.utf8))
        #expect(try hp.decode(Settings.self) == Settings(learning_rate: 0.01, fc: 256, optimizer: "sgd", dropout: nil))
        let integral = try HyperParameters(json: Data(#"{"learning_rate": 1, "fc": 256.0, "optimizer": "sgd"}"#.utf8))
        #expect(try integral.decode(Settings.self).fc == 256)
    }

    @Test func decodingErrorsNameTheKey() throws {
        let wrong = try HyperParameters(json: Data(#"{"learning_rate": 0.01, "fc": "abc", "optimizer": "sgd"}"#.utf8))
        let error = try #require(throws: HyperParametersError.self) { try wrong.decode(Settings.self) }
        #expect(error.localizedDescription == #"config.json: 'fc' is the string "abc", not an integer"#)

        let missing = try HyperParameters(json: Data(#"{"learning_rate": 0.01, "optimizer": "sgd"}"#.utf8))
        let absent = try #require(throws: HyperParametersError.self) { try missing.decode(Settings.self) }
        #expect(absent.localizedDescription == "config.json: no hyperparameter 'fc'; it has 'learning_rate', 'optimizer'")

        let fractional = try HyperParameters(json: Data(#"{"learning_rate": 0.01, "fc": 64.5, "optimizer": "sgd"}"#.utf8))
        let notIntegral = try #require(throws: HyperParametersError.self) { try fractional.decode(Settings.self) }
        #expect(notIntegral.localizedDescription == "config.json: 'fc' is the number 64.5, not an integer")

        let flag = try HyperParameters(json: Data(#"{"learning_rate": true, "fc": 1, "optimizer": "sgd"}"#.utf8))
        let boolean = try #require(throws: HyperParametersError.self) { try flag.decode(Settings.self) }
        #expect(boolean.localizedDescription == "config.json: 'learning_rate' is the boolean true, not a number")
    }

    struct Nested: Decodable {
        struct Model: Decodable { var widths: [UInt8] }
        var model: Model
    }

    @Test func nestedDecodingErrorsNameThePath() throws {
        let hp = try HyperParameters(json: Data(#"{"model": {"widths": [8, 300]}}"#.utf8))
        let error = try #require(throws: HyperParametersError.self) { try hp.decode(Nested.self) }
        #expect(error.localizedDescription == "config.json: 'model.widths[1]' is the number 300, not an integer that fits in UInt8")
        let missing = try HyperParameters(json: Data(#"{"model": {"width": [8]}}"#.utf8))
        let absent = try #require(throws: HyperParametersError.self) { try missing.decode(Nested.self) }
        #expect(absent.localizedDescription == "config.json: no hyperparameter 'model.widths'; it has 'width'")
    }
}
