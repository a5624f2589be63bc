#!/usr/bin/env bash
# A standalone Flink cluster without Docker: one JobManager and N TaskManagers, each its own JVM
# on 127.0.0.1, run from the Maven-built jars (docker/flink-runtime, docker/flink-lib) and the
# configuration in conf/flink. Memory is resolved as Flink's bin/jobmanager.sh and
# bin/taskmanager.sh do it (BashJavaUtils GET_JM_RESOURCE_PARAMS / GET_TM_RESOURCE_PARAMS).
#
#   docker/cluster/cluster.sh start [OPTIONS]          start, and wait until every TaskManager is registered
#   docker/cluster/cluster.sh stop [--run-dir DIR]     stop every process of the cluster, by pid
#   docker/cluster/cluster.sh status [--run-dir DIR]   what runs; removes the pid files of dead processes
#   docker/cluster/cluster.sh start-taskmanager [--run-dir DIR]        add one TaskManager
#   docker/cluster/cluster.sh stop-taskmanager N [--kill] [--run-dir DIR]
#
# The supervisor (started by start unless --no-supervise) keeps the number of TaskManagers alive:
# every SUPERVISE_INTERVAL seconds (default 2) it removes the pid file of a TaskManager that died
# and starts a new one in its place (log: RUN_DIR/log/supervisor.log). start-taskmanager raises
# that number by one, stop-taskmanager N lowers it; stop-taskmanager N --kill does not (a crash,
# as for a test of recovery: the supervisor replaces it).
#   docker/cluster/cluster.sh stage-image DIR          lay out the Docker build context (lib/, usrlib/, conf/)
#
# Options of start:
#   --run-dir DIR       pid files, logs, the effective configuration, temporary files
#                       (default: runs/cluster)
#   --conf-dir DIR      the configuration to start from (default: conf/flink)
#   --taskmanagers N    number of TaskManagers (default: 2)
#   --slots N           slots per TaskManager (default: taskmanager.numberOfTaskSlots)
#   --rest-port PORT    REST API and web dashboard (default: 8081)
#   --rpc-port PORT     JobManager RPC (default: 6123)
#   --shared-dir DIR    checkpoints/ and savepoints/ of all processes (default: RUN_DIR/shared)
#   --no-supervise      no supervisor: a TaskManager that dies stays dead
#   -D KEY=VALUE        any other Flink option, for every process (repeatable)
#
# Environment: JAVA_HOME; FLINK_RUNTIME_LIB and PHOTONFLOW_LIB (other jar folders);
# CLUSTER_START_TIMEOUT (seconds to wait for the cluster, default 120).
#
# RUN_DIR/flink/lib holds (links to) the jars a process runs with: the same jars the Docker image
# (docker/Dockerfile) puts into /opt/flink/lib, plus the Flink jars themselves in place of
# flink-dist.jar. Every process runs in the project root, so relative paths in a job's
# configuration resolve alike in all of them.
set -euo pipefail

# shellcheck source=docker/cluster/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit "${1:-0}"
}

# ---------------------------------------------------------------------------------------------
# Options and the run directory

command=${1:-}
[ -n "$command" ] || usage 1
shift

run_dir=$PHOTONFLOW_ROOT/runs/cluster
conf_dir=$PHOTONFLOW_ROOT/conf/flink
taskmanagers=2
slots=""
rest_port=8081
rpc_port=6123
shared_dir=""
dynamic=()
positional=()
kill_hard=false
supervise=true

while [ $# -gt 0 ]; do
  case $1 in
    --run-dir) run_dir=$2; shift 2 ;;
    --conf-dir) conf_dir=$2; shift 2 ;;
    --taskmanagers) taskmanagers=$2; shift 2 ;;
    --slots) slots=$2; shift 2 ;;
    --rest-port) rest_port=$2; shift 2 ;;
    --rpc-port) rpc_port=$2; shift 2 ;;
    --shared-dir) shared_dir=$2; shift 2 ;;
    --kill) kill_hard=true; shift ;;
    --no-supervise) supervise=false; shift ;;
    -D) dynamic+=("-D" "$2"); shift 2 ;;
    -D*) dynamic+=("-D" "${1#-D}"); shift ;;
    -h | --help) usage 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) positional+=("$1"); shift ;;
  esac
done

case $command in
  start) mkdir -p "$run_dir" ;;
  stage-image | -h | --help | help) ;;
  *) [ -d "$run_dir" ] || die "no cluster in $run_dir" ;;
esac
[ ! -d "$run_dir" ] || run_dir=$(cd "$run_dir" && pwd)
flink_home=$run_dir/flink
flink_conf=$flink_home/conf
pid_dir=$run_dir/pid
log_dir=$run_dir/log
settings=$run_dir/cluster.env

# The marker on every process's command line: a pid is only signalled while it still carries it.
marker() {
  echo "-Dphotonflow.cluster.process=$run_dir/$1"
}

pid_of() {
  local file=$pid_dir/$1.pid
  [ -f "$file" ] && cat "$file"
}

is_running() {
  local pid
  pid=$(pid_of "$1") || return 1
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(marker "$1") "
}

process_names() {
  local file
  for file in "$pid_dir"/*.pid; do
    [ -f "$file" ] && basename "$file" .pid
  done
  return 0
}

rest_url() {
  echo "http://127.0.0.1:$rest_port"
}

# ---------------------------------------------------------------------------------------------
# Starting processes

# The effective configuration: conf_dir with this cluster's settings applied, written to
# flink_conf/config.yaml the way the Docker image's entrypoint applies its settings.
write_configuration() {
  local overrides=(
    -D "rest.port=$rest_port"
    -D "jobmanager.rpc.port=$rpc_port"
    -D "execution.checkpointing.dir=file://$shared_dir/checkpoints"
    -D "execution.checkpointing.savepoint-dir=file://$shared_dir/savepoints"
    -D "web.upload.dir=$run_dir/jobmanager-upload"
    -D "web.tmpdir=$run_dir/tmp/jobmanager-web"
    -D "process.working-dir=$run_dir/work"
  )
  [ -z "$slots" ] || overrides+=(-D "taskmanager.numberOfTaskSlots=$slots")
  rm -rf "$flink_conf"
  mkdir -p "$flink_conf"
  cp "$conf_dir"/* "$flink_conf"/
  local updated
  updated=$(bash_java_utils UPDATE_AND_GET_FLINK_CONFIGURATION "$flink_conf" \
    "${overrides[@]}" ${dynamic[@]+"${dynamic[@]}"})
  echo "$updated" >"$flink_conf/config.yaml"
}

# lib/: the Flink jars and the photonflow lib/ jars, as links.
link_libraries() {
  local jar jars
  mapfile -t jars < <(photonflow_lib_jars)
  rm -rf "${flink_home:?}/lib"
  mkdir -p "$flink_home/lib"
  for jar in "$FLINK_RUNTIME_LIB"/*.jar "${jars[@]}"; do
    ln -s "$jar" "$flink_home/lib/"
  done
}

save_settings() {
  {
    printf 'rest_port=%q\n' "$rest_port"
    printf 'rpc_port=%q\n' "$rpc_port"
    printf 'shared_dir=%q\n' "$shared_dir"
    printf 'next_taskmanager=%q\n' "${next_taskmanager:-1}"
    printf 'keep_taskmanagers=%q\n' "${keep_taskmanagers:-0}"
  } >"$settings"
}

# with_settings COMMAND...: runs COMMAND with the settings loaded and saves them after, holding a
# lock, so that the supervisor and start-taskmanager never take the same TaskManager number.
with_settings() {
  local status=0
  exec 9>"$run_dir/settings.lock"
  flock 9
  load_settings
  "$@" || status=$?
  save_settings
  flock -u 9
  return $status
}

load_settings() {
  [ -f "$settings" ] || die "no cluster in $run_dir (start one with: $0 start --run-dir $run_dir)"
  # shellcheck source=/dev/null
  source "$settings"
}

# The effective configuration, flattened ("key: value" lines); read once per command.
flat_config=""

read_configuration() {
  flat_config=$(bash_java_utils UPDATE_AND_GET_FLINK_CONFIGURATION "$flink_conf" -flatten)
}

# JVM options of the configuration (env.java.default-opts.all, env.java.opts.all and those of the
# role), as bin/config.sh reads them.
java_options() {
  local role=$1
  echo "$(config_value "$flat_config" env.java.default-opts.all)" \
    "$(config_value "$flat_config" env.java.opts.all)" \
    "$(config_value "$flat_config" "env.java.default-opts.$role")" \
    "$(config_value "$flat_config" "env.java.opts.$role")"
}

# launch NAME CLASS JVM_OPTIONS -- ARGS...: starts a process in the background, as
# bin/flink-daemon.sh does, with its pid in pid_dir and its output in log_dir.
launch() {
  local name=$1 class=$2 jvm_options=$3
  shift 4
  local log=$log_dir/$name.log classpath
  mkdir -p "$pid_dir" "$log_dir" "$run_dir/tmp/$name" "$flink_home/plugins"
  # lib/*.jar in sorted order, as bin/config.sh builds the classpath (no jar is there twice).
  classpath=$(printf '%s:' "$flink_home"/lib/*.jar)
  (
    cd "$PHOTONFLOW_ROOT"
    export FLINK_HOME=$flink_home FLINK_CONF_DIR=$flink_conf FLINK_LIB_DIR=$flink_home/lib \
      FLINK_PLUGINS_DIR=$flink_home/plugins
    # jvm_options is a list of options: split it.
    # shellcheck disable=SC2086
    exec nohup "$JAVA_RUN" $jvm_options "$(marker "$name")" \
      "-Dlog.file=$log" \
      "-Dlog4j.configuration=file:$flink_conf/log4j.properties" \
      "-Dlog4j.configurationFile=file:$flink_conf/log4j.properties" \
      -classpath "${classpath%:}" "$class" "$@" >"$log_dir/$name.out" 2>&1 </dev/null
  ) &
  echo $! >"$pid_dir/$name.pid"
}

start_jobmanager() {
  local params jvm dynamic_configs
  params=$(bash_java_utils GET_JM_RESOURCE_PARAMS "$flink_conf")
  jvm=$(head -n 1 <<<"$params")
  dynamic_configs=$(tail -n 1 <<<"$params")
  # dynamic_configs is a list of "-D key=value" arguments: split it.
  # shellcheck disable=SC2086
  launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    "$jvm -XX:+UseG1GC $(java_options jobmanager)" -- \
    --configDir "$flink_conf" --executionMode cluster \
    -D "io.tmp.dirs=$run_dir/tmp/jobmanager" $dynamic_configs
}

# TM_PARAMS caches the TaskManager's memory settings: they are the same for every TaskManager.
tm_params=""

start_taskmanager() {
  local name=taskmanager-$1 jvm dynamic_configs
  [ -n "$tm_params" ] || tm_params=$(bash_java_utils GET_TM_RESOURCE_PARAMS "$flink_conf")
  jvm=$(head -n 1 <<<"$tm_params")
  dynamic_configs=$(tail -n 1 <<<"$tm_params")
  # shellcheck disable=SC2086
  launch "$name" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    "$jvm -XX:+UseG1GC $(java_options taskmanager)" -- \
    --configDir "$flink_conf" \
    -D "taskmanager.resource-id=$name" \
    -D "io.tmp.dirs=$run_dir/tmp/$name" $dynamic_configs
}

# ---------------------------------------------------------------------------------------------
# Waiting

fail_start() {
  local name
  echo "cluster.sh: $1" >&2
  for name in $(process_names); do
    echo "--- last lines of $log_dir/$name.log ($name.out next to it)" >&2
    tail -n 20 "$log_dir/$name.log" 2>/dev/null >&2 || tail -n 20 "$log_dir/$name.out" >&2 || true
  done
  echo "cluster.sh: stopping what was started" >&2
  stop_all
  exit 1
}

# Waits until the REST API lists at least COUNT TaskManagers (and every id given after it).
await_taskmanagers() {
  local count=$1 deadline overview
  shift
  deadline=$((SECONDS + ${CLUSTER_START_TIMEOUT:-120}))
  while true; do
    is_running jobmanager || fail_start "the JobManager exited"
    overview=$(curl -sf --max-time 5 "$(rest_url)/taskmanagers" || true)
    local registered=0 id missing=false
    registered=$(grep -o '"id":"[^"]*"' <<<"$overview" | wc -l || true)
    for id in "$@"; do
      is_running "$id" || fail_start "$id exited"
      grep -qF "\"id\":\"$id\"" <<<"$overview" || missing=true
    done
    if [ "$registered" -ge "$count" ] && ! $missing; then
      return 0
    fi
    [ $SECONDS -lt "$deadline" ] ||
      fail_start "the cluster did not come up within ${CLUSTER_START_TIMEOUT:-120} s"
    sleep 1
  done
}

# ---------------------------------------------------------------------------------------------
# Stopping

# stop_process NAME SIGNAL: signals NAME and waits until it has exited (SIGKILL after 30 s).
# A process that exited is no longer "running" even while it is a zombie: its command line is gone.
stop_process() {
  local name=$1 signal=$2 pid waited=0
  if ! is_running "$name"; then
    rm -f "$pid_dir/$name.pid"
    return 0
  fi
  pid=$(pid_of "$name")
  kill "-$signal" "$pid" 2>/dev/null || true
  while is_running "$name"; do
    if [ $waited -eq 300 ]; then
      echo "cluster.sh: $name (pid $pid) still runs after 30 s: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    [ $waited -lt 600 ] || die "$name (pid $pid) survives SIGKILL"
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$pid_dir/$name.pid"
}

# The supervisor first (so that it restarts nothing), then the TaskManagers (all at once), then the
# JobManager, as bin/stop-cluster.sh does.
stop_all() {
  local name names=() pids=()
  stop_process supervisor TERM
  for name in $(process_names); do
    [ "$name" = jobmanager ] && continue
    if is_running "$name"; then
      names+=("$name")
      pids+=("$(pid_of "$name")")
      kill -TERM "$(pid_of "$name")" 2>/dev/null || true
    else
      rm -f "$pid_dir/$name.pid"
    fi
  done
  local i
  for i in ${names[@]+"${!names[@]}"}; do
    stop_process "${names[$i]}" TERM
    echo "stopped ${names[$i]} (pid ${pids[$i]})"
  done
  if is_running jobmanager; then
    local pid
    pid=$(pid_of jobmanager)
    stop_process jobmanager TERM
    echo "stopped jobmanager (pid $pid)"
  fi
  rm -f "$pid_dir/jobmanager.pid"
}

# ---------------------------------------------------------------------------------------------
# Supervision

# Removes the pid files of TaskManagers that are gone; prints how many still run.
reap_taskmanagers() {
  local name alive=0
  for name in $(process_names); do
    case $name in taskmanager-*) ;; *) continue ;; esac
    if is_running "$name"; then
      alive=$((alive + 1))
    else
      echo "$(date -u +%FT%TZ) $name (pid $(pid_of "$name")) is gone: removed its pid file" >&2
      rm -f "$pid_dir/$name.pid"
    fi
  done
  echo "$alive"
}

# Starts TaskManagers until KEEP run (call with the settings loaded and locked).
replace_taskmanagers() {
  local alive
  alive=$(reap_taskmanagers)
  while [ "$alive" -lt "$keep_taskmanagers" ]; do
    start_taskmanager "$next_taskmanager"
    echo "$(date -u +%FT%TZ) started taskmanager-$next_taskmanager" \
      "(pid $(pid_of "taskmanager-$next_taskmanager")) to keep $keep_taskmanagers running" >&2
    next_taskmanager=$((next_taskmanager + 1))
    alive=$((alive + 1))
  done
}

start_supervisor() {
  mkdir -p "$pid_dir" "$log_dir"
  (
    cd "$PHOTONFLOW_ROOT"
    exec nohup bash "${BASH_SOURCE[0]}" supervise --run-dir "$run_dir" "$(marker supervisor)" \
      >>"$log_dir/supervisor.log" 2>&1 </dev/null
  ) &
  echo $! >"$pid_dir/supervisor.pid"
}

# The supervisor's loop: runs while the JobManager does.
cmd_supervise() {
  load_settings
  read_configuration
  echo "$(date -u +%FT%TZ) supervisor of $run_dir: keeping $keep_taskmanagers TaskManagers alive" >&2
  while is_running jobmanager; do
    with_settings replace_taskmanagers
    sleep "${SUPERVISE_INTERVAL:-2}"
  done
  echo "$(date -u +%FT%TZ) the JobManager is gone: the supervisor exits" >&2
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_start() {
  require_built
  [ "$taskmanagers" -ge 1 ] 2>/dev/null || die "--taskmanagers must be a positive number"
  local name
  for name in $(process_names); do
    is_running "$name" && die "$name of a cluster in $run_dir still runs: stop it first ($0 stop --run-dir $run_dir)"
  done
  rm -rf "$pid_dir"
  shared_dir=${shared_dir:-$run_dir/shared}
  mkdir -p "$shared_dir/checkpoints" "$shared_dir/savepoints" "$log_dir"
  shared_dir=$(cd "$shared_dir" && pwd)

  link_libraries
  write_configuration
  read_configuration
  start_jobmanager
  local ids=() i
  for ((i = 1; i <= taskmanagers; i++)); do
    start_taskmanager "$i"
    ids+=("taskmanager-$i")
  done
  next_taskmanager=$((taskmanagers + 1))
  keep_taskmanagers=0
  ! $supervise || keep_taskmanagers=$taskmanagers
  save_settings
  await_taskmanagers "$taskmanagers" "${ids[@]}"
  ! $supervise || start_supervisor
  echo "Flink cluster up: 1 JobManager, $taskmanagers TaskManagers"
  ! $supervise || echo "  supervisor: keeps $taskmanagers TaskManagers alive (log: $log_dir/supervisor.log)"
  echo "  dashboard and REST API: $(rest_url)"
  echo "  logs: $log_dir"
  echo "  checkpoints and savepoints: file://$shared_dir"
  echo "  stop: $0 stop --run-dir $run_dir"
}

cmd_stop() {
  stop_all
}

cmd_status() {
  local name state
  [ -f "$settings" ] && load_settings
  for name in $(process_names); do
    state="not running (stale pid file removed)"
    if is_running "$name"; then
      state="running (pid $(pid_of "$name"))"
    else
      rm -f "$pid_dir/$name.pid"
    fi
    echo "$name: $state"
  done
  [ -f "$settings" ] && echo "REST API: $(rest_url) $(curl -sf --max-time 5 "$(rest_url)/overview" || echo unreachable)"
  return 0
}

# Starts the next TaskManager (call with the settings loaded and locked); a supervisor keeps one
# more alive from now on.
add_taskmanager() {
  added=taskmanager-$next_taskmanager
  start_taskmanager "$next_taskmanager"
  next_taskmanager=$((next_taskmanager + 1))
  ! is_running supervisor || keep_taskmanagers=$((keep_taskmanagers + 1))
}

cmd_start_taskmanager() {
  require_built
  load_settings
  is_running jobmanager || die "the JobManager of $run_dir does not run"
  read_configuration
  added=""
  with_settings add_taskmanager
  await_taskmanagers 1 "$added"
  echo "$added"
}

# A supervisor keeps one TaskManager fewer alive from now on.
lower_keep() {
  [ "$keep_taskmanagers" -eq 0 ] || keep_taskmanagers=$((keep_taskmanagers - 1))
}

cmd_stop_taskmanager() {
  local index=${positional[0]:-}
  [ -n "$index" ] || die "stop-taskmanager needs the TaskManager's number"
  local name=taskmanager-$index
  is_running "$name" || die "$name does not run"
  local pid
  pid=$(pid_of "$name")
  if $kill_hard; then
    stop_process "$name" KILL
    echo "killed $name (pid $pid)"
  else
    with_settings lower_keep
    stop_process "$name" TERM
    echo "stopped $name (pid $pid)"
  fi
}

# The build context of docker/Dockerfile: lib/ (the jars this cluster adds to Flink's lib/),
# usrlib/ (the job jar), conf/ (config.yaml) and jobs/ (the job configurations of conf/).
cmd_stage_image() {
  require_built
  local target=${positional[0]:-}
  [ -n "$target" ] || die "stage-image needs a target folder"
  if [ -e "$target" ]; then
    [ -f "$target/.photonflow-image" ] || [ -z "$(ls -A "$target")" ] ||
      die "$target exists and is not a staged image folder: refusing to replace it"
    rm -rf "$target"
  fi
  mkdir -p "$target/lib" "$target/usrlib" "$target/conf" "$target/jobs"
  touch "$target/.photonflow-image"
  local jars
  mapfile -t jars < <(photonflow_lib_jars)
  cp "${jars[@]}" "$target/lib/"
  cp "$(job_jar)" "$target/usrlib/photonflow-job.jar"
  cp "$PHOTONFLOW_ROOT/conf/flink/config.yaml" "$target/conf/"
  cp "$PHOTONFLOW_ROOT"/conf/*.yaml "$target/jobs/"
  echo "staged the image's files in $target: $(find "$target" -type f | wc -l) files"
}

case $command in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  start-taskmanager) cmd_start_taskmanager ;;
  stop-taskmanager) cmd_stop_taskmanager ;;
  stage-image) cmd_stage_image ;;
  supervise) cmd_supervise ;;
  -h | --help | help) usage 0 ;;
  *) die "unknown command $command (see --help)" ;;
esac
