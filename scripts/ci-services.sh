#!/usr/bin/env bash
# Starts what the test suite needs when it is not running: Redis on 127.0.0.1:6379, PostgreSQL on
# 127.0.0.1:5432 (trust auth, user postgres; the Postgres outbox tests and the examples create their own databases).
set -euo pipefail
redis_up() { node -e '
  const s = require("net").connect(6379, "127.0.0.1");
  s.on("connect", () => s.write("PING\r\n"));
  s.on("data", (d) => process.exit(String(d).startsWith("+PONG") ? 0 : 1));
  s.on("error", () => process.exit(1));
  setTimeout(() => process.exit(1), 1000);'; }
if redis_up; then
  echo "redis: answering on 127.0.0.1:6379"
else
  echo "redis: starting redis-server"
  mkdir -p /tmp/redis-ci
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp/redis-ci --logfile /tmp/redis-ci/redis.log
  for _ in $(seq 1 50); do redis_up && break; sleep 0.1; done
  redis_up || { echo "redis: did not start"; exit 1; }
fi

# PostgreSQL: the Debian cluster, installed (with trust auth on 127.0.0.1) when absent, started when down.
pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
if pg_up; then
  echo "postgres: answering on 127.0.0.1:5432"
else
  if [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    echo "postgres: installing from Debian packages"
    (apt-get install -y postgresql >/tmp/postgres-install.log 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y postgresql >>/tmp/postgres-install.log 2>&1)) \
      || { echo "postgres: install failed (see /tmp/postgres-install.log)"; exit 1; }
    hba="/etc/postgresql/$(ls /etc/postgresql)/main/pg_hba.conf"
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$hba"
  fi
  echo "postgres: starting the cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 50); do pg_up && break; sleep 0.2; done
  pg_up || { echo "postgres: did not start"; exit 1; }
fi

# Headless Chromium for the browser tests (Debian package; no downloaded browsers).
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
else
  echo "chromium: installing from Debian packages"
  (apt-get install -y chromium >/tmp/chromium-install.log 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y chromium >>/tmp/chromium-install.log 2>&1)) \
    || { echo "chromium: install failed (see /tmp/chromium-install.log)"; exit 1; }
fi
