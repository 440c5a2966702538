# measure LABEL COMMAND...: runs COMMAND under /usr/bin/time -v (output in $out/LABEL.*) and prints
# "wall_seconds peak_kib". Sourced by the benchmark parts.
measure() {
  local label="$1"; shift
  local log="$out/time-$label.txt"
  /usr/bin/time -v "$@" >"$out/$label.stdout" 2>"$log" || { echo "error: $label failed, see $log" >&2; tail -5 "$log" >&2; return 1; }
  local wall peak
  wall=$(grep "Elapsed (wall clock)" "$log" | awk -F': ' '{print $2}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  peak=$(grep "Maximum resident set size" "$log" | awk -F': ' '{print $2}')
  echo "$wall $peak"
}

# cpu_seconds LABEL [DECIMALS]: user + system seconds of the last `measure LABEL` (default 1 decimal).
cpu_seconds() {
  awk -F': ' -v d="${2:-1}" '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.*f", d, s }' "$out/time-$1.txt"
}
