#!/usr/bin/env bash
# Starts what the test suite needs when it is not running: Redis on 127.0.0.1:6379.
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

# Headless Chromium for the browser tests (Debian package; no downloaded browsers).
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
else
  echo "chromium: installing from Debian packages"
  (apt-get install -y chromium >/tmp/chromium-install.log 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y chromium >>/tmp/chromium-install.log 2>&1)) \
    || { echo "chromium: install failed (see /tmp/chromium-install.log)"; exit 1; }
fi
