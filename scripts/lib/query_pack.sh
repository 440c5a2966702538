# query_pack DB [LIMIT_MS] [COLD_LIMIT_MS]: times every query of docs/queries/*.sql on the SQLite
# warehouse DB in the sqlite3 shell (`.timer on`, each run in a fresh shell, read only) and prints a
# table query -> cold ms, best ms (warm, best of 3), rows, flagging a warm time above LIMIT_MS
# (default 50) or a cold one above COLD_LIMIT_MS (default 200). Cold: the warehouse file's pages are
# written back and dropped from the OS page cache first (fsync, then posix_fadvise DONTNEED on the
# file: no root needed), so the query reads from the disk as on the first query of a morning. Sets $slow to the number of flagged queries. Sourced by the benchmark parts (queries, night).
query_pack() {
  local db="$1" limit_ms="${2:-50}" cold_limit_ms="${3:-200}" file name cold best ms rows flag
  # ms of one run of FILE in a fresh sqlite3 shell: the sum of its statements' `.timer` real times.
  query_ms() {
    sqlite3 -readonly -batch "$db" ".output /dev/null" ".timer on" ".read $1" \
      | awk '/^Run Time: real/ { s += $4 } END { printf "%.1f", s * 1000 }'
  }
  # Drops DB's pages (and its -wal's, if any) from the OS page cache.
  drop_cache() {
    python3 -c 'import os, sys
for path in sys.argv[1:]:
    if os.path.exists(path):
        fd = os.open(path, os.O_RDONLY)
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)' "$db" "$db-wal"
  }
  printf "\n%-40s %9s %9s %7s\n" "query" "cold ms" "warm ms" "rows"
  slow=0
  for file in docs/queries/*.sql; do
    name="$(basename "$file" .sql)"
    drop_cache
    cold="$(query_ms "$file")"
    best="$(query_ms "$file")"
    for _ in 2 3; do
      ms="$(query_ms "$file")"
      best="$(awk -v a="$best" -v b="$ms" 'BEGIN { print (b < a) ? b : a }')"
    done
    rows="$(sqlite3 -readonly -batch -noheader "$db" ".read $file" | wc -l)"
    flag=""
    if awk -v b="$best" -v l="$limit_ms" 'BEGIN { exit !(b > l) }'; then flag="  warm > ${limit_ms} ms"; fi
    if awk -v b="$cold" -v l="$cold_limit_ms" 'BEGIN { exit !(b > l) }'; then flag="$flag  cold > ${cold_limit_ms} ms"; fi
    [ -n "$flag" ] && slow=$((slow + 1))
    printf "%-40s %9s %9s %7s%s\n" "$name" "$cold" "$best" "$rows" "$flag"
  done
  echo
  if [ "$slow" -eq 0 ]; then echo "every query at most ${limit_ms} ms warm and ${cold_limit_ms} ms cold"
  else echo "$slow query(ies) above ${limit_ms} ms warm or ${cold_limit_ms} ms cold"; fi
}
