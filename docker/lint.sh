#!/usr/bin/env bash
# Checks the deployment files without a Docker engine:
#
#   1. shell scripts: bash -n and shellcheck (docker/cluster/*.sh, docker/kafka/*.sh, this file)
#   2. YAML syntax: yamllint (docker/compose.yaml, conf/flink/config.yaml)
#   3. conf/flink/config.yaml read by Flink itself (BashJavaUtils of the built Flink jars), and the
#      Dockerfile's rewrite of it (container binds) applied with the same tool
#   4. the image's build context (cluster.sh stage-image): every COPY source of the Dockerfile is
#      there, lib/ holds ND4J with its linux-x86_64 natives, the job jar has its main class and
#      neither ND4J nor any class of Flink's own jars inside
#   5. compose.yaml parsed and validated by Compose v1 (docker-compose config, Debian package)
#   6. compose.yaml validated against the Compose Specification's JSON schema, with dclint's
#      best-practice rules (npm)
#   7. the Dockerfile's instructions and arguments: dockerfile-utils lint and dockerfilelint (npm)
#
# What needs a Docker engine, and so is not checked here: building the image (pulling
# flink:2.2.1-java17), starting the containers, their health checks.
#
#   docker/lint.sh [--no-install]
#
# Missing tools are installed (apt-get as root, npm into docker/target/lint-tools) unless
# --no-install is given; then checks without their tool are reported as skipped. Steps 3 and 4
# need the build (mvn -q -B install -DskipTests). Exits non-zero when a check fails.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

install=true
[ "${1:-}" = "--no-install" ] && install=false

npm_tools=$root/docker/target/lint-tools
npm_packages=(dclint@3.1.0 dockerfile-utils@0.16.3 dockerfilelint@1.8.0)

failed=()
skipped=()
passed=()

step() {
  echo
  echo "== $*"
}

# check NAME COMMAND...: runs COMMAND, records the outcome under NAME.
check() {
  local name=$1
  shift
  if "$@"; then
    passed+=("$name")
    echo "ok: $name"
  else
    failed+=("$name")
    echo "FAILED: $name" >&2
  fi
}

skip() {
  skipped+=("$1 ($2)")
  echo "skipped: $1 ($2)"
}

have_apt_tool() {
  local tool=$1 package=$2
  command -v "$tool" >/dev/null && return 0
  $install && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  echo "installing $package (apt-get)"
  apt-get install -y -qq "$package" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$package" >/dev/null 2>&1; }
  command -v "$tool" >/dev/null
}

have_npm_tools() {
  [ -x "$npm_tools/node_modules/.bin/dclint" ] &&
    [ -x "$npm_tools/node_modules/.bin/dockerfile-utils" ] &&
    [ -x "$npm_tools/node_modules/.bin/dockerfilelint" ] && return 0
  $install && command -v npm >/dev/null || return 1
  echo "installing ${npm_packages[*]} (npm, into $npm_tools)"
  mkdir -p "$npm_tools"
  npm install --silent --no-audit --no-fund --prefix "$npm_tools" "${npm_packages[@]}" >/dev/null
}

built() {
  compgen -G "docker/flink-runtime/target/lib/flink-runtime-*.jar" >/dev/null &&
    compgen -G "docker/flink-lib/target/lib/nd4j-native-*.jar" >/dev/null &&
    compgen -G "jobs/target/photonflow-jobs-*-job.jar" >/dev/null
}

# ---------------------------------------------------------------------------------------------
step "1. shell scripts"
scripts=(docker/cluster/*.sh docker/kafka/*.sh docker/lint.sh)
for script in "${scripts[@]}"; do
  check "bash -n $script" bash -n "$script"
done
if have_apt_tool shellcheck shellcheck; then
  check "shellcheck" shellcheck -x "${scripts[@]}"
else
  skip shellcheck "not installed"
fi

# ---------------------------------------------------------------------------------------------
step "2. YAML syntax"
if have_apt_tool yamllint yamllint; then
  # Flink's one-line JVM options are long by nature.
  check "yamllint" yamllint -s -d "{extends: default, rules: {line-length: {max: 120, \
allow-non-breakable-inline-mappings: true}, document-start: disable, comments: {min-spaces-from-content: 1}}}" \
    docker/compose.yaml
  check "yamllint config.yaml" yamllint -s -d "{extends: default, rules: {line-length: disable, \
document-start: disable}}" conf/flink/config.yaml
else
  skip yamllint "not installed"
fi

# ---------------------------------------------------------------------------------------------
step "3. Flink reads conf/flink/config.yaml; the Dockerfile's rewrite of it"
flink_config_checks() {
  local conf flat
  conf=$(mktemp -d)
  cp conf/flink/config.yaml "$conf/"
  flat=$(java -classpath "docker/flink-runtime/target/lib/*" \
    org.apache.flink.runtime.util.bash.BashJavaUtils UPDATE_AND_GET_FLINK_CONFIGURATION \
    --configDir "$conf" -flatten 2>&1) || { echo "$flat"; return 1; }
  grep -q "classloader.parent-first-patterns.additional: .*org.nd4j.*org.bytedeco" <<<"$flat" ||
    { echo "config.yaml: no parent-first patterns for ND4J"; return 1; }
  # The Dockerfile's RUN step, with the arguments it gives config-parser-utils.sh.
  local args
  mapfile -t args < <(sed -n '/config-parser-utils.sh/,/;/p' docker/Dockerfile |
    grep -oE -- '-(repKV|rmKV|D) [^ \\;]+')
  [ "${#args[@]}" -ge 5 ] || { echo "Dockerfile: config rewrite not found"; return 1; }
  local split=()
  for arg in "${args[@]}"; do
    split+=("${arg%% *}" "${arg#* }")
  done
  flat=$(java -classpath "docker/flink-runtime/target/lib/*" \
    org.apache.flink.runtime.util.bash.BashJavaUtils UPDATE_AND_GET_FLINK_CONFIGURATION \
    --configDir "$conf" "${split[@]}" -flatten 2>&1) || { echo "$flat"; return 1; }
  rm -rf "$conf"
  local expected
  for expected in "rest.bind-address: 0.0.0.0" "jobmanager.bind-host: 0.0.0.0" \
    "taskmanager.bind-host: 0.0.0.0" "execution.checkpointing.dir: file:///photonflow/checkpoints"; do
    grep -q "$expected" <<<"$flat" || { echo "rewritten config lacks '$expected'"; return 1; }
  done
  if grep -q "taskmanager.host:" <<<"$flat"; then
    echo "rewritten config still pins taskmanager.host"
    return 1
  fi
  echo "config.yaml parsed; container rewrite gives 0.0.0.0 binds and /photonflow checkpoints"
}
if built && command -v java >/dev/null; then
  check "Flink config" flink_config_checks
else
  skip "Flink config" "build first: mvn -q -B install -DskipTests"
fi

# ---------------------------------------------------------------------------------------------
step "4. the image's build context"
image_context=docker/target/image
context_checks() {
  bash docker/cluster/cluster.sh stage-image "$image_context" || return 1
  local source ok=true
  while read -r source; do
    if [ ! -e "$image_context/$source" ]; then
      echo "Dockerfile copies $source, which the staged context lacks"
      ok=false
    fi
  done < <(grep -E '^COPY ' docker/Dockerfile | awk '{print $(NF-1)}')
  local jar
  for jar in nd4j-native-*-linux-x86_64.jar javacpp-*-linux-x86_64.jar openblas-*-linux-x86_64.jar nd4j-api-*.jar; do
    compgen -G "$image_context/lib/$jar" >/dev/null || { echo "lib/ lacks $jar"; ok=false; }
  done
  local entries flink_classes duplicates
  entries=$(unzip -Z1 "$image_context/usrlib/photonflow-job.jar")
  if grep -qE '^(org/nd4j|org/bytedeco)/' <<<"$entries"; then
    echo "the job jar contains ND4J classes"
    ok=false
  fi
  # No Flink class that Flink's own jars (flink-dist, in the image) provide. Connectors such as
  # flink-connector-kafka are not part of Flink's distribution: they belong in the job jar.
  flink_classes=$(for jar in docker/flink-runtime/target/lib/*.jar; do unzip -Z1 "$jar"; done |
    grep '^org/apache/flink/.*\.class$' | sort -u)
  duplicates=$(comm -12 <(grep '^org/apache/flink/.*\.class$' <<<"$entries" | sort -u) \
    <(echo "$flink_classes"))
  if [ -n "$duplicates" ]; then
    echo "the job jar contains $(wc -l <<<"$duplicates") Flink classes of Flink's own jars, such as:"
    head -n 5 <<<"$duplicates"
    ok=false
  fi
  unzip -p "$image_context/usrlib/photonflow-job.jar" META-INF/MANIFEST.MF |
    grep -q "^Main-Class: io.photonflow.jobs.ClusterJob" || { echo "job jar: wrong Main-Class"; ok=false; }
  $ok && echo "context complete: $(find "$image_context" -type f | wc -l) files"
}
if built && command -v unzip >/dev/null; then
  check "image context" context_checks
else
  built || skip "image context" "build first: mvn -q -B install -DskipTests"
  command -v unzip >/dev/null || skip "image context" "unzip not installed"
  # Compose v1 wants the build context to exist.
  mkdir -p "$image_context"
fi

# ---------------------------------------------------------------------------------------------
step "5. Compose v1 parses and validates compose.yaml"
if have_apt_tool docker-compose docker-compose; then
  check "docker-compose config" bash -c "cd docker && docker-compose -f compose.yaml config -q"
else
  skip "docker-compose config" "not installed"
fi

# ---------------------------------------------------------------------------------------------
step "6-7. Compose Specification schema (dclint); Dockerfile lint (dockerfile-utils, dockerfilelint)"
if have_npm_tools; then
  bin=$npm_tools/node_modules/.bin
  # No top-level name: Compose v1 rejects it (see compose.yaml).
  check "dclint" "$bin/dclint" docker/compose.yaml --max-warnings 0 \
    --disable-rule require-project-name-field
  dockerfile_utils() {
    local out
    out=$("$bin/dockerfile-utils" lint docker/Dockerfile)
    [ -z "$out" ] || { echo "$out"; return 1; }
  }
  check "dockerfile-utils lint" dockerfile_utils
  check "dockerfilelint" "$bin/dockerfilelint" docker/Dockerfile
else
  skip "dclint, dockerfile-utils, dockerfilelint" "npm packages not installed"
fi

# ---------------------------------------------------------------------------------------------
echo
echo "passed: ${#passed[@]}, failed: ${#failed[@]}, skipped: ${#skipped[@]}"
for name in ${failed[@]+"${failed[@]}"}; do echo "  failed: $name"; done
for name in ${skipped[@]+"${skipped[@]}"}; do echo "  skipped: $name"; done
echo "not checked (needs a Docker engine): docker build, docker compose up, health checks"
[ ${#failed[@]} -eq 0 ]
