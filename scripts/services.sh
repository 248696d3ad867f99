#!/usr/bin/env bash
# Start, stop and inspect the two real servers the tutorial needs, without systemd and without Docker:
#   redis-server     on 127.0.0.1:6379   (data and log in .services/redis, git-ignored)
#   rabbitmq-server  on 127.0.0.1:5672   (node rabbit@localhost; management UI on :15672, guest/guest)
#
#   bash scripts/services.sh start|stop|status|restart-rabbitmq
#
# `start` is idempotent: a server that already answers is left alone, whoever started it.
# `stop` stops only what this script started (it keeps pid files in .services/).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.services"
REDIS_PORT="${REDIS_PORT:-6379}"
AMQP_PORT="${AMQP_PORT:-5672}"
RABBIT_NODE="rabbit@localhost"
RABBIT_PID="/var/lib/rabbitmq/mnesia/$RABBIT_NODE.pid"
RABBIT_ENV="/etc/rabbitmq/rabbitmq-env.conf"

say() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# Root, or sudo without a password prompt; used only for RabbitMQ, which runs as its own system user.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else die "RabbitMQ is started through its system wrappers, which need root. Re-run as root or with sudo: sudo npm run services:start"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# `timeout`: something else on the port may accept the connection and never answer.
redis_answers() { [ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

# An AMQP handshake with guest/guest, the same thing the chapters do, not just an open port.
amqp_answers() {
  port_open "$AMQP_PORT" || return 1
  [ -d "$ROOT/node_modules/amqplib" ] || return 0   # before `npm ci` an open port is the best we can check
  (cd "$ROOT" && node -e '
    require("amqplib").connect(process.argv[1]).then(c => c.close()).then(() => process.exit(0), () => process.exit(1));
    setTimeout(() => process.exit(1), 3000);
  ' "amqp://guest:guest@127.0.0.1:$AMQP_PORT") >/dev/null 2>&1
}

start_redis() {
  if redis_answers; then say "redis    already answers on 127.0.0.1:$REDIS_PORT, leaving it alone"; return; fi
  command -v redis-server >/dev/null || die "redis-server is not installed. Run: npm run setup"
  mkdir -p "$STATE/redis"
  rm -f "$STATE/redis/redis.pid"
  # --daemonize returns 0 even when the port is taken, so success is judged by our own pid answering PING.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STATE/redis" \
    --daemonize yes --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log" \
    --save "" --appendonly no >/dev/null
  for _ in $(seq 1 100); do
    if [ -s "$STATE/redis/redis.pid" ] && kill -0 "$(cat "$STATE/redis/redis.pid")" 2>/dev/null && redis_answers; then
      say "redis    started on 127.0.0.1:$REDIS_PORT (pid $(cat "$STATE/redis/redis.pid"))"; return
    fi
    sleep 0.1
  done
  tail -n 5 "$STATE/redis/redis.log" >&2 || true
  die "redis-server did not answer PING on port $REDIS_PORT (is the port taken by something else?). Log: $STATE/redis/redis.log"
}

# What the script changes on the system for RabbitMQ (the README lists the same):
#  1. /etc/rabbitmq/rabbitmq-env.conf gets NODENAME=rabbit@localhost and NODE_IP_ADDRESS=127.0.0.1.
#     The default node name rabbit@<hostname> must resolve; on machines where it does not the node dies
#     silently about a minute after start.
#  2. the management plugin is enabled offline (/etc/rabbitmq/enabled_plugins).
configure_rabbit() {
  if ! grep -q "^NODENAME=$RABBIT_NODE\$" "$RABBIT_ENV" 2>/dev/null; then
    as_root sh -c "printf '\n# added by queues-in-node scripts/services.sh\nNODENAME=$RABBIT_NODE\nNODE_IP_ADDRESS=127.0.0.1\n' >> $RABBIT_ENV"
  fi
  if ! grep -q rabbitmq_management /etc/rabbitmq/enabled_plugins 2>/dev/null; then
    as_root /usr/sbin/rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
  fi
}

start_rabbit() {
  if amqp_answers; then say "rabbitmq already answers on 127.0.0.1:$AMQP_PORT, leaving it alone"; return; fi
  [ -x /usr/sbin/rabbitmq-server ] || die "rabbitmq-server is not installed. Run: npm run setup"
  configure_rabbit
  mkdir -p "$STATE"
  # A pid file left by a node that was killed (a reboot, kill -9) would fool the wait below and
  # `await_startup` would give up at once: remove it when its process is gone.
  if [ -e "$RABBIT_PID" ] && ! ps -p "$(cat "$RABBIT_PID" 2>/dev/null || echo 0)" >/dev/null 2>&1; then
    as_root rm -f "$RABBIT_PID"
  fi
  # Only the /usr/sbin wrappers: they switch to the rabbitmq user, so the Erlang cookie and file ownership stay right.
  as_root /usr/sbin/rabbitmq-server -detached >/dev/null 2>&1 || true
  # `rabbitmqctl await_startup` fails at once if the pid file does not exist yet, so wait for it first.
  for _ in $(seq 1 300); do [ -s "$RABBIT_PID" ] && break; sleep 0.1; done
  [ -s "$RABBIT_PID" ] || die "rabbitmq-server wrote no pid file ($RABBIT_PID). See /var/log/rabbitmq/"
  cat "$RABBIT_PID" > "$STATE/rabbitmq.pid"
  as_root /usr/sbin/rabbitmqctl -n "$RABBIT_NODE" await_startup --timeout 60 >/dev/null 2>&1 \
    || die "rabbitmq did not finish booting in 60 s. See /var/log/rabbitmq/$RABBIT_NODE.log"
  for _ in $(seq 1 100); do
    if amqp_answers; then say "rabbitmq started on 127.0.0.1:$AMQP_PORT (node $RABBIT_NODE, pid $(cat "$RABBIT_PID")); management UI http://localhost:15672 guest/guest"; return; fi
    sleep 0.1
  done
  die "rabbitmq booted but refuses AMQP connections with guest/guest on port $AMQP_PORT"
}

stop_redis() {
  local pidfile="$STATE/redis/redis.pid"
  if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    local pid; pid="$(cat "$pidfile")"
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pidfile"; say "redis    stopped"
  else
    say "redis    was not started by this script, nothing to stop"
  fi
}

stop_rabbit() {
  if [ -s "$STATE/rabbitmq.pid" ] && kill -0 "$(cat "$STATE/rabbitmq.pid")" 2>/dev/null; then
    as_root /usr/sbin/rabbitmqctl -n "$RABBIT_NODE" stop >/dev/null 2>&1 || true
    rm -f "$STATE/rabbitmq.pid"; say "rabbitmq stopped"
  else
    say "rabbitmq was not started by this script, nothing to stop"
  fi
}

# A broker restart that keeps the node up: the rabbit application stops (every queue process ends, every
# connection is dropped) and starts again, recovering durable queues and persistent messages from disk.
# Used by the durability test; seconds instead of the ~10 s of a full node restart.
restart_rabbit() {
  as_root /usr/sbin/rabbitmqctl -n "$RABBIT_NODE" stop_app >/dev/null
  as_root /usr/sbin/rabbitmqctl -n "$RABBIT_NODE" start_app >/dev/null
  for _ in $(seq 1 100); do amqp_answers && { say "rabbitmq restarted"; return; }; sleep 0.1; done
  die "rabbitmq did not come back after restart"
}

status() {
  local rc=0
  if redis_answers; then say "redis    answers on 127.0.0.1:$REDIS_PORT"; else say "redis    DOWN on 127.0.0.1:$REDIS_PORT (start it: npm run services:start)"; rc=1; fi
  if amqp_answers; then say "rabbitmq answers on 127.0.0.1:$AMQP_PORT"; else say "rabbitmq DOWN on 127.0.0.1:$AMQP_PORT (start it: npm run services:start)"; rc=1; fi
  return $rc
}

case "${1:-status}" in
  start) start_redis; start_rabbit ;;
  stop) stop_redis; stop_rabbit ;;
  status) status ;;
  restart-rabbitmq) restart_rabbit ;;
  *) die "usage: $0 start|stop|status|restart-rabbitmq" ;;
esac
