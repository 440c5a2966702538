# Extract benchmark: `oneface extract` of a 1,000,000-row CSV export against `sqlite3 .import --csv`
# of the same file, in the same run. Prints wall time, rows/s, MB/s, peak memory and the ratio.
# Sourced by scripts/bench with $bin (release oneface) and $out set; argument: ROWS.
rows="${1:-1000000}"
out="$out/extract"
mkdir -p "$out"
echo "==> extract benchmark: $rows rows"

csv="$out/input/survey/responses_bench.csv"
if [ ! -f "$csv" ] || [ "$(cat "$out/input/rows" 2>/dev/null)" != "$rows" ]; then
  echo "==> generating $rows rows"
  mkdir -p "$(dirname "$csv")"
  python3 scripts/lib/bench_csv.py "$rows" "$csv"
  echo "$rows" > "$out/input/rows"
fi
bytes=$(stat -c %s "$csv")

cat > "$out/bench.yml" <<YML
version: 1
warehouse: $out/warehouse.sqlite
staging: $out/staging.sqlite
input_root: $out/input
sources:
  - name: survey_responses
    system: survey
    entity: survey_response
    format: csv
    path: survey/responses_*.csv
    dialect: {delimiter: ",", encoding: utf-8}
    fields:
      record_id: response_id
      survey_id: survey_id
      answered_at: submitted_at
      first_name: first_name
      last_name: last_name
      email: email
      postcode: postcode
      birth_date: birth_date
      nps: nps
      ces: ces
      csat: csat
      comment: comment
YML

rm -f "$out"/staging.sqlite* "$out"/warehouse.sqlite* "$out"/import.sqlite*
read -r one_s one_kib < <(measure oneface "$bin" extract --pipeline "$out/bench.yml" --quiet --force)
rejected=$(sqlite3 "$out/staging.sqlite" "SELECT sum(rows_rejected) FROM etl_file")
staged=$(sqlite3 "$out/staging.sqlite" "SELECT sum(rows_staged) FROM etl_file")
read -r sql_s sql_kib < <(measure sqlite3 sqlite3 "$out/import.sqlite" ".import --csv $csv t")
imported=$(sqlite3 "$out/import.sqlite" "SELECT count(*) FROM t")

python3 - "$rows" "$bytes" "$one_s" "$one_kib" "$sql_s" "$sql_kib" "$staged" "$rejected" "$imported" <<'PY'
import sys
rows, size, one_s, one_kib, sql_s, sql_kib, staged, rejected, imported = sys.argv[1:]
rows, size = int(rows), int(size)
one_s, sql_s = float(one_s), float(sql_s)
mb = size / 1e6
print(f"input: {rows} rows, {mb:.1f} MB")
print(f"{'':24}{'seconds':>10}{'rows/s':>12}{'MB/s':>8}{'peak MiB':>10}")
print(f"{'oneface extract':24}{one_s:>10.2f}{rows/one_s:>12,.0f}{mb/one_s:>8.1f}{int(one_kib)/1024:>10.1f}")
print(f"{'sqlite3 .import --csv':24}{sql_s:>10.2f}{rows/sql_s:>12,.0f}{mb/sql_s:>8.1f}{int(sql_kib)/1024:>10.1f}")
print(f"ratio (sqlite3 time / oneface time): {sql_s/one_s:.2f}x  (>1 means oneface is faster)")
print(f"oneface staged {staged}, rejected {rejected}; sqlite3 imported {imported} rows (header excluded)")
PY
