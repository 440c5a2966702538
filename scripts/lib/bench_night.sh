# Night benchmark: a full night from empty, then the next night with the generator's `--night 2`
# files added (about 1 % new and changed people), both timed as `oneface run`: per-stage seconds
# (the run ledger's etl_stage), wall and CPU seconds and peak RSS (/usr/bin/time -v), warehouse and
# staging sizes, and the ratio of the two nights; then night 2 run again with nothing new (the
# transform keeps its identities). Then the content check: `oneface load
# --full-refresh` into a second warehouse must give the same content as the night's load, table by
# table (an ordered dump's SHA-256 per table; the run ledger tables legitimately differ and are
# skipped), against the last load (night 2 run again). Last, the query pack (docs/queries) on that
# warehouse (night 2's content).
# Sourced by scripts/bench with $bin (release oneface) and $out set.
# Arguments: [100k|1m]   (100,000 or 1,000,000 customers of night 1; default 100k)
size="${1:-100k}"
case "$size" in
  100k) customers=100000 ;;
  1m) customers=1000000 ;;
  *) echo "error: night takes 100k or 1m, not '$size'" >&2; exit 64 ;;
esac
seed=42
out="$out/night/$size"
mkdir -p "$out"
source scripts/lib/query_pack.sh
echo "==> night benchmark $size: $customers customers (seed $seed), night 1 then night 2"

# Generated nights are reused only for the same size, seed and generator source.
generated="$customers $seed $(cat Sources/SampleGen/*.swift | sha256sum | cut -c1-16)"
if [ "$(cat "$out/generated" 2>/dev/null)" != "$generated" ]; then
  rm -rf "$out/night1" "$out/night2" "$out/generated"
  echo "==> generating night 1 and night 2"
  read -r gen1_s _ < <(measure night-sample-1 "$bin" sample --customers "$customers" --seed "$seed" --out "$out/night1")
  read -r gen2_s _ < <(measure night-sample-2 "$bin" sample --customers "$customers" --seed "$seed" --night 2 --out "$out/night2")
  echo "generated in ${gen1_s} s (night 1) and ${gen2_s} s (night 2)"
  echo "$generated" >"$out/generated"
fi

input="$out/input"
staging="$out/staging.sqlite"
warehouse="$out/warehouse.sqlite"
full="$out/full-refresh.sqlite"
sed -e "s#^warehouse:.*#warehouse: $warehouse#" -e "s#^staging:.*#staging: $staging#" \
    -e "s#^input_root:.*#input_root: $input#" -e "s#^\( *\)report:.*#\1\# report: (off in the benchmark)#" \
    Pipelines/sample.yml >"$out/bench.yml"
# A night starts from nothing: no staging, no warehouse, no saved model.
rm -rf "$input" "$out"/staging.sqlite* "$out"/staging.identity-model.json "$out"/warehouse.sqlite* "$out"/full-refresh.sqlite*
mkdir -p "$input"

# add_night DIR: hard-links a generated night's export folders into the input (not its truth files).
add_night() {
  local dir="$1" system
  for system in email support branch survey; do
    [ -d "$dir/$system" ] || continue
    mkdir -p "$input/$system"
    ln "$dir/$system"/* "$input/$system/"
  done
}

# stage_seconds STAGE: the seconds the run ledger (staging etl_stage) records for STAGE in the last run.
stage_seconds() {
  sqlite3 -readonly "$staging" "SELECT printf('%.1f', seconds) FROM etl_stage
    WHERE stage = '$1' AND run_id = (SELECT max(run_id) FROM etl_stage)" 2>/dev/null
}

mib() { [ -f "$1" ] && awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }' || echo "-"; }

# rows_read: source rows the last run's extract read (etl_file of that run).
rows_read() {
  sqlite3 -readonly "$staging" "SELECT coalesce(sum(rows_read), 0) FROM etl_file WHERE run_id = (SELECT max(run_id) FROM etl_run)"
}

declare -A figures
run_night() {
  local n="$1" wall kib
  echo "==> night $n: oneface run"
  read -r wall kib < <(measure "night-$n" "$bin" run --pipeline "$out/bench.yml" --quiet)
  figures[$n,rows]="$(rows_read)"
  figures[$n,extract]="$(stage_seconds extract)"
  figures[$n,transform]="$(stage_seconds transform)"
  figures[$n,load]="$(stage_seconds load)"
  # How the load made the warehouse: "updated: ..." (incremental) or "built whole: <why>".
  figures[$n,how]="$(sqlite3 -readonly "$staging" "SELECT message FROM etl_stage WHERE stage = 'load'
    AND run_id = (SELECT max(run_id) FROM etl_stage)" 2>/dev/null | sed -n 's/.*(\(.*\))$/\1/p')"
  figures[$n,wall]="$wall"
  figures[$n,cpu]="$(cpu_seconds "night-$n")"
  figures[$n,rss]="$(awk -v k="$kib" 'BEGIN { printf "%.0f", k / 1024 }')"
  figures[$n,warehouse]="$(mib "$warehouse")"
  figures[$n,staging]="$(mib "$staging")"
  figures[$n,customers]="$(sqlite3 -readonly "$warehouse" "SELECT count(*) FROM dim_customer WHERE is_current = 1")"
  figures[$n,versions]="$(sqlite3 -readonly "$warehouse" "SELECT count(*) FROM dim_customer")"
  echo "night $n: ${wall} s wall, ${figures[$n,cpu]} CPU-s, peak ${figures[$n,rss]} MiB"
}

add_night "$out/night1"
run_night 1
# Night 1's staging and model, for the identity check below (night 2 resolved from scratch).
rm -f "$out"/full-identity.sqlite*
cp "$staging" "$out/full-identity.sqlite"
cp "$out/staging.identity-model.json" "$out/full-identity.identity-model.json"
add_night "$out/night2"
run_night 2
night2_transform="$(sqlite3 -readonly "$staging" "SELECT message FROM etl_stage WHERE stage = 'transform' AND run_id = (SELECT max(run_id) FROM etl_stage)")"
# The same night again with nothing new (a rerun after a failure, or exports that did not come):
# the transform keeps night 2's identities; the load updates the warehouse (nothing to redo but
# the KPI tables).
run_night rerun

# Identity check: night 2's identities (resolved incrementally from night 1's) against resolving
# every record of the same inputs from night 1's staging, model and ids (`transform --force`), table
# by table without the run ids (the copy numbers its extract and transform as two runs).
sed -e "s#^staging:.*#staging: $out/full-identity.sqlite#" "$out/bench.yml" >"$out/bench-full-identity.yml"
echo "==> identity check: night 2 resolving every record (oneface extract, then transform --force, on night 1's staging)"
"$bin" extract --pipeline "$out/bench-full-identity.yml" --quiet
read -r identity_s identity_kib < <(measure night-full-identity "$bin" transform --pipeline "$out/bench-full-identity.yml" --force --quiet)
identity_hash() {
  local columns
  columns="$(sqlite3 -readonly "$1" "SELECT group_concat(quote(name), ',') FROM pragma_table_info('$2') WHERE name <> 'run_id'")"
  printf "%s %s" "$(sqlite3 -readonly "$1" "SELECT count(*) FROM \"$2\"")" \
    "$(sqlite3 -readonly -batch -noheader "$1" "SELECT $columns FROM \"$2\" ORDER BY $columns" | sha256sum | cut -c1-16)"
}
identity_same=0; identity_differing=(); identity_tables=0
for table in id_record match_pair id_golden id_golden_origin id_customer_version id_customer customer_id_history \
             id_unidentified id_nulled id_term_frequency id_term_frequency_basis; do
  identity_tables=$((identity_tables + 1))
  a="$(identity_hash "$staging" "$table" 2>/dev/null || echo missing)"
  b="$(identity_hash "$out/full-identity.sqlite" "$table" 2>/dev/null || echo missing)"
  if [ "$a" = "$b" ]; then identity_same=$((identity_same + 1)); else identity_differing+=("$table (night 2 ${a%% *} rows, every record ${b%% *} rows)"); fi
done

# Content check: a full-refresh load of the same staging into a second warehouse.
echo "==> oneface load --full-refresh into $full"
read -r full_s full_kib < <(measure night-full-refresh "$bin" load --pipeline "$out/bench.yml" --warehouse "$full" --full-refresh --quiet)
# Tables whose rows record the runs themselves (ids, start times, seconds), not the data.
skipped=" etl_run etl_stage "
# table_hash DB TABLE: rows and the SHA-256 of the table's rows in the order of all their columns.
table_hash() {
  local columns order
  columns="$(sqlite3 -readonly "$1" "SELECT count(*) FROM pragma_table_info('$2')")"
  order="$(seq -s, 1 "$columns")"
  printf "%s %s" "$(sqlite3 -readonly "$1" "SELECT count(*) FROM \"$2\"")" \
    "$(sqlite3 -readonly -batch -noheader "$1" "SELECT * FROM \"$2\" ORDER BY $order" | sha256sum | cut -c1-16)"
}
tables="$( (sqlite3 -readonly "$warehouse" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            sqlite3 -readonly "$full" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") | sort -u)"
same=0; differing=(); compared=0
for table in $tables; do
  [[ "$skipped" == *" $table "* ]] && continue
  compared=$((compared + 1))
  a="$(table_hash "$warehouse" "$table" 2>/dev/null || echo missing)"
  b="$(table_hash "$full" "$table" 2>/dev/null || echo missing)"
  if [ "$a" = "$b" ]; then same=$((same + 1)); else differing+=("$table (night ${a%% *} rows, full refresh ${b%% *} rows)"); fi
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b != "") printf (b / a < 0.1 ? "%.4f" : "%.2f"), b / a; else print "-" }'; }
{
  echo
  echo "night benchmark $size: oneface sample --customers $customers --seed $seed, then --night 2 added;" \
       "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
  printf "%-28s %12s %12s %12s\n" "" "night 1" "night 2" "2 / 1"
  for key in rows:"source rows read" customers:"current customers" versions:"customer versions" \
             extract:"extract s" transform:"transform s" load:"load s" wall:"oneface run, wall s" \
             cpu:"CPU s (user + system)" rss:"peak RSS MiB" warehouse:"warehouse MiB" staging:"staging MiB"; do
    name="${key%%:*}"; label="${key#*:}"
    printf "%-28s %12s %12s %12s\n" "$label" "${figures[1,$name]:--}" "${figures[2,$name]:--}" \
      "$(ratio "${figures[1,$name]}" "${figures[2,$name]}")"
  done
  echo
  echo "night 2's transform: $night2_transform"
  echo "night 1's load: ${figures[1,how]:-?}; night 2's: ${figures[2,how]:-?}; night 2 again: ${figures[rerun,how]:-?}"
  echo "identity check: night 2 against resolving every record (transform --force: ${identity_s} s, peak $((identity_kib / 1024)) MiB):" \
       "$identity_same of $identity_tables identity tables the same (run ids aside)"
  [ ${#identity_differing[@]} -eq 0 ] || printf '    DIFFERENT: %s\n' "${identity_differing[@]}"
  echo "night 2 run again, nothing new: ${figures[rerun,wall]} s wall (extract ${figures[rerun,extract]} s," \
       "transform ${figures[rerun,transform]} s: identities kept, load ${figures[rerun,load]} s), peak ${figures[rerun,rss]} MiB"
  echo
  echo "content check: load --full-refresh into a second warehouse (${full_s} s, peak $((full_kib / 1024)) MiB)" \
       "vs the last load (night 2 run again): $same of $compared tables the same (skipped, the run ledger: $(echo $skipped))"
  if [ ${#differing[@]} -eq 0 ]; then
    echo "every table the same"
  else
    echo "DIFFERENT: ${#differing[@]} table(s):"
    printf '    %s\n' "${differing[@]}"
  fi
  echo
  echo "query pack on the night-2 warehouse ($warehouse):"
  query_pack "$warehouse" 50
  echo "files: $out"
} | tee "$out/summary.txt"
