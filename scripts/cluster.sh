#!/usr/bin/env bash
# A three-node RabbitMQ cluster beside the main broker, for chapter 4's cluster story and its test,
# without Docker: three more Erlang nodes from the same Debian package, each with its own name, ports
# and data directory, joined into one cluster.
#
#   node               AMQP   management UI (guest/guest)   Erlang distribution
#   rabbit1@localhost  5673   http://localhost:15673        25673
#   rabbit2@localhost  5674   http://localhost:15674        25674
#   rabbit3@localhost  5675   http://localhost:15675        25675
#
#   bash scripts/cluster.sh start|status|stop      (npm run cluster:start, cluster:status, cluster:stop)
#   bash scripts/cluster.sh start N                start node N only (a member killed earlier)
#   bash scripts/cluster.sh kill N                 kill -9 node N's Erlang process (the story, the test)
#   bash scripts/cluster.sh quorum-status QUEUE N  a quorum queue's members and their Raft log, as JSON
#
# `start` is idempotent: nodes that answer are left alone, nodes that are down (killed, never started)
# are started, and a node that is not yet in the cluster joins rabbit1. `stop` stops the three nodes and
# removes everything `start` created (/var/lib/rabbitmq-cluster). The main broker (rabbit@localhost on
# 5672, data in /var/lib/rabbitmq) is never touched: the nodes only share its Erlang cookie and epmd.
# scripts/restart-node.sh sources this file for the same machinery on a node of its own: the functions of
# one node take its index N, and a script that sources this one redefines those that differ.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${RABBITMQ_CLUSTER_DIR:-/var/lib/rabbitmq-cluster}"
NODES=(1 2 3)
# The Debian scripts under /usr/lib/rabbitmq/bin, run as the rabbitmq user. Not the /usr/sbin wrapper
# for the server: it writes /var/log/rabbitmq/startup_log, the main broker's file.
SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server
CTL=/usr/sbin/rabbitmqctl

# What messages start with, and the command that removes what `start` made (in each node's env file).
LABEL=cluster
ROOT_HINT='npm run cluster:start'
STOP_COMMAND='npm run cluster:stop'
say() { printf '[%s] %s\n' "$LABEL" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$LABEL" "$*" >&2; exit 1; }

short_name() { echo "rabbit$1"; }
node_name() { echo "$(short_name "$1")@localhost"; }
amqp_port() { echo $((5672 + $1)); }
http_port() { echo $((15672 + $1)); }
dist_port() { echo $((25672 + $1)); }
node_dir() { echo "$BASE/$(short_name "$1")"; }
node_log() { echo "$(node_dir "$1")/log/$(node_name "$1").log"; }
pid_file() { echo "$(node_dir "$1")/rabbit.pid"; }

# Root, or sudo without a password prompt: the nodes run as the rabbitmq system user, like the main one.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else die "the nodes run as the rabbitmq system user, which needs root. Re-run as root or with sudo: sudo $ROOT_HINT"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

node_pid() { local f; f="$(pid_file "$1")"; [ -s "$f" ] && cat "$f"; }
node_alive() { local pid; pid="$(node_pid "$1")" && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# The cluster members node N's management API lists as running, one name per line; nothing when the
# API does not answer. One HTTP/1.0 request over bash's /dev/tcp (guest:guest in base64): no curl or jq
# needed, and no process to start (a `node -e` fetch cost a quarter of a second of CPU per call). The
# reply's body is a list of {"name":"rabbit1@localhost","running":true} objects.
running_members() {
  local reply
  reply="$( (exec 3<>"/dev/tcp/127.0.0.1/$(http_port "$1")" \
    && printf 'GET /api/nodes?columns=name,running HTTP/1.0\r\nHost: localhost\r\nAuthorization: Basic %s\r\n\r\n' \
      Z3Vlc3Q6Z3Vlc3Q= >&3 \
    && timeout 3 cat <&3) 2>/dev/null)" || true
  grep -o '{[^{}]*}' <<<"$reply" | grep '"running":true' | sed -n 's/.*"name":"\([^"]*\)".*/\1/p' || true
}

# Ready = the node logged the end of its boot since it was launched, and its AMQP port accepts
# connections. Reading the log costs nothing; asking the CLI costs a second of CPU per call.
log_size() { stat -c %s "$(node_log "$1")" 2>/dev/null || echo 0; }
booted_since() { tail -c +"$(($2 + 1))" "$(node_log "$1")" 2>/dev/null | grep -q 'Server startup complete'; }
node_ready() { node_alive "$1" && port_open "$(amqp_port "$1")"; }
# Registered with epmd (the Erlang port mapper) = a VM with this node name runs, booted or not.
node_registered() { epmd -names 2>/dev/null | grep -q "^name $(short_name "$1") at port"; }

# One directory per node: an env file (the node's identity, read by the Debian scripts through
# RABBITMQ_CONF_ENV_FILE instead of /etc/rabbitmq/rabbitmq-env.conf), a config file, data and log.
write_node_files() {
  local n=$1 dir; dir="$(node_dir "$n")"
  as_root mkdir -p "$dir/log"
  as_root tee "$dir/rabbitmq-env.conf" >/dev/null <<EOF
# written by queues-in-node scripts/$(basename "$0"); removed by: $STOP_COMMAND
NODENAME=$(node_name "$n")
NODE_IP_ADDRESS=127.0.0.1
NODE_PORT=$(amqp_port "$n")
DIST_PORT=$(dist_port "$n")
MNESIA_BASE=$dir/mnesia
LOG_BASE=$dir/log
PID_FILE=$(pid_file "$n")
# No rabbitmq.conf is written (see advanced.config); naming one keeps the node off /etc/rabbitmq's.
CONFIG_FILE=$dir/rabbitmq.conf
ADVANCED_CONFIG_FILE=$dir/advanced.config
ENABLED_PLUGINS_FILE=$dir/enabled_plugins
# No busy waiting: by default an idle Erlang scheduler spins for a while before it sleeps, which costs CPU
# that the tests running beside the cluster need (RabbitMQ's runtime guide suggests this where CPU is
# shared). The nodes stay as fast for the few messages the story and the test send.
SERVER_ADDITIONAL_ERL_ARGS="+sbwt none +sbwtdcpu none +sbwtdio none"
EOF
  node_config "$n" | as_root tee "$dir/advanced.config" >/dev/null
  echo "[$(IFS=,; echo "${PLUGINS[*]}")]." | as_root tee "$dir/enabled_plugins" >/dev/null
  # This node's folder only: another node may be booting already, creating and deleting files in its own
  # (a recursive chown over all of $BASE then fails on a file that vanished under it).
  as_root chown rabbitmq:rabbitmq "$BASE"
  as_root chown -R rabbitmq:rabbitmq "$dir"
}

# The settings as Erlang terms (advanced.config), not rabbitmq.conf: a .conf file is translated through
# every plugin's schema as the node boots, which costs seconds of CPU per node on a 2-core machine.
# In rabbitmq.conf they would read: management.tcp.ip/port; cluster_formation.peer_discovery_backend =
# classic_config, cluster_formation.classic_config.nodes.1 = rabbit1@localhost, and
# cluster_formation.discovery_retry_limit/interval.
# A new node joins rabbit1's cluster as it boots (peer discovery from this list), which saves the
# stop_app / join_cluster / start_app round of the manual recipe (join_if_needed below is the fallback).
# rabbit1 lists only itself, so it forms the cluster alone; rabbit2 and rabbit3 keep trying rabbit1
# (every 250 ms, up to 60 s) until its database answers. See start() for when each is launched.
node_config() {
  cat <<EOF
[
  {rabbit, [
    {cluster_nodes, {['$(node_name 1)'], disc}},
    {cluster_formation, [
      {peer_discovery_backend, rabbit_peer_discovery_classic_config},
      {discovery_retry_limit, 240},
      {discovery_retry_interval, 250}
    ]}
  ]},
  {rabbitmq_management, [{tcp_config, [{ip, "127.0.0.1"}, {port, $(http_port "$1")}]}]}
].
EOF
}

# The plugins each node runs. Only the management UI: every other plugin costs start-up time on a 2-core
# machine.
PLUGINS=(rabbitmq_management)

# The nodes' own RabbitMQ home, $BASE/home: the package's scripts, and a plugins folder that holds only the
# applications a node runs (rabbit and the plugins above, with every application their .app files name:
# 26 of the package's 71 folders for the cluster, 20 without plugins). Erlang looks for each module it
# loads in every folder of that list, and RabbitMQ reads every plugin folder as it boots, so with the
# short list a node boots on about 40% less CPU (a standalone node, measured: 5.5-6.0 s -> 3.1-3.3 s; a
# cluster start, 23.5 s -> 11 s). The package's scripts take their home from RABBITMQ_SCRIPTS_DIR (see
# launch_node).
PACKAGE_HOME="$(readlink -f "$(dirname "$(readlink -f "$SERVER")")/..")"
make_home() {
  # Made once per $BASE, again if the package (its version is in its folder's name) or the plugins changed.
  local home="$BASE/home" stamp="$PACKAGE_HOME ${PLUGINS[*]}"
  [ "$(cat "$home/plugins/.complete" 2>/dev/null)" = "$stamp" ] && return 0
  as_root rm -rf "$home"
  as_root mkdir -p "$home/sbin" "$home/plugins"
  as_root ln -s "$PACKAGE_HOME"/sbin/* "$home/sbin/"
  as_root ln -s "$PACKAGE_HOME/escript" "$home/escript"
  local apps
  apps="$(erl -noshell -eval '
    [Dir | Roots] = init:get_plain_arguments(),
    Found = maps:from_list([{hd(string:split(filename:basename(D), "-")), D}
                            || D <- filelib:wildcard(Dir ++ "/*-*"), filelib:is_dir(D)]),
    Deps = fun(App) ->
      case filelib:wildcard(maps:get(App, Found, "") ++ "/ebin/*.app") of
        [File] ->
          {ok, [{application, _, Keys}]} = file:consult(File),
          [atom_to_list(A) || Key <- [applications, included_applications, optional_applications],
                              A <- proplists:get_value(Key, Keys, [])];
        _ -> []
      end
    end,
    Walk = fun W([], Seen) -> Seen;
               W([A | Rest], Seen) ->
                 case lists:member(A, Seen) of
                   true -> W(Rest, Seen);
                   false -> W(Deps(A) ++ Rest, [A | Seen])
                 end
           end,
    [io:format("~s~n", [maps:get(A, Found)]) || A <- Walk(Roots, []), maps:is_key(A, Found)],
    halt().' -extra "$PACKAGE_HOME/plugins" rabbit rabbitmq_prelaunch "${PLUGINS[@]}")" \
    || die "could not read the applications of $PACKAGE_HOME/plugins"
  # shellcheck disable=SC2086 # one folder per line, no spaces in them
  as_root ln -s $apps "$home/plugins/"
  echo "$stamp" | as_root tee "$home/plugins/.complete" >/dev/null
}

launch_node() {
  local n=$1
  make_home
  write_node_files "$n"
  # A pid file left by a killed node would make the wait below believe the node is up.
  as_root rm -f "$(pid_file "$n")"
  # HOME=/var/lib/rabbitmq: the same Erlang cookie as the main broker and rabbitmqctl, so the CLI
  # (and the nodes among themselves) can talk. -detached returns at once; the boot goes on.
  as_root runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq RABBITMQ_SCRIPTS_DIR="$BASE/home/sbin" \
    RABBITMQ_CONF_ENV_FILE="$(node_dir "$n")/rabbitmq-env.conf" "$BASE/home/sbin/rabbitmq-server" -detached >/dev/null 2>&1 || true
}

# The waits below look every 0.2 s for up to 90 s, with the node's paths and port worked out once: every
# $(...) is a process, and at ten looks a second over a cluster's boot they cost a second of CPU.
wait_ready() {
  local n=$1 offset=${2:-0} port pidf pid=''
  port="$(amqp_port "$n")"; pidf="$(pid_file "$n")"
  for i in $(seq 1 450); do
    # The AMQP port opens near the end of a boot; only then is the log read.
    port_open "$port" && booted_since "$n" "$offset" && return 0
    # The pid file appears a moment after launch; once it is there, its process must stay alive. And a
    # VM registers its name with epmd within seconds: one that has not after 20 s died early.
    [ -n "$pid" ] || { [ -s "$pidf" ] && read -r pid <"$pidf"; } || true
    if { [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; } || { [ "$i" -gt 100 ] && ! node_registered "$n"; }; then
      die "node $(node_name "$n") stopped while starting; its log: $(node_log "$n")"
    fi
    sleep 0.2
  done
  die "node $(node_name "$n") did not start in 90 s; its log: $(node_log "$n")"
}

join_if_needed() {
  local n=$1 leader; leader="$(node_name 1)"
  running_members "$n" | grep -qx "$leader" && return 0
  # The recipe from RabbitMQ's clustering guide: a node joins by resetting into the other's cluster.
  as_root "$CTL" -q -n "$(node_name "$n")" stop_app >/dev/null
  as_root "$CTL" -q -n "$(node_name "$n")" join_cluster "$leader" >/dev/null \
    || die "$(node_name "$n") could not join $leader; its log: $(node_log "$n")"
  local offset; offset="$(log_size "$n")"
  as_root "$CTL" -q -n "$(node_name "$n")" start_app >/dev/null
  wait_ready "$n" "$offset"
  say "$(node_name "$n") joined the cluster of $leader"
}

# Launches those of the given nodes that are down (STARTED, OFFSETS: the nodes to wait for, and where
# their logs stood), without waiting for them.
STARTED=(); OFFSETS=()
launch_nodes() {
  for n in "$@"; do
    if node_ready "$n"; then continue; fi
    if node_registered "$n"; then STARTED+=("$n"); OFFSETS+=(0); continue; fi   # still booting from an earlier start
    if port_open "$(amqp_port "$n")"; then die "port $(amqp_port "$n") is taken by something that is not $(node_name "$n")"; fi
    OFFSETS+=("$(log_size "$n")"); launch_node "$n"; STARTED+=("$n")
  done
}

# Waits until every node launch_nodes started answers.
wait_started() {
  for i in "${!STARTED[@]}"; do wait_ready "${STARTED[$i]}" "${OFFSETS[$i]}"; done
  STARTED=(); OFFSETS=()
}

# Starts those of the given nodes that are down, then waits until each answers.
start_nodes() { launch_nodes "$@"; wait_started; }

# Waits until node N has reached the cluster-formation lock of its first boot (or is up already).
wait_formation_lock() {
  local n=$1 log port pidf pid=''
  log="$(node_log "$n")"; port="$(amqp_port "$n")"; pidf="$(pid_file "$n")"
  for _ in $(seq 1 450); do
    grep -q 'Will try to lock with peer discovery' "$log" 2>/dev/null && return 0
    port_open "$port" && return 0   # up already
    [ -n "$pid" ] || { [ -s "$pidf" ] && read -r pid <"$pidf"; } || true
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then die "node $(node_name "$n") stopped while starting; its log: $log"; fi
    sleep 0.2
  done
  die "node $(node_name "$n") did not reach cluster formation in 90 s; its log: $log"
}

start() {
  [ -x "$SERVER" ] || die "rabbitmq-server is not installed. Run: npm run setup"
  command -v node >/dev/null || die "node is not on PATH (the script asks each node's management API through it)"
  if [ $# -gt 0 ]; then start_nodes "$@"; status || true; return; fi   # `start 2`: bring back one member
  if [ -d "$(node_dir 1)/mnesia" ]; then
    # A cluster that exists (nodes killed, or all stopped by a reboot): its nodes wait for each other's
    # tables as they boot, so they must boot side by side.
    start_nodes "${NODES[@]}"
  else
    # A new cluster. rabbit1 forms it: once it takes the cluster-formation lock (a few seconds into its
    # boot), rabbit2 and rabbit3 start booting beside it; they reach the lock only after rabbit1 has let
    # it go with its database ready, and join it. Launched at the same moment as rabbit1, rabbit2 could
    # take the lock first and hold it while it waits for rabbit1, which waits for the lock (a minute
    # lost); and a node that joins rabbit1 before its first boot has set up its tables crashes.
    launch_nodes 1
    wait_formation_lock 1
    launch_nodes 2 3
    wait_started
  fi
  for n in 2 3; do join_if_needed "$n"; done
  status
}

status() {
  local rc=0
  for n in "${NODES[@]}"; do
    local name; name="$(node_name "$n")"
    if node_ready "$n"; then
      say "$name up   amqp://localhost:$(amqp_port "$n")  http://localhost:$(http_port "$n")  pid $(node_pid "$n")  sees: $(running_members "$n" | tr '\n' ' ')"
    elif node_registered "$n"; then
      say "$name starting (pid $(node_pid "$n")), log: $(node_log "$n")"; rc=1
    else
      say "$name DOWN (start it: npm run cluster:start)"; rc=1
    fi
  done
  return $rc
}

# kill -9: no goodbye to the other nodes, like a machine that loses power.
kill_node() {
  local n=${1:?usage: cluster.sh kill N} pid
  pid="$(node_pid "$n")" || die "$(node_name "$n") has no pid file, is it running?"
  as_root kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  say "$(node_name "$n") killed (kill -9 $pid)"
}

# Each member of a quorum queue with its Raft log position, as JSON, asked through node N.
quorum_status() {
  as_root /usr/sbin/rabbitmq-queues -q -n "$(node_name "${2:?usage: cluster.sh quorum-status QUEUE N}")" quorum_status "${1:?}" --formatter json
}

stop() {
  local pids=()
  for n in "${NODES[@]}"; do
    if node_alive "$n"; then
      local pid; pid="$(node_pid "$n")"
      # kill -9, not a clean shutdown: everything the nodes hold is removed below anyway, and a clean
      # shutdown of three nodes takes ~8 s.
      as_root kill -9 "$pid"; pids+=("$pid")
    fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  done
  [ -d "$BASE" ] && as_root rm -rf "$BASE"
  say "stopped ${#pids[@]} node(s) and removed $BASE"
}

# Sourced by another script (see the top): the functions only.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

case "${1:-status}" in
  start) shift; start "$@" ;;
  status) status ;;
  stop) stop ;;
  kill) kill_node "${2:-}" ;;
  quorum-status) quorum_status "${2:-}" "${3:-}" ;;
  *) die "usage: $0 start|status|stop|kill N|quorum-status QUEUE N" ;;
esac
