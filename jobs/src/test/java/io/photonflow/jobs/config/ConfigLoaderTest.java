package io.photonflow.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.data.DataSpec;
import io.photonflow.math.Activation;
import io.photonflow.math.Algorithm;
import io.photonflow.math.OptimizerSpec;
import io.photonflow.math.Sharding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void defaultsDescribeTheDefaultJob() throws Exception {
        JobConfig config = loader.load(null, List.of());
        assertThat(config.network().layers()).hasSize(3);
        assertThat(config.network().hidden()).containsExactly(1024, 1024);
        assertThat(config.network().activation()).isEqualTo(Activation.TANH);
        assertThat(config.algorithm()).isEqualTo(Algorithm.DFA);
        assertThat(config.optimizer().kind()).isEqualTo(OptimizerSpec.Kind.ADAM);
        assertThat(config.training().batchSize()).isEqualTo(128);
        assertThat(config.training().epochs()).isEqualTo(5);
        assertThat(config.data().normalization()).isEqualTo(DataSpec.Normalization.STANDARDIZE);
        assertThat(config.checkpointing().intervalDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void fileOverridesDefaultsAndArgumentsOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(
                file,
                "network:\n  hidden: [32]\n  activation: relu\noptimizer:\n  kind: sgd\n"
                        + "training:\n  epochs: 3\n");
        JobConfig config =
                loader.load(file, List.of("training.epochs=7", "network.hidden=[16, 8]"));
        assertThat(config.network().hidden()).containsExactly(16, 8);
        assertThat(config.network().activation()).isEqualTo(Activation.RELU);
        assertThat(config.optimizer().kind()).isEqualTo(OptimizerSpec.Kind.SGD);
        assertThat(config.training().epochs()).isEqualTo(7);
        assertThat(config.training().batchSize()).isEqualTo(128);
    }

    @Test
    void everyInvalidValueIsReportedWithItsKey() {
        assertThatThrownBy(
                        () ->
                                loader.load(
                                        null,
                                        List.of(
                                                "training.batch-size=0",
                                                "optimizer.learning-rate=-1",
                                                "checkpointing.interval=soon",
                                                "network.hidden=[64, 0]",
                                                "online.prediction-lag=-1")))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((ConfigException) e).problems())
                                        .containsExactlyInAnyOrder(
                                                "override 'training.batch-size=0': training.batch-size must be positive, got 0",
                                                "override 'optimizer.learning-rate=-1': optimizer.learning-rate must be a positive number, got -1.0",
                                                "override 'checkpointing.interval=soon': checkpointing.interval must be a duration such as '10 s' or '500 ms', got 'soon'",
                                                "override 'network.hidden=[64, 0]': network.hidden[1] must be a positive width, got 0",
                                                "override 'online.prediction-lag=-1': online.prediction-lag must be 0 or more, got -1"));
    }

    @Test
    void aFractionalCountADuplicateKeyAndDfaWithoutHiddenLayersAreRefused(@TempDir Path dir)
            throws Exception {
        assertThatThrownBy(() -> loader.load(null, List.of("training.epochs=1.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.epochs");
        Path twice =
                Files.writeString(
                        dir.resolve("twice.yaml"), "training:\n  epochs: 2\n  epochs: 3\n");
        assertThatThrownBy(() -> loader.load(twice, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(twice.toString())
                .hasMessageContaining("epochs");
        assertThatThrownBy(() -> loader.load(null, List.of("network.hidden=[]")))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((ConfigException) e).problems())
                                        .containsExactly(
                                                "override 'network.hidden=[]': network.hidden is"
                                                        + " empty, but algorithm dfa"
                                                        + " projects the error onto hidden layers:"
                                                        + " give at least one, or use"
                                                        + " algorithm=bp"));
        assertThat(
                        loader.load(null, List.of("network.hidden=[]", "algorithm=bp"))
                                .network()
                                .hidden())
                .isEmpty();
    }

    @Test
    void aConfigFileThatIsMissingOrAFolderIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> loader.load(missing, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "invalid configuration " + missing + ":\n  - no such configuration file");
        assertThatThrownBy(() -> loader.load(dir, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir + ":\n  - is a directory");
    }

    @Test
    void everyUnknownKeyAndWrongKindOfValueIsReportedNotOnlyTheFirst(@TempDir Path dir)
            throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("job.yaml"),
                        "training:\n  epochs: x\n  batchsize: 3\n"
                                + "network:\n  hidden: 5\n  activation: nope\n  foo: 1\n");
        assertThatThrownBy(() -> loader.load(file, List.of("seeds.dta=4")))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((ConfigException) e).problems())
                                        .containsExactlyInAnyOrder(
                                                "override 'seeds.dta=4': unknown key 'seeds.dta';"
                                                        + " known keys here: data, init, feedback",
                                                "training.epochs: 'x' is not a valid whole number",
                                                "unknown key 'training.batchsize'; known keys here:"
                                                        + " batch-size, epochs, eval-batch-size,"
                                                        + " staleness",
                                                "network.hidden: expected a list, e.g. [1, 2]",
                                                "network.activation: 'nope' is not a valid choice"
                                                        + " (one of tanh, relu, sigmoid, identity)",
                                                "unknown key 'network.foo'; known keys here:"
                                                        + " activation, classes, dropout, hidden,"
                                                        + " input, kind"));
    }

    @Test
    void invalidValuesAreReportedBesideValuesOfTheWrongKind() {
        assertThatThrownBy(
                        () ->
                                loader.load(
                                        null,
                                        List.of("training.epochs=x", "training.staleness=-1")))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((ConfigException) e).problems())
                                        .hasSize(2)
                                        .anySatisfy(
                                                problem ->
                                                        assertThat(problem)
                                                                .startsWith(
                                                                        "override 'training.epochs=x'"))
                                        .anySatisfy(
                                                problem ->
                                                        assertThat(problem)
                                                                .startsWith(
                                                                        "override 'training.staleness=-1': training.staleness")));
    }

    @Test
    void kindsOfValuesAreSaidInWordsNotJavaTypes() {
        assertThatThrownBy(() -> loader.load(null, List.of("training=5", "network.hidden=7")))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((ConfigException) e).problems())
                                        .containsExactlyInAnyOrder(
                                                "override 'training=5': training: expected a"
                                                        + " section with the keys batch-size,"
                                                        + " epochs, staleness, eval-batch-size",
                                                "override 'network.hidden=7': network.hidden:"
                                                        + " expected a list, e.g. [1, 2]"))
                .satisfies(
                        e ->
                                assertThat(e.getMessage())
                                        .doesNotContain("ArrayList")
                                        .doesNotContain("TrainingSpec"));
        assertThatThrownBy(() -> loader.load(null, List.of("training={epochs: 2}")))
                .hasMessageContaining(
                        "override 'training={epochs: 2}': training.batch-size is missing: expected"
                                + " a whole number");
        assertThatThrownBy(() -> loader.load(null, List.of("checkpointing.enabled=maybe")))
                .hasMessageContaining("checkpointing.enabled: 'maybe' is not true or false");
    }

    @Test
    void problemsOfOverridesAreHeadedByTheOverride(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> loader.load(null, List.of("training.epochs=0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "invalid configuration:\n  - override 'training.epochs=0': training.epochs"
                                + " must be positive, got 0");
        Path file = Files.writeString(dir.resolve("job.yaml"), "training:\n  batch-size: 0\n");
        assertThatThrownBy(() -> loader.load(file, List.of("network.hidden=[64, 0]")))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((ConfigException) e).problems())
                                        .containsExactlyInAnyOrder(
                                                "training.batch-size must be positive, got 0",
                                                "override 'network.hidden=[64, 0]':"
                                                        + " network.hidden[1] must be a positive"
                                                        + " width, got 0"))
                .hasMessageStartingWith("invalid configuration " + file + ":");
    }

    @Test
    void oneKeyOfASectionSetOnItsOwnGetsAdviceToReplaceTheSection() {
        assertThatThrownBy(() -> loader.load(null, List.of("data.train.avro=F.avro")))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((ConfigException) e).problems())
                                        .containsExactly(
                                                "override 'data.train.avro=F.avro': data.train:"
                                                        + " give either images and labels (idx"
                                                        + " files) or avro, not both; to replace"
                                                        + " all of data.train, write"
                                                        + " 'data.train={avro: F.avro}' (quoted:"
                                                        + " the space after the colon is"
                                                        + " needed)"));
    }

    @Test
    void aKeyOfTheDefaultsStaysKnownAfterItsSectionWasReplaced() throws Exception {
        JobConfig config =
                loader.load(
                        null,
                        List.of(
                                "data.train={avro: /data/train.avro}",
                                "data.train.avro=null",
                                "data.train.images=/data/images.gz",
                                "data.train.labels=/data/labels.gz"));
        assertThat(config.data().train().images()).isEqualTo("/data/images.gz");
        assertThat(config.data().train().avro()).isNull();
    }

    @Test
    void pathsThatCannotServeAreRefusedNamingKeyAndPath(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path file = Files.writeString(dir.resolve("file"), "not a folder");
        assertThatThrownBy(
                        () ->
                                loader.load(
                                        null,
                                        List.of(
                                                "data.train={avro: " + folder + "}",
                                                "data.test.images=" + folder,
                                                "initial-model=" + folder,
                                                "output.directory=" + file)))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((ConfigException) e).problems())
                                        .containsExactlyInAnyOrder(
                                                "override 'data.train={avro: "
                                                        + folder
                                                        + "}': data.train.avro: "
                                                        + folder
                                                        + " is a folder; data.train.avro names a"
                                                        + " file",
                                                "override 'data.test.images="
                                                        + folder
                                                        + "': data.test.images: "
                                                        + folder
                                                        + " is a folder; data.test.images names a"
                                                        + " file",
                                                "override 'initial-model="
                                                        + folder
                                                        + "': initial-model: "
                                                        + folder
                                                        + " is a folder; initial-model names a"
                                                        + " file",
                                                "override 'output.directory="
                                                        + file
                                                        + "': output.directory: "
                                                        + file
                                                        + " is a file, not a folder"));
        assertThatThrownBy(
                        () ->
                                loader.load(
                                        null,
                                        List.of(
                                                "network.kind=gcn",
                                                "data.normalization=row",
                                                "data.graph=" + file,
                                                "output.directory=" + file.resolve("run"))))
                .isInstanceOf(ConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((ConfigException) e).problems())
                                        .containsExactlyInAnyOrder(
                                                "override 'data.graph="
                                                        + file
                                                        + "': data.graph: "
                                                        + file
                                                        + " is a file; data.graph names a folder"
                                                        + " with nodes.tsv, edges.tsv and"
                                                        + " split.tsv",
                                                "override 'output.directory="
                                                        + file.resolve("run")
                                                        + "': output.directory: cannot create "
                                                        + file.resolve("run")
                                                        + ": "
                                                        + file
                                                        + " is a file"));
    }

    @Test
    void graphNetworksAndGraphDataComeTogether() {
        assertThatThrownBy(() -> loader.load(null, List.of("network.kind=gcn")))
                .hasMessageContaining("data.graph must name a graph dataset for a gcn network");
        assertThatThrownBy(() -> loader.load(null, List.of("data.graph=/tmp/cora")))
                .hasMessageContaining("data.graph is for gcn networks");
        assertThatThrownBy(() -> loader.load(null, List.of("network.dropout=0.5")))
                .hasMessageContaining("network.dropout applies to gcn networks only");
        assertThatThrownBy(() -> loader.load(null, List.of("data.normalization=row")))
                .hasMessageContaining("data.normalization row applies to graphs");
        assertThatThrownBy(() -> loader.load(null, List.of("projection.opu.bit-depth=17")))
                .hasMessageContaining("projection.opu.bit-depth must be between 1 and 16, got 17")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("projection.kind"));
    }

    @Test
    void unknownKeysAreNamedWithTheKnownOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, "optimizer:\n  learning-rat: 0.1\n");
        assertThatThrownBy(() -> loader.load(file, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unknown key 'optimizer.learning-rat'")
                .hasMessageContaining("learning-rate");
        assertThatThrownBy(() -> loader.load(null, List.of("training.epoch=3")))
                .hasMessageContaining("override 'training.epoch=3': unknown key 'training.epoch'")
                .hasMessageContaining("epochs");
    }

    @Test
    void wrongTypesAndChoicesAreExplained() {
        assertThatThrownBy(() -> loader.load(null, List.of("training.epochs=many")))
                .hasMessageContaining("training.epochs: 'many' is not a valid whole number");
        assertThatThrownBy(() -> loader.load(null, List.of("algorithm=magic")))
                .hasMessageContaining("algorithm: 'magic' is not a valid choice (one of dfa, bp)");
        assertThatThrownBy(() -> loader.load(null, List.of("runtime.placement=per_slot")))
                .hasMessageContaining(
                        "runtime.placement: 'per_slot' is not a valid choice (one of shared, per-layer)");
        assertThatThrownBy(() -> loader.load(null, List.of("epochs")))
                .hasMessageContaining("must look like key=value");
    }

    @Test
    void choicesAreWrittenInKebabCase() throws Exception {
        assertThat(loader.load(null, List.of("runtime.placement=per-layer")).runtime().placement())
                .isEqualTo(RuntimeSpec.Placement.PER_LAYER);
        assertThat(loader.load(null, List.of("algorithm=BP")).algorithm()).isEqualTo(Algorithm.BP);
    }

    @Test
    void shardsAreOneValueForEveryHiddenLayerOrOnePerLayer() throws Exception {
        assertThat(loader.load(null, List.of()).setup().sharding()).isEqualTo(Sharding.of(1));
        assertThat(loader.load(null, List.of("runtime.shards=4")).setup().sharding())
                .isEqualTo(Sharding.of(4));
        assertThat(loader.load(null, List.of("runtime.shards=[2,4]")).setup().sharding())
                .isEqualTo(new Sharding(List.of(2, 4)));
    }

    @Test
    void shardsALayerCannotHoldAreReportedWithTheirKey() {
        assertThatThrownBy(() -> loader.load(null, List.of("runtime.shards=2000")))
                .hasMessageContaining(
                        "runtime.shards: 2000 shards for layer 0, which has only 1024 columns");
        assertThatThrownBy(() -> loader.load(null, List.of("runtime.shards=0")))
                .hasMessageContaining("runtime.shards must be at least 1, got 0 for layer 0");
        assertThatThrownBy(
                        () ->
                                loader.load(
                                        null,
                                        List.of(
                                                "projection.kind=opu",
                                                "projection.at-shards=true")))
                .hasMessageContaining("projection.at-shards needs kind gaussian");
        assertThatThrownBy(() -> loader.load(null, List.of("runtime.shards=[2,2,2]")))
                .hasMessageContaining("runtime.shards has 3 values, the network 2 hidden layers");
    }

    @Test
    void malformedYamlIsReported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "training: [unclosed\n");
        assertThatThrownBy(() -> loader.load(file, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void fingerprintFollowsWhatDeterminesTheWeightsOnly() throws Exception {
        String base = ConfigLoader.fingerprint(loader.load(null, List.of()));
        assertThat(ConfigLoader.fingerprint(loader.load(null, List.of()))).isEqualTo(base);
        assertThat(ConfigLoader.fingerprint(loader.load(null, List.of("output.directory=/tmp/x"))))
                .isEqualTo(base);
        assertThat(ConfigLoader.fingerprint(loader.load(null, List.of("seeds.init=9"))))
                .isNotEqualTo(base);
        assertThat(base).hasSize(64);
    }
}
