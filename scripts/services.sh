#!/usr/bin/env bash
# Start, stop and inspect the two real servers the tutorial needs:
#   redis-server     on 127.0.0.1:6379   (data and log in .services/redis, git-ignored)
#   rabbitmq-server  on 127.0.0.1:5672   (node rabbit@localhost; management UI on :15672, guest/guest)
#
#   bash scripts/services.sh start|stop|status
#   bash scripts/services.sh restart-rabbitmq [--dry-run]
#
# `start` is idempotent: a server that already answers is left alone, whoever started it (Docker,
# Homebrew, systemd). `start` and `stop` run the Debian packages without systemd or Docker; `stop` stops
# only what this script started (it keeps pid files in .services/).
# `status` and `restart-rabbitmq` work wherever the README says the tutorial runs: the Debian wrappers,
# the docker-compose.yml service, or Homebrew (see restart_rabbit). `--dry-run` says which way it would
# restart, and the commands, without running them (scripts/services-restart-detection.test.ts).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.services"
REDIS_PORT="${REDIS_PORT:-6379}"
AMQP_PORT="${AMQP_PORT:-5672}"
RABBIT_NODE="rabbit@localhost"
# Where the Debian package puts its wrappers; a variable only so the detection can be tested.
RABBIT_SBIN="${RABBITMQ_DEBIAN_SBIN:-/usr/sbin}"
RABBIT_PID="/var/lib/rabbitmq/mnesia/$RABBIT_NODE.pid"
RABBIT_ENV="/etc/rabbitmq/rabbitmq-env.conf"

say() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }
DRY_RUN=0
# Every command that restarts a server goes through here (quietly), so --dry-run can print it instead.
act() { if [ "$DRY_RUN" = 1 ]; then say "would run: $*"; else "$@" >/dev/null; fi; }

# Root, or sudo without a password prompt; used only for RabbitMQ, which runs as its own system user.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else die "the Debian RabbitMQ wrappers need root: re-run as root or with passwordless sudo (sudo npm run services:start, sudo npm test)"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# PING over bash's /dev/tcp, so no redis-cli is needed (a Docker set-up has none on the host). `read -t`:
# something else on the port may accept the connection and never answer.
redis_answers() {
  ( exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" && printf 'PING\r\n' >&3 && IFS= read -r -t 2 reply <&3 && [[ $reply == +PONG* ]] ) 2>/dev/null
}

# `timeout` is GNU coreutils: macOS has none (unless Homebrew's coreutils is installed), so without it the
# command runs with no limit.
limit() { local seconds="$1"; shift; if command -v timeout >/dev/null; then timeout "$seconds" "$@"; else "$@"; fi; }

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
  command -v redis-server >/dev/null \
    || die "redis-server is not installed. Debian/Ubuntu: npm run setup; macOS: brew install redis && brew services start redis; Docker: docker compose up -d"
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
    as_root "$RABBIT_SBIN"/rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
  fi
}

start_rabbit() {
  if amqp_answers; then say "rabbitmq already answers on 127.0.0.1:$AMQP_PORT, leaving it alone"; return; fi
  [ -x "$RABBIT_SBIN/rabbitmq-server" ] \
    || die "rabbitmq-server is not installed. Debian/Ubuntu: npm run setup; macOS: brew install rabbitmq && brew services start rabbitmq; Docker: docker compose up -d"
  configure_rabbit
  mkdir -p "$STATE"
  # A pid file left by a node that was killed (a reboot, kill -9) would fool the wait below and
  # `await_startup` would give up at once: remove it when its process is gone.
  if [ -e "$RABBIT_PID" ] && ! ps -p "$(cat "$RABBIT_PID" 2>/dev/null || echo 0)" >/dev/null 2>&1; then
    as_root rm -f "$RABBIT_PID"
  fi
  # Only the /usr/sbin wrappers: they switch to the rabbitmq user, so the Erlang cookie and file ownership stay right.
  as_root "$RABBIT_SBIN"/rabbitmq-server -detached >/dev/null 2>&1 || true
  # `rabbitmqctl await_startup` fails at once if the pid file does not exist yet, so wait for it first.
  for _ in $(seq 1 300); do [ -s "$RABBIT_PID" ] && break; sleep 0.1; done
  [ -s "$RABBIT_PID" ] || die "rabbitmq-server wrote no pid file ($RABBIT_PID). See /var/log/rabbitmq/"
  cat "$RABBIT_PID" > "$STATE/rabbitmq.pid"
  as_root "$RABBIT_SBIN"/rabbitmqctl -n "$RABBIT_NODE" await_startup --timeout 60 >/dev/null 2>&1 \
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
    as_root "$RABBIT_SBIN"/rabbitmqctl -n "$RABBIT_NODE" stop >/dev/null 2>&1 || true
    rm -f "$STATE/rabbitmq.pid"; say "rabbitmq stopped"
  else
    say "rabbitmq was not started by this script, nothing to stop"
  fi
}

# How RabbitMQ runs here, for restart-rabbitmq; the first that fits wins:
#   compose   the docker-compose.yml service is running          docker compose restart <service>
#   debian    the Debian package's wrappers ($RABBIT_SBIN)       rabbitmqctl -n rabbit@localhost stop_app, start_app (as root)
#   homebrew  a `rabbitmqctl` on the PATH or in `brew --prefix`  rabbitmqctl stop_app, start_app (as you)
# Homebrew gets no `-n`: its rabbitmqctl reads the same rabbitmq-env.conf as its server, so it finds the
# local node whatever it is named (rabbit@<hostname> by default). Sets RESTART_WAY and RESTART_CTL.
compose_service() { sed -n 's/^  \(rabbit[A-Za-z0-9_.-]*\):[[:space:]]*$/\1/p' "$ROOT/docker-compose.yml" 2>/dev/null | head -n 1; }

detect_rabbit() {
  RESTART_WAY=none; RESTART_CTL=
  local service; service="$(compose_service)"
  if [ -n "$service" ] && command -v docker >/dev/null \
     && (cd "$ROOT" && limit 10 docker compose ps --status running --services 2>/dev/null) | grep -qx "$service"; then
    RESTART_WAY=compose; RESTART_CTL="$service"
  elif [ -x "$RABBIT_SBIN/rabbitmqctl" ] && [ -x "$RABBIT_SBIN/rabbitmq-server" ]; then
    RESTART_WAY=debian; RESTART_CTL="$RABBIT_SBIN/rabbitmqctl"
  elif command -v rabbitmqctl >/dev/null; then
    RESTART_WAY=homebrew; RESTART_CTL="$(command -v rabbitmqctl)"
  elif command -v brew >/dev/null && [ -x "$(brew --prefix 2>/dev/null)/sbin/rabbitmqctl" ]; then
    RESTART_WAY=homebrew; RESTART_CTL="$(brew --prefix)/sbin/rabbitmqctl"
  fi
}

# A broker restart, to try by hand what chapter 4's broker-restart test proves (docs/04-rabbitmq.md): every
# queue process ends, every connection is dropped, and the broker recovers durable queues and persistent
# messages from disk. (The test restarts a node of its own, scripts/restart-node.sh, so that no other test
# loses its connection.) With rabbitmqctl it is stop_app + start_app: the rabbit application restarts
# inside a node that stays up (seconds, not the ~10 s of a whole node). With Docker the container
# restarts, node and all; its data stays in the container.
restart_rabbit() {
  detect_rabbit
  case "$RESTART_WAY" in
    compose)
      say "restarting RabbitMQ through docker compose (service $RESTART_CTL in docker-compose.yml)"
      act docker compose --project-directory "$ROOT" restart "$RESTART_CTL" ;;
    debian)
      say "restarting RabbitMQ through the Debian wrappers ($RESTART_CTL -n $RABBIT_NODE)"
      [ "$DRY_RUN" = 1 ] || as_root true   # one line, before anything stops, when root cannot be had
      act as_root "$RESTART_CTL" -n "$RABBIT_NODE" stop_app
      act as_root "$RESTART_CTL" -n "$RABBIT_NODE" start_app ;;
    homebrew)
      say "restarting RabbitMQ through $RESTART_CTL (Homebrew or another install on the PATH; its local node)"
      act "$RESTART_CTL" stop_app
      act "$RESTART_CTL" start_app ;;
    *)
      die "cannot restart RabbitMQ here: run it one of the README's ways (npm run setup; docker compose up -d in this folder; brew services start rabbitmq) or put rabbitmqctl on the PATH" ;;
  esac
  [ "$DRY_RUN" = 1 ] && return
  # A whole container takes longer than stop_app/start_app: up to 60 s.
  for _ in $(seq 1 600); do amqp_answers && { say "rabbitmq restarted"; return; }; sleep 0.1; done
  die "rabbitmq did not answer on 127.0.0.1:$AMQP_PORT within 60 s of the restart ($RESTART_WAY)"
}

status() {
  local rc=0
  if redis_answers; then say "redis    answers on 127.0.0.1:$REDIS_PORT"; else say "redis    DOWN on 127.0.0.1:$REDIS_PORT (start it: npm run services:start)"; rc=1; fi
  if amqp_answers; then say "rabbitmq answers on 127.0.0.1:$AMQP_PORT"; else say "rabbitmq DOWN on 127.0.0.1:$AMQP_PORT (start it: npm run services:start)"; rc=1; fi
  return $rc
}

command="${1:-status}"
[ "${2:-}" = "--dry-run" ] && DRY_RUN=1
case "$command" in
  start) start_redis; start_rabbit ;;
  stop) stop_redis; stop_rabbit ;;
  status) status ;;
  restart-rabbitmq) restart_rabbit ;;
  *) die "usage: $0 start|stop|status|restart-rabbitmq [--dry-run]" ;;
esac
