#!/usr/bin/env bash
# A RabbitMQ node of its own for chapter 4's broker-restart test (04-rabbitmq/test/broker-restart-*), so
# the restart drops no one else's connections (the other tests, a benchmark run beside them):
#
#   node                      AMQP   Erlang distribution
#   rabbit-restart@localhost  5679   19679
#
#   bash scripts/restart-node.sh start     start the node (nothing if it answers already)
#   bash scripts/restart-node.sh restart   stop_app + start_app (the broker restarts; its node stays up)
#   bash scripts/restart-node.sh stop      kill the node and remove its data (/var/lib/rabbitmq-restart)
#   bash scripts/restart-node.sh status
#
# The same machinery as the cluster's nodes (scripts/cluster.sh, sourced here): the Debian package's
# scripts run as the rabbitmq user, with the main broker's Erlang cookie and epmd. The node is standalone
# (no cluster) and has no plugin: the tests only speak AMQP to it. Its distribution port is outside the
# range common/testing/ports.ts hands out to the tests' own servers (20000-32000).
source "$(dirname "${BASH_SOURCE[0]}")/cluster.sh"

LABEL=restart-node
ROOT_HINT='npm test'
STOP_COMMAND='bash scripts/restart-node.sh stop'
BASE="${RABBITMQ_RESTART_NODE_DIR:-/var/lib/rabbitmq-restart}"
NODES=(0)
short_name() { echo rabbit-restart; }
amqp_port() { echo 5679; }
dist_port() { echo 19679; }
node_config() { echo '[].'; }
PLUGINS=()

start_node() {
  [ -x "$SERVER" ] || die "rabbitmq-server is not installed. Run: npm run setup"
  start_nodes 0
  say "$(node_name 0) up   amqp://localhost:$(amqp_port 0)  pid $(node_pid 0)"
}

# The restart of scripts/services.sh restart-rabbitmq on the Debian package, on this node: every queue
# process ends and every connection drops; on start the broker recovers durable queues and persistent
# messages from disk. Returns once the node has logged the end of its boot and takes connections again.
restart_node() {
  node_alive 0 || die "$(node_name 0) is not running; start it: bash scripts/restart-node.sh start"
  local offset; offset="$(log_size 0)"
  as_root "$CTL" -q -n "$(node_name 0)" stop_app >/dev/null
  as_root "$CTL" -q -n "$(node_name 0)" start_app >/dev/null
  wait_ready 0 "$offset"
  say "$(node_name 0) restarted"
}

node_status() {
  if node_ready 0; then say "$(node_name 0) up   amqp://localhost:$(amqp_port 0)  pid $(node_pid 0)"
  elif node_registered 0; then say "$(node_name 0) starting (pid $(node_pid 0)), log: $(node_log 0)"; return 1
  else say "$(node_name 0) DOWN (start it: bash scripts/restart-node.sh start)"; return 1
  fi
}

case "${1:-status}" in
  start) start_node ;;
  restart) restart_node ;;
  stop) stop ;;
  status) node_status ;;
  *) die "usage: $0 start|restart|stop|status" ;;
esac
