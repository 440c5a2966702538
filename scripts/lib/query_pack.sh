# query_pack DB [LIMIT_MS]: times every query of docs/queries/*.sql on the SQLite warehouse DB in
# the sqlite3 shell (`.timer on`, best of 3 runs, each in a fresh shell, read only) and prints a
# table query -> best ms, first ms, rows, flagging any above LIMIT_MS (default 50). Sets $slow to
# the number of queries above it. Sourced by the benchmark parts (queries, night).
query_pack() {
  local db="$1" limit_ms="${2:-50}" file name first best ms rows flag
  # ms of one run of FILE in a fresh sqlite3 shell: the sum of its statements' `.timer` real times.
  query_ms() {
    sqlite3 -readonly -batch "$db" ".output /dev/null" ".timer on" ".read $1" \
      | awk '/^Run Time: real/ { s += $4 } END { printf "%.1f", s * 1000 }'
  }
  printf "\n%-40s %9s %9s %7s\n" "query" "best ms" "first ms" "rows"
  slow=0
  for file in docs/queries/*.sql; do
    name="$(basename "$file" .sql)"
    first="$(query_ms "$file")"; best="$first"
    for _ in 2 3; do
      ms="$(query_ms "$file")"
      best="$(awk -v a="$best" -v b="$ms" 'BEGIN { print (b < a) ? b : a }')"
    done
    rows="$(sqlite3 -readonly -batch -noheader "$db" ".read $file" | wc -l)"
    flag=""
    if awk -v b="$best" -v l="$limit_ms" 'BEGIN { exit !(b > l) }'; then flag="  > ${limit_ms} ms"; slow=$((slow + 1)); fi
    printf "%-40s %9s %9s %7s%s\n" "$name" "$best" "$first" "$rows" "$flag"
  done
  echo
  if [ "$slow" -eq 0 ]; then echo "every query at most ${limit_ms} ms"; else echo "$slow query(ies) above ${limit_ms} ms"; fi
}
