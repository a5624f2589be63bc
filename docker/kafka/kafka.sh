#!/usr/bin/env bash
# A real Apache Kafka broker without Docker: one KRaft node (broker and controller in one JVM,
# kafka.Kafka) listening on 127.0.0.1 only, run from the Maven-built classpath
# (docker/kafka-broker/target/classpath.txt). Replication factors are 1, transactions may last an
# hour (Flink's KafkaSink asks for that), the heap is small.
#
#   docker/kafka/kafka.sh start [OPTIONS]     start in the background, wait until the broker
#                                             answers, print its bootstrap address
#   docker/kafka/kafka.sh run [OPTIONS]       the same broker in the foreground: the JVM replaces
#                                             the script (SIGTERM stops it); no waiting
#   docker/kafka/kafka.sh stop [--dir DIR]    stop it by its pid (SIGTERM, SIGKILL after 30 s)
#   docker/kafka/kafka.sh status [--dir DIR]  exit code 0: runs and answers, 1: runs but does not
#                                             answer, 3: does not run
#   docker/kafka/kafka.sh bootstrap [--dir DIR]                  print the bootstrap address
#   docker/kafka/kafka.sh topics create NAME [--partitions N] [--if-not-exists] [--dir DIR]
#   docker/kafka/kafka.sh topics list [--dir DIR]
#
# Options of start and run:
#   --dir DIR               data (DIR/data), logs (DIR/log/server.log, DIR/log/kafka.out), the
#                           pid file, server.properties (default: runs/kafka)
#   --port PORT             the broker's listener, the bootstrap address (default: 9092)
#   --controller-port PORT  the KRaft controller's listener (default: 9093)
# Ports given once are remembered in DIR/broker.env for the later commands. The storage is
# formatted with a random cluster id on the first start (DIR/cluster-id); later starts reuse it.
#
# Environment: JAVA_HOME; KAFKA_CLASSPATH_FILE (another classpath file); KAFKA_HEAP_OPTS (default
# -Xms64m -Xmx256m); KAFKA_JVM_OPTS (more JVM options); KAFKA_START_TIMEOUT (seconds, default 60).
set -euo pipefail

# PHOTONFLOW_ROOT, JAVA_RUN.
# shellcheck source=docker/cluster/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cluster/lib.sh"

die() {
  echo "kafka.sh: $*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit "${1:-0}"
}

KAFKA_HOME=$PHOTONFLOW_ROOT/docker/kafka
CLASSPATH_FILE=${KAFKA_CLASSPATH_FILE:-$PHOTONFLOW_ROOT/docker/kafka-broker/target/classpath.txt}

# ---------------------------------------------------------------------------------------------
# Options

command=${1:-}
[ -n "$command" ] || usage 1
shift

dir=$PHOTONFLOW_ROOT/runs/kafka
port=""
controller_port=""
partitions=1
if_not_exists=false
positional=()

while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --controller-port) controller_port=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --if-not-exists) if_not_exists=true; shift ;;
    -h | --help) usage 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) positional+=("$1"); shift ;;
  esac
done

for number in "$port" "$controller_port" "$partitions"; do
  [ -z "$number" ] || [[ $number =~ ^[1-9][0-9]*$ ]] || die "not a positive number: $number"
done

case $command in
  start | run) mkdir -p "$dir" ;;
esac
[ ! -d "$dir" ] || dir=$(cd "$dir" && pwd)
pid_file=$dir/kafka.pid
settings=$dir/broker.env
data_dir=$dir/data
log_dir=$dir/log

# Ports: the options, else what an earlier start remembered, else the defaults.
saved_port="" saved_controller_port=""
if [ -f "$settings" ]; then
  # shellcheck source=/dev/null
  source "$settings"
fi
port=${port:-${saved_port:-9092}}
controller_port=${controller_port:-${saved_controller_port:-9093}}
[ "$port" != "$controller_port" ] || die "--port and --controller-port must differ"
bootstrap=127.0.0.1:$port

# ---------------------------------------------------------------------------------------------
# Processes

# The marker on the broker's command line: a pid is only trusted (and signalled) while its
# process still carries it.
marker() {
  echo "-Dphotonflow.kafka.dir=$dir"
}

pid_of() {
  [ -f "$pid_file" ] && cat "$pid_file"
}

is_running() {
  local pid
  pid=$(pid_of) || return 1
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(marker) "
}

# Whether process PID has exited: gone, or a zombie that its new parent has not reaped yet. (Its
# command line, and so the marker, is gone a moment earlier, while it still exits.)
exited() {
  local state
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) || return 0
  [ -z "$state" ] || [ "$state" = Z ] || [ "$state" = X ]
}

# Removes a pid file whose process is gone (or is another program now), saying so.
clear_stale_pid() {
  if [ -f "$pid_file" ] && ! is_running; then
    echo "kafka.sh: pid $(pid_of) of $pid_file is no broker of $dir (it exited, or the pid is" \
      "another program's now): removed the pid file, signalled nothing" >&2
    rm -f "$pid_file"
  fi
}

classpath() {
  [ -s "$CLASSPATH_FILE" ] ||
    die "no $CLASSPATH_FILE: build first (mvn -q -B install -DskipTests)"
  cat "$CLASSPATH_FILE"
}

# tool CLASS ARGS...: runs a Kafka tool (its warnings and errors on stderr), for at most
# TOOL_TIMEOUT seconds (default 120).
tool() {
  timeout "${TOOL_TIMEOUT:-120}" "$JAVA_RUN" -Xmx128m -XX:TieredStopAtLevel=1 \
    "-Dlog4j2.configurationFile=file:$KAFKA_HOME/tools-log4j2.properties" \
    -classpath "$(classpath)" "$@"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Whether the broker answers: it lists itself in the metadata it serves (what
# kafka-broker-api-versions.sh does, as in the Compose health check).
answers() {
  TOOL_TIMEOUT=30 tool org.apache.kafka.tools.BrokerApiVersionsCommand \
    --bootstrap-server "$bootstrap" 2>/dev/null | grep -qF "$bootstrap (id: 1 "
}

# ---------------------------------------------------------------------------------------------
# Configuration and storage

write_configuration() {
  cat >"$dir/server.properties" <<EOF
# Written by docker/kafka/kafka.sh on every start (edits are lost).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data_dir

# One broker: every replication factor is 1.
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

# Flink's KafkaSink (exactly once) asks for transaction.timeout.ms of 1 hour; the default maximum,
# 15 minutes, rejects its producers and the job restarts forever.
transaction.max.timeout.ms=3600000

# Model versions of the default network are about 7.5 MB each (ModelSnapshot on the models
# topic); the default limit is 1 MB.
message.max.bytes=67108864

# The log cleaner (compacted topics: __consumer_offsets) takes 128 MiB of heap by default.
log.cleaner.dedupe.buffer.size=4194304
EOF
}

# Formats the storage with a random cluster id, unless it is formatted already.
format_storage() {
  [ ! -f "$data_dir/meta.properties" ] || return 0
  local cluster_id
  mkdir -p "$data_dir" "$log_dir"
  cluster_id=$(tool kafka.tools.StorageTool random-uuid)
  tool kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
    >"$log_dir/format.log" 2>&1 || die "formatting $data_dir failed: $(cat "$log_dir/format.log")"
  echo "$cluster_id" >"$dir/cluster-id"
}

prepare() {
  clear_stale_pid
  is_running && die "a broker of $dir runs already (pid $(pid_of)): stop it first ($0 stop --dir $dir)"
  local p
  for p in "$port" "$controller_port"; do
    port_open "$p" && die "port $p of 127.0.0.1 is in use"
  done
  classpath >/dev/null
  mkdir -p "$log_dir"
  {
    printf 'saved_port=%q\n' "$port"
    printf 'saved_controller_port=%q\n' "$controller_port"
  } >"$settings"
  write_configuration
  format_storage
}

# The broker's command line, from the JVM on.
broker_command() {
  local heap=${KAFKA_HEAP_OPTS:--Xms64m -Xmx256m}
  # heap and KAFKA_JVM_OPTS are lists of options: split them.
  # shellcheck disable=SC2086
  printf '%s\n' "$JAVA_RUN" $heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true ${KAFKA_JVM_OPTS:-} "$(marker)" \
    "-Dkafka.logs.dir=$log_dir" \
    "-Dlog4j2.configurationFile=file:$KAFKA_HOME/log4j2.properties" \
    -classpath "$(classpath)" kafka.Kafka "$dir/server.properties"
}

fail_start() {
  echo "kafka.sh: $1" >&2
  echo "--- last lines of $log_dir/server.log" >&2
  tail -n 30 "$log_dir/server.log" >&2 2>/dev/null || true
  if [ -s "$log_dir/kafka.out" ]; then
    echo "--- $log_dir/kafka.out" >&2
    tail -n 30 "$log_dir/kafka.out" >&2
  fi
  stop_broker >/dev/null 2>&1 || true
  exit 1
}

stop_broker() {
  clear_stale_pid
  if ! is_running; then
    echo "no broker of $dir runs"
    return 0
  fi
  local pid waited=0
  pid=$(pid_of)
  kill -TERM "$pid" 2>/dev/null || true
  while ! exited "$pid"; do
    if [ $waited -eq 300 ]; then
      echo "kafka.sh: the broker (pid $pid) still runs after 30 s: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    [ $waited -lt 600 ] || die "the broker (pid $pid) survives SIGKILL"
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$pid_file"
  echo "stopped the Kafka broker (pid $pid)"
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_start() {
  prepare
  local command_line started=$SECONDS deadline
  mapfile -t command_line < <(broker_command)
  : >"$log_dir/kafka.out"
  (
    cd "$PHOTONFLOW_ROOT"
    exec nohup "${command_line[@]}" >>"$log_dir/kafka.out" 2>&1 </dev/null
  ) &
  local child=$!
  echo "$child" >"$pid_file"
  deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-60}))
  # The background shell becomes the JVM (exec nohup, which execs java): until then its command
  # line lacks the marker.
  while ! is_running; do
    { kill -0 "$child" 2>/dev/null && ! exited "$child"; } ||
      fail_start "the broker exited while starting"
    [ $SECONDS -lt "$deadline" ] || fail_start "the broker's JVM did not start"
    sleep 0.05
  done
  while true; do
    is_running || fail_start "the broker exited while starting"
    if port_open "$port" && answers; then
      break
    fi
    [ $SECONDS -lt "$deadline" ] ||
      fail_start "the broker did not answer within ${KAFKA_START_TIMEOUT:-60} s"
    sleep 0.5
  done
  is_running || fail_start "the broker exited while starting"
  echo "Kafka broker up in $((SECONDS - started)) s (pid $(pid_of), KRaft, cluster id $(cat "$dir/cluster-id"))"
  echo "  bootstrap servers: $bootstrap"
  echo "  logs: $log_dir/server.log"
  echo "  data: $data_dir"
  echo "  stop: $0 stop --dir $dir"
}

cmd_run() {
  prepare
  local command_line
  mapfile -t command_line < <(broker_command)
  cd "$PHOTONFLOW_ROOT"
  # exec keeps the pid: the pid file names the JVM.
  echo $$ >"$pid_file"
  exec "${command_line[@]}"
}

cmd_status() {
  clear_stale_pid
  if ! is_running; then
    echo "Kafka broker of $dir: not running"
    return 3
  fi
  if answers; then
    echo "Kafka broker of $dir: running (pid $(pid_of)), answers on $bootstrap"
  else
    echo "Kafka broker of $dir: running (pid $(pid_of)), does not answer on $bootstrap"
    return 1
  fi
}

cmd_topics() {
  local action=${positional[0]:-}
  is_running || die "no broker of $dir runs (start one: $0 start --dir $dir)"
  case $action in
    create)
      local name=${positional[1]:-}
      [ -n "$name" ] || die "topics create needs a topic name"
      local extra=()
      ! $if_not_exists || extra+=(--if-not-exists)
      tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --create \
        --topic "$name" --partitions "$partitions" --replication-factor 1 ${extra[@]+"${extra[@]}"}
      ;;
    list) tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --list ;;
    *) die "topics needs create NAME or list" ;;
  esac
}

case $command in
  start) cmd_start ;;
  run) cmd_run ;;
  stop)
    [ -d "$dir" ] || die "no broker in $dir"
    stop_broker
    ;;
  status) cmd_status ;;
  bootstrap) echo "$bootstrap" ;;
  topics) cmd_topics ;;
  -h | --help | help) usage 0 ;;
  *) die "unknown command $command (see --help)" ;;
esac
