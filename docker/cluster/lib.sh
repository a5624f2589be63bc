# shellcheck shell=bash
# Functions of cluster.sh: where the jars are, which of them make up a Flink lib/ folder, and how
# Flink's BashJavaUtils is asked for a process's JVM settings (as bin/config.sh does).
# Sourced, not run.

PHOTONFLOW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# The Flink jars (flink-runtime, -clients, -runtime-web, ... and log4j): what flink-dist.jar and
# the log4j jars are to a Flink distribution. Built by the docker/flink-runtime module.
FLINK_RUNTIME_LIB=${FLINK_RUNTIME_LIB:-$PHOTONFLOW_ROOT/docker/flink-runtime/target/lib}
# ND4J and its natives, for every JobManager's and TaskManager's lib/. Built by docker/flink-lib.
PHOTONFLOW_LIB=${PHOTONFLOW_LIB:-$PHOTONFLOW_ROOT/docker/flink-lib/target/lib}

JAVA_RUN=${JAVA_HOME:+$JAVA_HOME/bin/}java

BASH_JAVA_UTILS=org.apache.flink.runtime.util.bash.BashJavaUtils
EXEC_RESULT_PREFIX=BASH_JAVA_UTILS_EXEC_RESULT:

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}

# Fails unless the build produced the jar folders.
require_built() {
  local folder
  for folder in "$FLINK_RUNTIME_LIB" "$PHOTONFLOW_LIB"; do
    compgen -G "$folder/*.jar" >/dev/null ||
      die "no jars in $folder: build first (mvn -q -B install -DskipTests)"
  done
}

# The artifact a jar file holds: its name up to the version (commons-io-2.7.jar: commons-io).
artifact_of() {
  local name
  name=$(basename "$1")
  echo "${name%%-[0-9]*}"
}

# The jars of PHOTONFLOW_LIB that go into a Flink lib/ folder: all but those whose artifact Flink
# itself ships (commons-io, commons-lang3, ...). Flink's copy is the newer one and serves ND4J
# too; keeping both would let the older one shadow Flink's (lib/ jars come before flink-dist.jar
# on a Flink classpath). One path per line.
photonflow_lib_jars() {
  local jar
  declare -A provided=()
  for jar in "$FLINK_RUNTIME_LIB"/*.jar; do
    provided[$(artifact_of "$jar")]=1
  done
  for jar in "$PHOTONFLOW_LIB"/*.jar; do
    [ -n "${provided[$(artifact_of "$jar")]:-}" ] || echo "$jar"
  done
}

# The jar that Flink runs: jobs/target/photonflow-jobs-VERSION-job.jar.
job_jar() {
  local jars=("$PHOTONFLOW_ROOT"/jobs/target/photonflow-jobs-*-job.jar)
  [ -f "${jars[0]}" ] || die "no job jar in jobs/target: build first (mvn -q -B install -DskipTests)"
  echo "${jars[0]}"
}

# Runs BashJavaUtils COMMAND on the configuration in CONF_DIR, with further arguments (-D
# key=value ...), and prints its results without their prefix, one per line.
bash_java_utils() {
  local command=$1 conf_dir=$2 output
  shift 2
  output=$("$JAVA_RUN" -classpath "$FLINK_RUNTIME_LIB/*" "$BASH_JAVA_UTILS" "$command" \
    --configDir "$conf_dir" "$@" 2>&1) ||
    die "BashJavaUtils $command failed:"$'\n'"$output"
  grep "^$EXEC_RESULT_PREFIX" <<<"$output" | sed "s/^$EXEC_RESULT_PREFIX//" ||
    die "BashJavaUtils $command printed no result:"$'\n'"$output"
}

# The value of KEY in the flattened configuration FLAT ("key: value" lines), or DEFAULT.
config_value() {
  local flat=$1 key=$2 default=${3:-} value
  value=$(grep -F "$key: " <<<"$flat" | grep "^${key//./\\.}: " | tail -n 1 | cut -d' ' -f2-)
  value=${value#\'}
  value=${value%\'}
  value=${value#\"}
  value=${value%\"}
  echo "${value:-$default}"
}
