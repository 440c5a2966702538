# Identity benchmark: `oneface transform` (identity resolution) against Splink 4 (DuckDB backend) on
# the same generated person records, in the same run. Prints, per size, wall time and peak memory
# (/usr/bin/time -v) and pairwise and B-cubed precision/recall/F1 against the generator's truth,
# side by side, with the ratios.
# Sourced by scripts/bench with $bin (release oneface) and $out set.
# Arguments: sizes in person records: 100k, 1m, or any N / Nk / Nm (default: 100k 1m); or `febrl`
# [febrl1..4] for the FEBRL benchmark against Splink 5 (scripts/lib/bench_identity_febrl.sh).
# Environment: SPLINK_TIMEOUT (seconds, default 1800), SPLINK_MEMORY_LIMIT (DuckDB, default 12GB),
#   SPLINK_MAX_PAIRS (u sampling, default 5e6), SPLINK_THRESHOLD (match probability, default 0.9).
#
# The Splink input is exported from staging `id_record` after OneFace's transform, so both systems
# see exactly the same records with the same normalised fields; only the CLI and that table are used.
# `scripts/bench identity febrl [febrl1..4]` is the FEBRL benchmark: its own file, its own venv.
if [ "${1:-}" = febrl ]; then
  shift
  source scripts/lib/bench_identity_febrl.sh "$@"
  return
fi
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100k 1m)
seed=42
splink_timeout="${SPLINK_TIMEOUT:-1800}"
splink_memory="${SPLINK_MEMORY_LIMIT:-12GB}"
splink_max_pairs="${SPLINK_MAX_PAIRS:-5e6}"
splink_threshold="${SPLINK_THRESHOLD:-0.9}"
pipeline="$(pwd)/Pipelines/sample.yml"
lib="$(pwd)/scripts/lib"
out="$out/identity"
mkdir -p "$out"
# Fields the Splink configuration compares; the export fails clearly if staging lacks one.
fields=(first_name last_name email phone street house_number postcode city birth_date)

# Person records per generated customer is ~3.08 (measured: 32,460 customers -> 99,986 records),
# so customers = records * 0.3246; the exact record count is printed.
customers_for() {
  local size="$1" n
  case "$size" in
    *[kK]) n=$(( ${size%[kK]} * 1000 )) ;;
    *[mM]) n=$(( ${size%[mM]} * 1000000 )) ;;
    *) n="$size" ;;
  esac
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 100 ] || { echo "error: size '$size' is not a record count (100k, 1m, 250000)" >&2; return 64; }
  echo $(( (n * 3246 + 5000) / 10000 ))
}

python3 "$lib/eval_clusters.py" --self-test

# Splink lives in its own virtualenv, rebuilt when the pinned requirements change.
venv="$out/venv"
requirements="$lib/splink-requirements.txt"
if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
  echo "==> installing Splink into $venv (pinned: scripts/lib/splink-requirements.txt)"
  rm -rf "$venv"
  python3 -m venv "$venv" || { oneface_require_packages python3-venv && python3 -m venv "$venv"; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi

for size in "${sizes[@]}"; do
  customers=$(customers_for "$size")
  dir="$out/$size"
  input="$dir/input"
  mkdir -p "$dir"
  echo "==> identity benchmark $size: generating $customers customers (seed $seed)"
  # Generated inputs are reused only for the same size, seed and generator source.
  generated="$customers $seed $(cat Sources/SampleGen/*.swift | sha256sum | cut -c1-16)"
  if [ "$(cat "$dir/input.generated" 2>/dev/null)" != "$generated" ]; then
    rm -rf "$input" "$dir/input.generated"
    "$bin" sample --customers "$customers" --seed "$seed" --out "$input" >"$dir/sample.log"
    echo "$generated" >"$dir/input.generated"
  fi
  truth="$input/truth.csv"
  opts=(--pipeline "$pipeline" --input-root "$input" --staging "$dir/staging.sqlite" --warehouse "$dir/warehouse.sqlite")
  # The saved identity model goes too: a model left from another run (or other data) would be
  # reused and both the timing (no training) and the quality would not be tonight's.
  rm -f "$dir"/staging.sqlite* "$dir"/staging.identity-model.json "$dir"/warehouse.sqlite* "$dir/oneface-evaluate.txt"

  echo "==> oneface extract (not timed), then oneface transform (timed)"
  "$bin" extract "${opts[@]}" --quiet
  read -r one_s one_kib < <(measure "identity-$size-oneface" "$bin" transform "${opts[@]}")
  grep -h "transform:" "$out/time-identity-$size-oneface.txt" "$out/identity-$size-oneface.stdout" 2>/dev/null | sed 's/^/    /' || true

  staging="$dir/staging.sqlite"
  columns=" $(sqlite3 "$staging" "SELECT name FROM pragma_table_info('id_record')" | tr '\n' ' ') "
  for column in source_system source_record_id customer_id "${fields[@]}"; do
    [[ "$columns" == *" $column "* ]] || { echo "error: staging id_record has no column '$column'; the identity benchmark needs it" >&2; exit 70; }
  done
  key="source_system || ':' || source_record_id"
  sqlite3 -header -csv "$staging" "SELECT $key AS unique_id, customer_id AS cluster_id FROM id_record ORDER BY 1" >"$dir/oneface-clusters.csv"
  sqlite3 -header -csv "$staging" "SELECT $key AS unique_id, $(IFS=,; echo "${fields[*]}") FROM id_record ORDER BY record_key" >"$dir/records.csv"
  python3 "$lib/eval_clusters.py" "$truth" "$dir/oneface-clusters.csv" --label oneface >"$dir/oneface-eval.json"

  evaluate_note=""
  # `oneface evaluate` comes with issue 3; when the binary has it, print it as a cross-check
  # (after a `load` if it reads the warehouse). The figures above never depend on it.
  if "$bin" --help 2>/dev/null | grep -qE '^ +evaluate( |$)'; then
    echo "==> oneface evaluate --truth (cross-check)"
    if "$bin" evaluate "${opts[@]}" --truth "$truth" >"$dir/oneface-evaluate.txt" 2>&1; then :
    elif "$bin" load "${opts[@]}" --quiet && "$bin" evaluate "${opts[@]}" --truth "$truth" >"$dir/oneface-evaluate.txt" 2>&1; then :
    else evaluate_note="(oneface evaluate failed, see $dir/oneface-evaluate.txt)"; fi
  fi

  echo "==> splink (timed as one process: import, load, train, predict, cluster; limit ${splink_timeout}s)"
  rm -rf "$dir/splink" "$dir/splink-clusters.csv" "$dir/splink-eval.json"
  splink_error=""
  if read -r sp_s sp_kib < <(measure "identity-$size-splink" timeout "$splink_timeout" "$venv/bin/python" "$lib/splink_bench.py" \
      --input "$dir/records.csv" --out "$dir/splink-clusters.csv" --work "$dir/splink" --threads 2 \
      --memory-limit "$splink_memory" --max-pairs "$splink_max_pairs" --threshold "$splink_threshold"); then
    python3 "$lib/eval_clusters.py" "$truth" "$dir/splink-clusters.csv" --label splink >"$dir/splink-eval.json"
  else
    status=$(grep -o "non-zero status [0-9]*" "$out/time-identity-$size-splink.txt" | awk '{print $3}')
    if [ "$status" = "124" ]; then splink_error="did not finish within ${splink_timeout} s (stopped)"
    else splink_error="failed (exit ${status:-?}); see $out/time-identity-$size-splink.txt"; fi
    sp_s=""; sp_kib=""
  fi
  rm -rf "$dir/splink"

  python3 - "$size" "$customers" "$seed" "$dir" "$one_s" "$one_kib" "${sp_s:-}" "${sp_kib:-}" "$splink_error" \
    "$evaluate_note" "$(cut -d' ' -f1-3 /proc/loadavg)" "$out/identity-$size-splink.stdout" <<'PY' | tee "$out/summary-$size.txt"
import json, os, sys
(size, customers, seed, folder, one_s, one_kib, sp_s, sp_kib, sp_error, evaluate_note, load, sp_stdout) = sys.argv[1:]
one = json.load(open(os.path.join(folder, "oneface-eval.json")))
sp = json.load(open(os.path.join(folder, "splink-eval.json"))) if not sp_error else None
info = {}
if not sp_error:
    lines = [l for l in open(sp_stdout) if l.startswith("{")]
    info = json.loads(lines[-1]) if lines else {}
print()
print(f"identity benchmark {size}: {one['records']:,} person records of {one['entities']:,} true persons "
      f"(oneface sample --customers {customers} --seed {seed}); load average at the end: {load}")
head = f"{'':22}{'seconds':>9}{'peak MiB':>10}{'clusters':>10}   {'pairwise P':>10}{'R':>8}{'F1':>8}   {'B-cubed P':>9}{'R':>8}{'F1':>8}"
print(head)
def row(name, s, kib, e):
    print(f"{name:22}{float(s):>9.2f}{int(kib)/1024:>10.1f}{e['clusters']:>10,}   "
          f"{e['pairwise_precision']:>10.4f}{e['pairwise_recall']:>8.4f}{e['pairwise_f1']:>8.4f}   "
          f"{e['bcubed_precision']:>9.4f}{e['bcubed_recall']:>8.4f}{e['bcubed_f1']:>8.4f}")
row("oneface transform", one_s, one_kib, one)
name = f"splink {info.get('splink', '4')} (duckdb)"
if sp:
    row(name, sp_s, sp_kib, sp)
    print(f"ratio splink/oneface: time {float(sp_s)/float(one_s):.2f}x, peak memory {int(sp_kib)/int(one_kib):.2f}x "
          f"(>1 means oneface is faster / smaller); pairwise F1 difference (oneface - splink): "
          f"{one['pairwise_f1'] - sp['pairwise_f1']:+.4f}")
    phases = ", ".join(f"{k} {v:.1f}" for k, v in info.get("phases_seconds", {}).items())
    print(f"splink phases (s): {phases}; {info.get('pairs_at_threshold', 0):,} pairs at p >= {info.get('threshold')}")
    if sp["missing_from_prediction"] or sp["not_in_truth"]:
        print(f"warning: splink clusters miss {sp['missing_from_prediction']} truth records, have {sp['not_in_truth']} unknown ids")
else:
    print(f"{name:22}{sp_error}")
if one["missing_from_prediction"] or one["not_in_truth"]:
    print(f"warning: oneface id_record misses {one['missing_from_prediction']} truth records "
          f"(counted as singletons), has {one['not_in_truth']} ids not in the truth")
if evaluate_note:
    print(evaluate_note)
evaluate = os.path.join(folder, "oneface-evaluate.txt")
if os.path.exists(evaluate) and not evaluate_note:
    print("oneface evaluate (cross-check):")
    for line in open(evaluate):
        print("    " + line.rstrip())
print(f"files: {folder}")
PY
done
