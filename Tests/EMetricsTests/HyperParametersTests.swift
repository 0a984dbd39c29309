import EMetrics
import Foundation
import Testing

@Suite struct HyperParametersTests {
    private func config(_ json: String) throws -> (HyperParameters, URL) {
        let folder = try makeScratchFolder()
        let url = folder.appendingPathComponent("config.json")
        try Data(json.utf8).write(to: url)
        return (try HyperParameters(path: url.path), folder)
    }

    @Test func typedGettersFollowTheJSONTypes() throws {
        let (hp, folder) = try config(
            #"{"learning_rate": 0.006, "fc": 64, "width": 128.0, "optimizer": "adam", "bn": true}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try hp.double("learning_rate") == 0.006)
        #expect(try hp.int("fc") == 64)
        #expect(try hp.double("fc") == 64.0, "an int asked for as a double works")
        #expect(try hp.int("width") == 128, "an integral double asked for as an int works")
        #expect(try hp.string("optimizer") == "adam")
        #expect(try hp.bool("bn") == true)
        #expect(hp.names == ["bn", "fc", "learning_rate", "optimizer", "width"])
        let (precise, preciseFolder) = try config(#"{"m": 0.9559280786366011, "n": 0.0335642097975533}"#)
        defer { try? FileManager.default.removeItem(at: preciseFolder) }
        #expect(try precise.double("m") == 0.9559280786366011, "doubles are read exactly")
        #expect(try precise.double("n") == 0.0335642097975533)
    }

    @Test func errorsNameTheFileTheKeyWhatWasThereAndWhatWasAsked() throws {
        let (hp, folder) = try config(#"{"fc": "abc", "lr": 0.5, "bn": true, "n": 3}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("config.json").path
        #expect(throws: HyperParametersError.typeMismatch(path: path, key: "fc", found: "the string \"abc\"",
                                                          asked: "an integer")) { try hp.int("fc") }
        let message = try #require(errorText { try hp.int("fc") })
        #expect(message == "\(path): 'fc' is the string \"abc\", not an integer")
        #expect(errorText { try hp.int("lr") } == "\(path): 'lr' is the number 0.5, not an integer")
        #expect(errorText { try hp.double("bn") } == "\(path): 'bn' is the boolean true, not a number")
        #expect(errorText { try hp.string("n") } == "\(path): 'n' is the integer 3, not a string")
        #expect(errorText { try hp.double("momentum") }
            == "\(path): no hyperparameter 'momentum'; the file has: bn, fc, lr, n")
    }

    @Test func aMissingFileSaysWhereItLooked() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nope/config.json").path
        #expect(throws: HyperParametersError.missingFile(path: path)) { try HyperParameters(path: path) }
        #expect(errorText { try HyperParameters(path: path) }?.contains("no hyperparameters file at \(path)") == true)
    }

    @Test func invalidJSONIsReportedWithThePath() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("config.json")
        try Data("[1, 2]".utf8).write(to: url)
        #expect(errorText { try HyperParameters(path: url.path) }
            == "\(url.path) is not valid JSON: the top level is not a JSON object")
    }

    @Test func decodesIntoTheUsersOwnStruct() throws {
        struct Params: Decodable, Equatable {
            var learning_rate: Double
            var fc: Int
            var optimizer: String
        }
        let (hp, folder) = try config(#"{"learning_rate": 0.01, "fc": 32, "optimizer": "sgd"}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try hp.decode(Params.self) == Params(learning_rate: 0.01, fc: 32, optimizer: "sgd"))
        struct Wrong: Decodable { var momentum: Double }
        #expect(errorText { try hp.decode(Wrong.self) }?.hasSuffix("cannot decode Wrong: 'momentum' is missing") == true)
    }

    private func errorText(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? LocalizedError)?.errorDescription
        }
    }
}
