# Extract benchmark, each part against a reference run on the same file in the same run:
# - CSV: `oneface extract` of a ROWS-row survey export against `sqlite3 .import --csv` (issue 11:
#   less CPU time than sqlite3);
# - XML: `oneface extract` of an XML_MB-megabyte point-of-sale export against `xmllint --stream
#   --noout` (issue 11: at least half of xmllint's rate).
# Prints wall and CPU seconds (user + system), rows/s, MB/s, peak memory and the ratios.
# Sourced by scripts/bench with $bin (release oneface) and $out set; arguments: ROWS (default
# 1000000) and XML_MB (default 300); 0 skips that part. Inputs are cached under bench-out/extract/.
rows="${1:-1000000}"
xml_mb="${2:-300}"
out="$out/extract"
mkdir -p "$out"
echo "==> extract benchmark: CSV $rows rows, XML $xml_mb MB (machine: $(uptime | sed 's/.*load/load/'))"

if [ "$rows" != 0 ]; then

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
one_cpu=$(cpu_seconds oneface 2)
rejected=$(sqlite3 "$out/staging.sqlite" "SELECT sum(rows_rejected) FROM etl_file")
staged=$(sqlite3 "$out/staging.sqlite" "SELECT sum(rows_staged) FROM etl_file")
read -r sql_s sql_kib < <(measure sqlite3 sqlite3 "$out/import.sqlite" ".import --csv $csv t")
sql_cpu=$(cpu_seconds sqlite3 2)
imported=$(sqlite3 "$out/import.sqlite" "SELECT count(*) FROM t")

python3 - "$rows" "$bytes" "$one_s" "$one_cpu" "$one_kib" "$sql_s" "$sql_cpu" "$sql_kib" "$staged" "$rejected" "$imported" <<'PY'
import sys
rows, size, one_s, one_cpu, one_kib, sql_s, sql_cpu, sql_kib, staged, rejected, imported = sys.argv[1:]
rows, size = int(rows), int(size)
one_s, one_cpu, sql_s, sql_cpu = float(one_s), float(one_cpu), float(sql_s), float(sql_cpu)
mb = size / 1e6
print(f"CSV input: {rows} rows, {mb:.1f} MB")
print(f"{'':24}{'seconds':>10}{'CPU-s':>8}{'rows/s':>12}{'MB/s':>8}{'peak MiB':>10}")
print(f"{'oneface extract':24}{one_s:>10.2f}{one_cpu:>8.2f}{rows/one_s:>12,.0f}{mb/one_s:>8.1f}{int(one_kib)/1024:>10.1f}")
print(f"{'sqlite3 .import --csv':24}{sql_s:>10.2f}{sql_cpu:>8.2f}{rows/sql_s:>12,.0f}{mb/sql_s:>8.1f}{int(sql_kib)/1024:>10.1f}")
print(f"ratio (sqlite3 time / oneface time): {sql_s/one_s:.2f}x wall, {sql_cpu/max(one_cpu, 0.01):.2f}x CPU  (>1 means oneface is faster; "
      f"target: CPU > 1)")
print(f"oneface staged {staged}, rejected {rejected}; sqlite3 imported {imported} rows (header excluded)")
PY
fi

if [ "$xml_mb" != 0 ]; then
xml="$out/input/branch/pos_bench.xml"
if [ ! -f "$xml" ] || [ "$(cat "$out/input/xml_mb" 2>/dev/null)" != "$xml_mb" ]; then
  echo "==> generating an XML export of $xml_mb MB"
  mkdir -p "$(dirname "$xml")"
  python3 scripts/lib/bench_xml.py "$xml_mb" "$xml" > "$out/input/xml_records"
  echo "$xml_mb" > "$out/input/xml_mb"
fi
xml_bytes=$(stat -c %s "$xml")
xml_records=$(cat "$out/input/xml_records")

# The transactions as Pipelines/sample.yml maps them (line items included).
cat > "$out/bench-xml.yml" <<YML
version: 1
warehouse: $out/xml-warehouse.sqlite
staging: $out/xml-staging.sqlite
input_root: $out/input
time_zone: Europe/Berlin
sources:
  - name: branch_transactions
    system: branch
    entity: purchase
    format: xml
    path: branch/pos_bench.xml
    dialect:
      record_element: export/transactions/transaction
      decimal_comma: true
    fields:
      record_id: "@id"
      branch_id: "@branch"
      occurred_at: "@timestamp"
      loyalty_card: customer.@card
      full_name: customer.name
      street: customer.street
      postcode: customer.postcode
      city: customer.city
      country: customer.country
      phone: customer.phone
      email: customer.email
      amount: total
      currency: total.@currency
      items:
        from: items.item
        fields:
          sku: "@sku"
          name: "#text"
          quantity: "@qty"
          unit_price: "@price"
YML

rm -f "$out"/xml-staging.sqlite* "$out"/xml-warehouse.sqlite*
# The reference reads from the page cache as oneface does: one untimed read first.
cat "$xml" > /dev/null
read -r lint_s lint_kib < <(measure xmllint xmllint --stream --noout "$xml")
lint_cpu=$(cpu_seconds xmllint 2)
read -r onex_s onex_kib < <(measure oneface-xml "$bin" extract --pipeline "$out/bench-xml.yml" --quiet --force)
onex_cpu=$(cpu_seconds oneface-xml 2)
xml_staged=$(sqlite3 "$out/xml-staging.sqlite" "SELECT sum(rows_staged) FROM etl_file")
xml_rejected=$(sqlite3 "$out/xml-staging.sqlite" "SELECT sum(rows_rejected) FROM etl_file")

python3 - "$xml_records" "$xml_bytes" "$onex_s" "$onex_cpu" "$onex_kib" "$lint_s" "$lint_cpu" "$lint_kib" "$xml_staged" "$xml_rejected" <<'PY'
import sys
records, size, one_s, one_cpu, one_kib, lint_s, lint_cpu, lint_kib, staged, rejected = sys.argv[1:]
records, size = int(records), int(size)
one_s, one_cpu, lint_s, lint_cpu = float(one_s), float(one_cpu), float(lint_s), float(lint_cpu)
mb = size / 1e6
print(f"XML input: {records} transactions, {mb:.1f} MB")
print(f"{'':28}{'seconds':>10}{'CPU-s':>8}{'rows/s':>12}{'MB/s':>8}{'MB/CPU-s':>10}{'peak MiB':>10}")
print(f"{'oneface extract':28}{one_s:>10.2f}{one_cpu:>8.2f}{records/one_s:>12,.0f}{mb/one_s:>8.1f}{mb/max(one_cpu, 0.01):>10.1f}{int(one_kib)/1024:>10.1f}")
print(f"{'xmllint --stream --noout':28}{lint_s:>10.2f}{lint_cpu:>8.2f}{records/lint_s:>12,.0f}{mb/lint_s:>8.1f}{mb/max(lint_cpu, 0.01):>10.1f}{int(lint_kib)/1024:>10.1f}")
print(f"rate ratio (oneface / xmllint): {lint_s/one_s:.2f} wall, {lint_cpu/max(one_cpu, 0.01):.2f} CPU  (target: >= 0.5)")
print(f"oneface staged {staged}, rejected {rejected} of {records} transactions")
PY
fi
