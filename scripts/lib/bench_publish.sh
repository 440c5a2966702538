# Publish benchmark: `oneface publish` of a generated warehouse into a throw-away PostgreSQL 15 on
# loopback (started here, stopped at the end): total publish time next to the warehouse's SQLite
# load time, the COPY rate (rows/s, MB/s of COPY text), the size in PostgreSQL, and every query of
# docs/queries on PostgreSQL next to SQLite (best of 3 each; PostgreSQL variants from
# docs/queries/postgres/). Sourced by scripts/bench with $bin (release oneface) and $out set.
# Arguments: [100k|1m] [--warehouse FILE]   (--warehouse: publish that warehouse, read only, instead
#            of generating one; its load time is read from its own etl_stage)
size="100k"
given=""
while [ $# -gt 0 ]; do
  case "$1" in
    100k|1m) size="$1" ;;
    --warehouse) given="$2"; shift ;;
    *) echo "error: publish takes [100k|1m] [--warehouse FILE], not '$1'" >&2; exit 64 ;;
  esac
  shift
done
case "$size" in 100k) customers=100000 ;; 1m) customers=1000000 ;; esac
source scripts/lib/pg_server.sh
oneface_require_packages postgresql-15

if [ -n "$given" ]; then
  db="$given"
  out="$out/publish/given"
  mkdir -p "$out"
  echo "==> publish benchmark: $db"
else
  out="$out/publish/$size"
  mkdir -p "$out"
  input="$out/input"
  db="$out/warehouse.sqlite"
  echo "==> publish benchmark: $customers customers"
  if [ ! -f "$db" ] || [ "$(cat "$out/customers" 2>/dev/null)" != "$customers" ]; then
    rm -rf "$input" "$out"/warehouse.sqlite* "$out"/staging.sqlite*
    measure sample "$bin" sample --customers "$customers" --seed 1 --out "$input" >/dev/null
    sed -e "s#^warehouse:.*#warehouse: $db#" -e "s#^staging:.*#staging: $out/staging.sqlite#" \
        -e "s#^input_root:.*#input_root: $input#" Pipelines/sample.yml > "$out/bench.yml"
    echo "==> oneface run (SQLite)"
    read -r run_s run_kib < <(measure run "$bin" run --pipeline "$out/bench.yml" --quiet)
    echo "$customers" > "$out/customers"
    echo "oneface run: ${run_s} s wall, peak $((run_kib / 1024)) MiB"
  fi
fi
[ -f "$db" ] || { echo "error: no warehouse at $db" >&2; exit 66; }
# The load stage of the run that built the warehouse (a stage still 'running' in a copy taken at
# publish time ends when its run does).
load_s="$(sqlite3 -readonly "$db" "
  SELECT round(coalesce(s.seconds, (julianday(r.finished_at) - julianday(s.started_at)) * 86400), 1)
  FROM etl_stage s JOIN etl_run r USING (run_id) WHERE s.stage = 'load' ORDER BY s.run_id DESC LIMIT 1")"
echo "warehouse: $(sqlite3 -readonly "$db" "SELECT count(*) FROM customer_360") customers, $(du -m "$db" | cut -f1) MiB, SQLite load ${load_s:-?} s"

pg_dir="$(mktemp -d /tmp/oneface-bench-pg.XXXXXX)"
trap 'oneface_pg_stop "$pg_dir"' EXIT
oneface_pg_start "$pg_dir"
echo "==> oneface publish into PostgreSQL 15 on loopback (port $ONEFACE_PG_PORT)"
read -r pub_s pub_kib < <(measure publish "$bin" publish --warehouse "$db" --target "$ONEFACE_PG_URL")
summary="$(grep -o 'publish: oneface is live.*' "$out/time-publish.txt" | tail -1)"
echo "$summary" | sed 's/^/    /'
pg_mib="$(psql -X -At -d "$ONEFACE_PG_URL" -c "SELECT (sum(pg_total_relation_size(c.oid)) / 1048576)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'oneface' AND c.relkind = 'r'")"
printf "\n%-34s %12s\n" "step" "value"
printf "%-34s %12s\n" "SQLite load (oneface load stage)" "${load_s:-?} s"
printf "%-34s %12s\n" "publish, total wall" "${pub_s} s"
printf "%-34s %12s\n" "publish, peak memory" "$((pub_kib / 1024)) MiB"
printf "%-34s %12s\n" "COPY rows/s" "$(echo "$summary" | sed -n 's/.*(\([0-9]*\) rows\/s.*/\1/p')"
printf "%-34s %12s\n" "COPY MB/s" "$(echo "$summary" | sed -n 's/.*rows\/s, \([0-9.]*\) MB\/s.*/\1/p')"
printf "%-34s %12s\n" "size in PostgreSQL (with indexes)" "${pg_mib} MiB"

sqlite_ms() {
  sqlite3 -readonly -batch "$db" ".output /dev/null" ".timer on" ".read $1" \
    | awk '/^Run Time: real/ { s += $4 } END { printf "%.1f", s * 1000 }'
}
postgres_ms() {
  psql -X -q -d "$ONEFACE_PG_URL" -c "SET search_path TO oneface" -c '\timing on' -f "$1" -o /dev/null \
    | awk '/^Time:/ { s += $2 } END { printf "%.1f", s }'
}
best_of_3() {
  local best="" ms
  for _ in 1 2 3; do
    ms="$("$@")"
    best="$(awk -v a="${best:-$ms}" -v b="$ms" 'BEGIN { print (b < a) ? b : a }')"
  done
  echo "$best"
}
# "same" when both engines return the same rows in the same order (numbers within 1e-9 relative).
same_rows() {
  python3 - "$1" "$2" <<'PY'
import sys
def rows(path): return [line.rstrip("\n").split("|") for line in open(path)]
def same(x, y):
    if x == y: return True
    try: return abs(float(x) - float(y)) <= 1e-9 * max(1.0, abs(float(x)))
    except ValueError: return False
a, b = rows(sys.argv[1]), rows(sys.argv[2])
print("same" if len(a) == len(b) and all(len(r) == len(s) and all(map(same, r, s)) for r, s in zip(a, b)) else "DIFFERENT")
PY
}
printf "\n%-40s %12s %12s %8s %10s\n" "query (best of 3)" "SQLite ms" "PG ms" "rows" "answers"
for file in docs/queries/*.sql; do
  name="$(basename "$file")"
  pg_file="docs/queries/postgres/$name"; [ -f "$pg_file" ] || pg_file="$file"
  sqlite3 -readonly -batch -noheader "$db" ".read $file" >"$out/sqlite-${name%.sql}.txt"
  psql -X -q -At -F '|' -d "$ONEFACE_PG_URL" -c "SET search_path TO oneface" -f "$pg_file" >"$out/postgres-${name%.sql}.txt"
  printf "%-40s %12s %12s %8s %10s\n" "${name%.sql}" "$(best_of_3 sqlite_ms "$file")" "$(best_of_3 postgres_ms "$pg_file")" \
    "$(wc -l <"$out/sqlite-${name%.sql}.txt")" "$(same_rows "$out/sqlite-${name%.sql}.txt" "$out/postgres-${name%.sql}.txt")"
done
