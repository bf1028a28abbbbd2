#!/bin/sh
# Compares the throughput of a cached public portal page served by Concejo
# with nginx serving the very same bytes from disk, side by side on
# 127.0.0.1 with the same load generator (wrk). Not part of `go test`.
#
#   sh loadtest/portal/compare.sh            # from the repository root
#
# Needs: go, nginx and wrk (Debian: apt-get install -y nginx wrk).
# Tunables: DURATION (default 15s), CONNS (64), THREADS (2), PAGE (/e/10015/).
# Budget (DESIGN.md §8): Concejo must serve more than half of nginx's rate.
set -eu
DURATION=${DURATION:-15s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
PAGE=${PAGE:-/e/10015/}
APP_PORT=${APP_PORT:-18291}
NGINX_PORT=${NGINX_PORT:-18292}

for tool in go nginx wrk curl; do
	command -v "$tool" >/dev/null || { echo "falta $tool (apt-get install -y nginx wrk)" >&2; exit 2; }
done
work=$(mktemp -d)
app_pid=""
cleanup() {
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
	[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "== Concejo (demo pequeña) en 127.0.0.1:$APP_PORT"
go build -o "$work/concejo" ./cmd/concejo
CONCEJO_ADDR=127.0.0.1:$APP_PORT CONCEJO_DATA="$work/data" CONCEJO_DEMO_SMALL=1 \
	"$work/concejo" demo >/dev/null 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
	curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/healthz" && break
	sleep 0.5
done

# The page as Concejo caches it: the same bytes go to nginx's document root.
mkdir -p "$work/www"
chmod 755 "$work" "$work/www"
curl -sf "http://127.0.0.1:$APP_PORT$PAGE" -o "$work/www/index.html"
chmod 644 "$work/www/index.html"
bytes=$(wc -c <"$work/www/index.html")
echo "   página $PAGE: $bytes bytes"

cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	client_body_temp_path $work/tmp;
	proxy_temp_path $work/tmp;
	fastcgi_temp_path $work/tmp;
	uwsgi_temp_path $work/tmp;
	scgi_temp_path $work/tmp;
	types { text/html html; }
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $work/www;
		location / { try_files /index.html =404; }
	}
}
CONF
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5
nbytes=$(curl -sf "http://127.0.0.1:$NGINX_PORT$PAGE" | wc -c)
[ "$nbytes" = "$bytes" ] || { echo "nginx sirve $nbytes bytes, no $bytes" >&2; exit 1; }

run() { # name url
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$2" >"$work/$1.txt"
	rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$1.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
	echo "   $1: $rps peticiones/s, p99 $p99"
	eval "${1}_rps=$rps"
}
echo "== wrk -t$THREADS -c$CONNS -d$DURATION (calentamiento 3 s cada uno)"
wrk -t1 -c8 -d3s "http://127.0.0.1:$APP_PORT$PAGE" >/dev/null
wrk -t1 -c8 -d3s "http://127.0.0.1:$NGINX_PORT$PAGE" >/dev/null
run nginx "http://127.0.0.1:$NGINX_PORT$PAGE"
run concejo "http://127.0.0.1:$APP_PORT$PAGE"
run nginx2 "http://127.0.0.1:$NGINX_PORT$PAGE"
run concejo2 "http://127.0.0.1:$APP_PORT$PAGE"
ratio=$(awk -v a="$concejo_rps" -v b="$concejo2_rps" -v c="$nginx_rps" -v d="$nginx2_rps" \
	'BEGIN { printf "%.2f", (a + b) / (c + d) }')
echo "== Concejo / nginx = $ratio (objetivo > 0,50)"
awk -v r="$ratio" 'BEGIN { exit !(r > 0.5) }'
