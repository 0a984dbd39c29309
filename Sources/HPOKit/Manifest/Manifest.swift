/// An experiment manifest as resolved from YAML or JSON (PROTOCOL.md section 5): the
/// method, the hyperparameters, and, for a whole WML document, the chosen training
/// reference's command and the experiment's name.
public struct Manifest: Sendable, Hashable {
    /// `settings.name` of a whole WML document; nil for a bare
    /// `hyper_parameters_optimization:` section (the runner then uses the file name).
    public var experimentName: String?
    /// The chosen training reference's `name`, when the document has training references.
    public var trainingReference: String?
    /// The training reference's `command`, run through `/bin/sh -c` when no command
    /// follows `--` on the command line.
    public var command: String?
    public var method: Method
    public var hyperParameters: [HyperParameter]
    /// Keys of the WML document that concern its cloud service, accepted but ignored
    /// (`settings.author`, `training_results_reference`, ...).
    public var ignoredKeys: [String]
    /// Configurations to run first, in order, before the optimizer proposes
    /// (`starting_points`; each checked against the space when the manifest is read).
    public var startingPoints: [Config] = []
    /// The form of document it was read from (Manifest/Dialects/).
    public var dialect: Dialect = .wml
    /// What the dialect's reader says about the document: keys it ignores, values it mapped.
    public var dialectNotes: [String] = []
    /// Where a dialect's file takes the command from (`the run.container of the component in
    /// pathRef ./polyaxonfile.yml`), or why it has none, when the reader knows.
    public var commandNote: String?
    /// What the document says that is valid but most likely not what its author meant (a
    /// power range whose bounds look like the values instead of their exponents): `validate`
    /// and the run's first lines say each.
    public var cautions: [String] = []

    /// One line for each ignored key, each note of the dialect's reader and each caution, for people.
    public var notes: [String] { ignoredKeys.map { "\($0) is for WML's service; ignored" } + dialectNotes + cautions }

    public init(
        experimentName: String? = nil, trainingReference: String? = nil, command: String? = nil,
        method: Method, hyperParameters: [HyperParameter], ignoredKeys: [String] = []
    ) {
        self.experimentName = experimentName
        self.trainingReference = trainingReference
        self.command = command
        self.method = method
        self.hyperParameters = hyperParameters
        self.ignoredKeys = ignoredKeys
    }
}

/// `hyper_parameters_optimization.method`: which optimizer, and its parameters.
public struct Method: Sendable, Hashable {
    public var name: MethodName
    /// The TEST metric to optimise, e.g. `accuracy`.
    public var objective: String
    public var direction: Direction
    /// How many trials to finish (completed or failed). Default 20 (`defaultSteps`).
    public var numOptimizerSteps: Int
    /// `epoch`, `iteration` or `step`: a label, recorded.
    public var timeInterval: String?
    /// The TEST history file training code may write instead of emetrics.
    public var filename: String
    public var objectiveStrategy: ObjectiveStrategy
    public var maxConcurrentTrials: Int?
    public var randomSeed: UInt64?
    public var trialTimeoutSeconds: Double?
    public var maxFailedTrials: Int?
    /// Where trials run (hporun's own parameter; `--launcher` overrides it).
    public var launcher: LauncherKind?
    /// Extra sbatch arguments, as one string split like a shell's words (hporun's own).
    public var slurmArguments: [String]?
    /// Which pruner stops trials early (hporun's own `pruner*` parameters; `--pruner` overrides it).
    public var pruner: PrunerSettings?
    /// Polyaxon's early stopping: no more trials once a TEST metric reaches a value; with
    /// several rules (Polyaxon's list), once any of them is met, each on its own metric.
    public var earlyStoppingRules: [EarlyStopping] = []
    /// The first early-stopping rule (the only one WML form's method parameters give).
    public var earlyStopping: EarlyStopping? {
        get { earlyStoppingRules.first }
        set { earlyStoppingRules = newValue.map { [$0] } ?? [] }
    }
    /// The method's own settings (`tpe_gamma`, `bo_kernel`, ...: `MethodOption` lists them),
    /// by name, each already checked against its method, type and range.
    public var options: [String: ParameterValue] = [:]

    public static let defaultSteps = 20
    public static let defaultFilename = "val_dict_list.json"

    public init(
        name: MethodName, objective: String, direction: Direction,
        numOptimizerSteps: Int = Method.defaultSteps, timeInterval: String? = nil,
        filename: String = Method.defaultFilename, objectiveStrategy: ObjectiveStrategy = .best,
        maxConcurrentTrials: Int? = nil, randomSeed: UInt64? = nil,
        trialTimeoutSeconds: Double? = nil, maxFailedTrials: Int? = nil, launcher: LauncherKind? = nil,
        slurmArguments: [String]? = nil, pruner: PrunerSettings? = nil
    ) {
        self.name = name
        self.objective = objective
        self.direction = direction
        self.numOptimizerSteps = numOptimizerSteps
        self.timeInterval = timeInterval
        self.filename = filename
        self.objectiveStrategy = objectiveStrategy
        self.maxConcurrentTrials = maxConcurrentTrials
        self.randomSeed = randomSeed
        self.trialTimeoutSeconds = trialTimeoutSeconds
        self.maxFailedTrials = maxFailedTrials
        self.launcher = launcher
        self.slurmArguments = slurmArguments
        self.pruner = pruner
    }
}

/// Where trials run: local processes, or one Slurm job each.
public enum LauncherKind: String, Sendable, Hashable, CaseIterable {
    case local
    case slurm
}

/// The optimizers a manifest can name. Adding one is adding a case here and a line in
/// `OptimizerFactory.make` (Optimize/).
public enum MethodName: String, Sendable, Hashable, CaseIterable {
    case rbfopt
    case random
    /// Every point of a finite space (Polyaxon's `grid_search`).
    case grid
    /// Tree-structured Parzen Estimator (hyperopt's and Log(ML)'s `tpe`).
    case tpe
    /// Gaussian-process Bayesian optimisation (Polyaxon's `bo`).
    case bo
}

public enum Direction: String, Sendable, Hashable, CaseIterable {
    case maximize
    case minimize
}

/// Which value of a trial's TEST history is its objective (PROTOCOL.md section 4).
public enum ObjectiveStrategy: String, Sendable, Hashable, CaseIterable {
    /// The best value in the objective's direction (Katib's default).
    case best
    /// The last value reported.
    case last
}

/// One entry of `hyper_parameters`.
public struct HyperParameter: Sendable, Hashable {
    /// The parameter's name: unique in the space, the `{{ name }}` placeholder, the column of
    /// `status`. A grouped parameter's name is `group.key` (see `group`).
    public var name: String
    public var domain: Domain
    /// When the parameter exists at all: every condition must hold (an empty list: always).
    /// An inactive parameter is absent from `config.json` and NaN in the optimizer's point.
    public var conditions: [Condition]
    /// The value of the starting point (DeepHyper's `default`, WML form's `default:`); the
    /// first trial runs the defaults. Validated against `domain`.
    public var defaultValue: ParameterValue?
    /// Log(ML)'s workflow step: `config.json` nests a grouped parameter as
    /// `{"group": {"key": value}}`, where the key is the name without its `group.` prefix.
    public var group: String?
    /// Where `config.json` puts the value, as a path of keys, when it is not the name nor the
    /// group and key: a parameter inside hyperopt's nested choice (`["model_create",
    /// "classifier", "C"]`).
    public var jsonPath: [String]?
    /// hyperopt's nested choice: the parameter's values are these options' labels, and
    /// `config.json` holds at its place what the chosen option is (Space/NestedOption).
    public var nestedOptions: [NestedOption]?

    public init(
        name: String, domain: Domain, conditions: [Condition] = [], defaultValue: ParameterValue? = nil,
        group: String? = nil
    ) {
        self.name = name
        self.domain = domain
        self.conditions = conditions
        self.defaultValue = defaultValue
        self.group = group
    }

    /// The key inside its group's object in `config.json` (the name itself when ungrouped).
    public var jsonKey: String {
        guard let group, name.hasPrefix(group + "."), name.count > group.count + 1 else { return name }
        return String(name.dropFirst(group.count + 1))
    }

    /// The keys that lead to the value in `config.json`: `jsonPath`, else group and key, else the name.
    public var place: [String] { jsonPath ?? group.map { [$0, jsonKey] } ?? [name] }
}

/// "Active only when `parent` takes one of `values`" (hyperopt's nested choice; WML form's
/// `condition: {name: optimizer, values: [sgd]}`). When the parent is itself inactive, the
/// condition does not hold. A numeric value matches an int or a double of the same number.
public struct Condition: Sendable, Hashable {
    public var parent: String
    public var values: [ParameterValue]

    public init(parent: String, values: [ParameterValue]) {
        self.parent = parent
        self.values = values
    }
}

/// The kinds of hyperparameter: WML's five, and the distributions of hyperopt, Polyaxon and
/// DeepHyper (`distribution`).
public enum Domain: Sendable, Hashable {
    /// `double_range`: with `step`, a grid from min to max inclusive; with `power`, the
    /// value is power^x for a continuous x in [min, max] (log-uniform); else uniform.
    case doubleRange(min: Double, max: Double, step: Double? = nil, power: Double? = nil)
    /// `int_range`: with `step`, every step-th integer; with `power`, power^x for integer
    /// x in [min, max] (`power: 2` over 5...10 gives 32 ... 1024).
    case intRange(min: Int, max: Int, step: Int? = nil, power: Double? = nil)
    /// An ordered list of doubles (an ordinal dimension).
    case doubleValues([Double])
    /// An ordered list of integers (an ordinal dimension).
    case intValues([Int])
    /// Unordered categories.
    case stringValues([String])
    /// A prior distribution (uniform, log-uniform, normal, ..., weighted choice), which
    /// `random` samples and the model-based optimizers search in its natural box.
    case distribution(Distribution)
}
