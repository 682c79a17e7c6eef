#!/usr/bin/env bash
# Report benchmark: `sweep report` on a store of 10,000 search trials (written through the Store API by
# sweep.bench.ReportBench, as the orchestrator writes them: 9 epochs with hyperband-like cuts after 1 and 3, retries,
# out-of-memory retries, failures, a retrain, a data snapshot, a promotion): wall and CPU time of the command through
# the ./sweep launcher (JVM start included, median of 5), peak memory, the HTML file's size; and, in one JVM, the
# model's build and the HTML's rendering apart. Writes results/bench/report.md.   usage: scripts/bench-report.sh [TRIALS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
trials="${1:-10000}"
# SQLite syncs every write (synchronous=FULL); on tmpfs the fill takes a minute instead of many.
work="$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )")"
trap 'rm -rf "$work"' EXIT

./sweep --version > /dev/null
dist="$(readlink -f target/current)"
cp="$dist/sweep.jar:$dist/lib/*"

t0=$(date +%s)
java -cp "$cp" sweep.bench.ReportBench fill "$work/report.db" "$trials"
fill_s=$(( $(date +%s) - t0 ))
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for i in 1 2 3 4 5; do
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.$i" ./sweep report --db "$work/report.db" --out "$work/report.html" > /dev/null
done
wall=$(for i in 1 2 3 4 5; do awk '{print $1}' "$work/time.$i"; done | median)
cpu=$(for i in 1 2 3 4 5; do awk '{print $2 + $3}' "$work/time.$i"; done | median)
rss=$(for i in 1 2 3 4 5; do awk '{print int($4 / 1024)}' "$work/time.$i"; done | median)
bytes=$(stat -c %s "$work/report.html")
echarts_bytes=$(unzip -p "$(ls "$dist"/lib/echarts-*.jar)" 'META-INF/resources/webjars/echarts/*/dist/echarts.min.js' | wc -c)
gz=$(gzip -c "$work/report.html" | wc -c)
inproc="$(java -cp "$cp" sweep.bench.ReportBench measure "$work/report.db")"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$inproc" "$1"; }
mb() { python3 -c "print(f'{int(\"$1\") / 1e6:.2f}')"; }

mkdir -p results/bench
{
  echo "# Report benchmark: \`sweep report\` with $trials trials"
  echo
  echo "Made by \`scripts/bench-report.sh $trials\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(java -version 2>&1 | head -1));"
  echo "load average $load_before before the timed runs, $load_after after (the machine is shared: wall times"
  echo "stretch with the load, CPU times less so). The store was filled in ${fill_s} s."
  echo
  echo "**Store.** One sweep of $trials search trials written through the \`Store\` API as the orchestrator writes"
  echo "them (\`sweep.bench.ReportBench fill\`): 4 CPU slots, 9 epochs a trial with three metrics and a checkpoint"
  echo "each, a third of the trials cut after epoch 1 and a third after epoch 3 (pruned), 2% crashing once and"
  echo "retried from their checkpoint (some killed as hung first), 1% out of memory and retried with half the batch,"
  echo "1% failed; then a retrain, a data snapshot and a promotion."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| \`sweep report\` wall time, through \`./sweep\` (JVM start included, median of 5) | ${wall} s |"
  echo "| its CPU time, user + system (median of 5) | ${cpu} s |"
  echo "| its peak memory (RSS) | ${rss} MiB |"
  echo "| HTML file | $(mb "$bytes") MB ($bytes bytes; gzip: $(mb "$gz") MB) |"
  echo "| of which ECharts (\`echarts.min.js\`, inlined) | $(mb "$echarts_bytes") MB |"
  echo "| in one JVM: the model from the store, first / median of 5 more | $(field build_first_ms) / $(field build_ms) ms |"
  echo "| in one JVM: the HTML from the model, first / median of 5 more | $(field render_first_ms) / $(field render_ms) ms |"
  echo
  echo "The in-process lines run with the JVM's defaults (both JIT tiers, G1); \`./sweep\` runs read commands with the"
  echo "quick tier alone and the serial collector, which on 2 cores is why its whole command can take less than the"
  echo "first build here."
  echo
  echo "Targets: under 5 s and under 10 MB. The HTML embeds the model's JSON with null values left out and numbers"
  echo "to a float's precision (\`ReportJson.compact\`); trial ids, seeds, directories and times, which the page shows"
  echo "nowhere, are in \`sweep report --json\` only."
  echo
  echo "**Peers.** optuna-dashboard, the closest tool, is a web server over a live Optuna study rather than a file;"
  echo "Debian does not package it (\`apt-cache search optuna\` lists python3-optuna only) and it was not installed"
  echo "here, so there is no measured comparison."
} > results/bench/report.md
cat results/bench/report.md
