# Query benchmark: `oneface run` on a generated dataset (default 1,000,000 customers), then every
# query of docs/queries/*.sql through the sqlite3 shell (`.timer on`, best of 3 runs, each in a
# fresh shell). Prints run time and peak memory, a table query -> ms (flagging any above 50 ms),
# and the warehouse file size. Sourced by scripts/bench with $bin (release oneface) and $out set.
# Arguments: [CUSTOMERS] [--reuse]   (--reuse: keep an existing warehouse of that size, only time queries)
customers="${1:-1000000}"
reuse="${2:-}"
limit_ms=50
out="$out/queries"
mkdir -p "$out"
echo "==> query benchmark: $customers customers"

input="$out/input"
if [ ! -f "$input/truth.csv" ] || [ "$(cat "$out/customers" 2>/dev/null)" != "$customers" ]; then
  echo "==> generating $customers customers (seed 1)"
  rm -rf "$input" "$out"/warehouse.sqlite* "$out"/staging.sqlite*
  read -r gen_s gen_kib < <(measure sample "$bin" sample --customers "$customers" --seed 1 --out "$input")
  echo "$customers" > "$out/customers"
  echo "generated in ${gen_s} s"
fi

# The sample pipeline's mappings, with this benchmark's paths.
sed -e "s#^warehouse:.*#warehouse: $out/warehouse.sqlite#" \
    -e "s#^staging:.*#staging: $out/staging.sqlite#" \
    -e "s#^input_root:.*#input_root: $input#" Pipelines/sample.yml > "$out/bench.yml"

if [ "$reuse" = "--reuse" ] && [ -f "$out/warehouse.sqlite" ]; then
  echo "==> reusing $out/warehouse.sqlite"
else
  rm -f "$out"/warehouse.sqlite* "$out"/staging.sqlite*
  echo "==> oneface run"
  read -r run_s run_kib < <(measure run "$bin" run --pipeline "$out/bench.yml" --quiet)
  echo "oneface run: ${run_s} s wall, peak $((run_kib / 1024)) MiB"
  sqlite3 "$out/warehouse.sqlite" "SELECT stage, round(seconds, 1) || ' s' FROM etl_stage WHERE run_id = (SELECT max(run_id) FROM etl_stage) ORDER BY started_at" \
    | sed 's/^/    /'
fi
db="$out/warehouse.sqlite"
echo "warehouse: $(sqlite3 "$db" "SELECT count(*) FROM customer_360") customers, $(du -m "$db" | cut -f1) MiB ($(stat -c %s "$db") bytes)"

source scripts/lib/query_pack.sh
query_pack "$db" "$limit_ms"
