import Foundation
import Yams

/// Reads an experiment manifest (PROTOCOL.md section 5): the whole WML experiment document
/// (`settings`, `training_references`, ...) or just its `hyper_parameters_optimization:`
/// section, in YAML or JSON. Throws `ManifestErrors` listing every error found.
public enum ManifestLoader {
    /// Loads a manifest file. With several training references, `trainingReference` names
    /// the one to use.
    public static func load(contentsOf url: URL, trainingReference: String? = nil, dialect: Dialect? = nil) throws
        -> Manifest {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ManifestErrors([unreadable(url)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestErrors([ManifestError(
                .unreadable, file: url.path, line: 1, column: 1, message: "the manifest is not UTF-8 text")])
        }
        return try parse(text, fileName: url.path, trainingReference: trainingReference, dialect: dialect)
    }

    /// Why a manifest cannot be read, with the manifests nearby when the path is a folder or
    /// names no file (`hporun validate .`, `exp.yaml` for `exp.yml`).
    static func unreadable(_ url: URL) -> ManifestError {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        let folder = isDirectory.boolValue ? url : url.deletingLastPathComponent()
        let manifests = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { name in
            [".yml", ".yaml", ".json"].contains { name.lowercased().hasSuffix($0) }
        }.sorted().prefix(100).filter { looksLikeManifest(folder.appendingPathComponent($0)) }
        let shown = { (names: [String]) in
            names.prefix(3).map { folder.appendingPathComponent($0).path }.joined(separator: " or ")
                + (names.count > 3 ? " (\(names.count) in all)" : "")
        }
        if exists, isDirectory.boolValue {
            return ManifestError(.unreadable, file: url.path, line: 1, column: 1, message: "this is a folder, not a manifest",
                                 fix: manifests.isEmpty ? "give the manifest file (exp.yml)" : "did you mean \(shown(manifests))?")
        }
        let near = exists ? nil : nearestKey(to: url.lastPathComponent, in: manifests)
        return ManifestError(
            .unreadable, file: url.path, line: 1, column: 1, message: exists ? "cannot read the manifest" : "no such file",
            fix: near.map { "did you mean \(shown([$0]))?" } ?? "check the path (\(url.path)) and that the file is readable")
    }

    /// Whether the file's first 4 KiB name a section of one of the dialects (read only from a
    /// regular file).
    private static func looksLikeManifest(_ url: URL) -> Bool {
        guard let head = RegularFile.bytes(url.path, limit: 4096) else { return false }
        let text = String(decoding: head, as: UTF8.self)
        return ["hyper_parameters_optimization", "hyper_parameter_optimization", "matrix", "deephyper"].contains(where: text.contains)
    }

    /// `dialect`: read the document as this dialect; nil: the one `Dialect.detect` finds.
    public static func parse(_ text: String, fileName: String, trainingReference: String? = nil, dialect: Dialect? = nil)
        throws -> Manifest {
        let text = withoutLeadingDocumentEnd(text)
        var reader = ManifestReader(file: fileName)
        reader.sourceLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ManifestErrors([ManifestError(
                    .syntax, file: fileName, line: 1, column: 1, message: "the manifest is empty",
                    fix: "start with 'hyper_parameters_optimization:' (see Samples/quickstart/exp.yml)")])
            }
            root = node
        } catch let error as YamlError {
            throw ManifestErrors([syntaxError(error, file: fileName, text: text)])
        }
        let manifest = reader.read(root, dialect: dialect, trainingReference: trainingReference)
        if manifest == nil, reader.errors.isEmpty {
            reader.fail(.syntax, at: root, "the manifest could not be read as \((dialect ?? .wml).title)")
        }
        guard reader.errors.isEmpty, let manifest else {
            throw ManifestErrors(reader.errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return manifest
    }

    /// YAML 1.2 allows a document-end marker (`...`) before the first document, as Polyaxon's
    /// documentation starts its shortened examples; libyaml (YAML 1.1) refuses it. Such a line
    /// is blanked, which keeps every other line where it was.
    static func withoutLeadingDocumentEnd(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for index in lines.indices {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard line == "..." else { break }
            lines[index] = ""
        }
        return lines.joined(separator: "\n")
    }

    /// Yams' own message and position for YAML that does not parse (tabs, bad indentation).
    private static func syntaxError(_ error: YamlError, file: String, text: String) -> ManifestError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let hasTab = problem.contains("tab") || (mark.line >= 1 && mark.line <= lines.count
                && lines[mark.line - 1].prefix { $0 == " " || $0 == "\t" }.contains("\t"))
            let tabHint = hasTab ? "indent with spaces, not tabs" : nil
            let message = "invalid YAML: " + problem + (context.map { " (\($0.text))" } ?? "")
            return ManifestError(.syntax, file: file, line: mark.line, column: mark.column, message: message,
                                 fix: tabHint ?? "check the indentation and the ':' and '-' around this line")
        case .reader(let problem, _, _, _):
            return ManifestError(.syntax, file: file, line: 1, column: 1, message: "cannot read the YAML: \(problem)")
        default:
            return ManifestError(.syntax, file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }
}

extension Manifest {
    /// The search space of the manifest's hyperparameters.
    public var space: SearchSpace { SearchSpace(hyperParameters) }
}

/// The two shapes of document.
extension ManifestReader {
    static let hpoKeys = ["method", "hyper_parameters", "starting_points"]
    static let documentKeys = ["settings", "training_references", "training_results_reference", "name", "description"]
    static let referenceKeys = [
        "name", "command", "hyper_parameters_optimization", "training_definition_url", "compute_configuration",
        "pretrained_model", "training_data_reference",
    ]

    mutating func document(_ root: Node, trainingReference: String?) -> Manifest? {
        guard let entries = mapping(root, "the manifest") else { return nil }
        if let hpo = entries.first(where: { $0.key == "hyper_parameters_optimization" }) {
            checkKeys(entries, allowed: ["hyper_parameters_optimization"], in: "the manifest")
            return section(hpo.value, experimentName: nil, reference: nil, command: nil)
        }
        checkKeys(entries, allowed: Self.documentKeys, in: "the WML experiment document")
        var experimentName: String?
        if let settings = entries.first(where: { $0.key == "settings" })?.value,
           let settingsEntries = mapping(settings, "settings") {
            for entry in settingsEntries {
                if entry.key == "name" {
                    experimentName = string(entry.value, "settings.name")
                } else {
                    ignoredKeys.append("settings.\(entry.key)")
                }
            }
        }
        for entry in entries where !["settings", "training_references"].contains(entry.key) {
            ignoredKeys.append(entry.key)
        }
        guard let referencesNode = entries.first(where: { $0.key == "training_references" })?.value else {
            fail(.missingKey, at: root, "the manifest has neither 'hyper_parameters_optimization' nor 'training_references'",
                 fix: "start with 'hyper_parameters_optimization:' holding 'method' and 'hyper_parameters' "
                    + "(Samples/quickstart/exp.yml is a complete one)")
            return nil
        }
        guard let references = sequence(referencesNode, "training_references") else { return nil }
        guard let chosen = chooseReference(references, named: trainingReference, at: referencesNode) else { return nil }
        guard let referenceEntries = mapping(chosen, "a training reference") else { return nil }
        let referenceName = referenceEntries.first { $0.key == "name" }.flatMap { string($0.value, "name") }
        checkKeys(referenceEntries, allowed: Self.referenceKeys, in: "training reference '\(referenceName ?? "")'")
        let commandNode = referenceEntries.first { $0.key == "command" }?.value
        let command = commandNode.flatMap { string($0, "command") }
        for entry in referenceEntries where ["training_definition_url", "compute_configuration", "pretrained_model",
                                             "training_data_reference"].contains(entry.key) {
            ignoredKeys.append("training_references[\(referenceName ?? "?")].\(entry.key)")
        }
        guard let hpo = referenceEntries.first(where: { $0.key == "hyper_parameters_optimization" })?.value else {
            fail(.missingKey, at: chosen, "training reference '\(referenceName ?? "")' has no 'hyper_parameters_optimization'",
                 fix: "add a hyper_parameters_optimization section with 'method' and 'hyper_parameters'")
            return nil
        }
        return section(hpo, experimentName: experimentName, reference: referenceName,
                       command: command.flatMap { text in commandNode.map { (text, $0) } })
    }

    private mutating func chooseReference(_ references: [Node], named name: String?, at node: Node) -> Node? {
        let names = references.map { $0.mapping?["name"]?.string ?? "" }
        if let name {
            guard let index = names.firstIndex(of: name) else {
                fail(.unknownTrainingReference, at: node, "no training reference named '\(name)'",
                     fix: "choose one of: \(names.joined(separator: ", "))")
                return nil
            }
            return references[index]
        }
        switch references.count {
        case 0:
            fail(.emptyList, at: node, "training_references is empty")
            return nil
        case 1:
            return references[0]
        default:
            fail(.noTrainingReference, at: node, "the manifest has \(references.count) training references",
                 fix: "choose one with --training-reference NAME: \(names.joined(separator: ", "))")
            return nil
        }
    }

    private mutating func section(_ node: Node, experimentName: String?, reference: String?, command: (String, Node)?)
        -> Manifest? {
        guard let entries = mapping(node, "hyper_parameters_optimization") else { return nil }
        checkKeys(entries, allowed: Self.hpoKeys, in: "hyper_parameters_optimization")
        let parameters = entries.first { $0.key == "hyper_parameters" }.map { hyperParameters($0.value) } ?? {
            fail(.missingKey, at: node, "hyper_parameters_optimization has no 'hyper_parameters'",
                 fix: "add 'hyper_parameters:' listing what to tune")
            return []
        }()
        let valid = errors.isEmpty ? parameters : nil
        let method = entries.first { $0.key == "method" }.map { self.method($0.value, hyperParameters: valid) } ?? {
            fail(.missingKey, at: node, "hyper_parameters_optimization has no 'method'",
                 fix: "add 'method:' with 'name' and 'parameters' (objective, maximize_or_minimize)")
            return nil
        }()
        if let (text, commandNode) = command { checkCommand(text, at: commandNode, hyperParameters: parameters) }
        let starts = entries.first { $0.key == "starting_points" }.map {
            startingPoints($0.value, hyperParameters: parameters, grid: method?.name == .grid)
        }
        guard let method else { return nil }
        checkResource(method, hyperParameters: parameters, at: node)
        var manifest = Manifest(experimentName: experimentName, trainingReference: reference, command: command?.0,
                                method: method, hyperParameters: parameters, ignoredKeys: ignoredKeys)
        manifest.startingPoints = starts ?? []
        return manifest
    }
}
