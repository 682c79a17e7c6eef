#!/usr/bin/env bash
# S3 sync of a checkpoint directory of about 1.3 GB (a base-size LayoutLM: model weights, optimizer moments, small
# JSON files) to a local S3 server (Adobe S3Mock), `sweep sync` against `aws s3 sync` (Debian's awscli) on the same
# server and the same files, side by side in one run: the first sync of each round goes to a fresh prefix, then a
# resync with nothing changed. Wall time and peak RSS of each command, median of ROUNDS. Writes
# results/bench/s3.md.     usage: scripts/bench-s3.sh [ROUNDS]   (default 3; needs awscli: apt-get install awscli)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${1:-3}"
aws_cli=/usr/bin/aws
[ -x "$aws_cli" ] || { echo "bench-s3: $aws_cli not found (apt-get install awscli)" >&2; exit 2; }
work="$(mktemp -d)"
s3pid=""
cleanup() { [ -n "$s3pid" ] && kill "$s3pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# the build and the S3 server jar (the test build puts it in target/test-servers)
./sweep --version >/dev/null
mvn -B -q -ntp process-test-resources >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
java -Xmx1g -jar target/test-servers/s3mock.jar --server.port=0 --server.address=127.0.0.1 --http.port="$port" \
  --com.adobe.testing.s3mock.store.root="$work/s3" --spring.main.banner-mode=off --logging.level.root=WARN \
  >"$work/s3mock.log" 2>&1 &
s3pid=$!
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done

export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=benchsecret AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL_S3="http://127.0.0.1:$port"
# botocore waits for "HTTP/1.1 100 Continue", S3Mock's Tomcat answers "HTTP/1.1 100" (no reason phrase), and the
# upload fails; this awscli plugin drops the Expect header so the CLI can talk to the local server at all.
mkdir -p "$work/awsplugin"
cat > "$work/awsplugin/sweep_bench_noexpect.py" <<'PY'
def awscli_initialize(cli):
    def drop_expect(params, **kwargs):
        params['headers'].pop('Expect', None)
    cli.register_last('before-call.s3', drop_expect)
PY
cat > "$work/awsconfig" <<CFG
[default]
region = us-east-1
[plugins]
cli_legacy_plugin_path = $work/awsplugin
sweep_bench_noexpect = sweep_bench_noexpect
CFG
aws_s3() { AWS_CONFIG_FILE="$work/awsconfig" "$aws_cli" --endpoint-url "$AWS_ENDPOINT_URL_S3" "$@"; }
aws_s3 s3 mb s3://bench >/dev/null

ckpt="$work/checkpoint-1200"
mkdir -p "$ckpt"
head -c $((440 * 1024 * 1024)) /dev/urandom > "$ckpt/model.safetensors"
head -c $((880 * 1024 * 1024)) /dev/urandom > "$ckpt/optimizer.safetensors"
head -c $((700 * 1024)) /dev/urandom | base64 > "$ckpt/tokenizer.json"
for f in config.json tokenizer_config.json training_state.json trainer_state.json special_tokens_map.json; do
  head -c 2000 /dev/urandom | base64 > "$ckpt/$f"
done
total_bytes="$(find "$ckpt" -type f -printf "%s\n" | awk "{s+=\$1} END {print s}")"
files="$(find "$ckpt" -type f | wc -l)"

# one timed command: prints "WALL_SECONDS MAX_RSS_KB"
timed() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  cat "$work/time"; }
declare -a sweep_first sweep_again aws_first aws_again sweep_rss aws_rss
for r in $(seq 1 "$rounds"); do
  read -r t m < <(timed ./sweep sync "$ckpt" "s3://bench/sweep-$r"); sweep_first+=("$t"); sweep_rss+=("$m")
  read -r t m < <(timed ./sweep sync "$ckpt" "s3://bench/sweep-$r"); sweep_again+=("$t")
  grep -q "^0 of $files file(s) uploaded" "$work/out" || { echo "bench-s3: sweep resync uploaded something:" >&2; cat "$work/out" >&2; exit 1; }
  read -r t m < <(timed env AWS_CONFIG_FILE="$work/awsconfig" "$aws_cli" --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 sync --only-show-errors "$ckpt" "s3://bench/aws-$r"); aws_first+=("$t"); aws_rss+=("$m")
  read -r t m < <(timed env AWS_CONFIG_FILE="$work/awsconfig" "$aws_cli" --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 sync "$ckpt" "s3://bench/aws-$r"); aws_again+=("$t")
  [ ! -s "$work/out" ] || { echo "bench-s3: aws resync uploaded something:" >&2; cat "$work/out" >&2; exit 1; }
done
# both copies hold every byte: sizes per key match the local files
for who in sweep aws; do
  got="$(aws_s3 s3api list-objects-v2 --bucket bench --prefix "$who-1/" --query 'Contents[].[Key,Size]' --output text \
    | grep -v '/manifest.json' | awk '{s+=$2} END {print s}')"
  [ "$got" = "$total_bytes" ] || { echo "bench-s3: $who-1 holds $got bytes, expected $total_bytes" >&2; exit 1; }
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
mb() { awk -v b="$1" 'BEGIN {printf "%.0f", b/1048576}'; }
sf="$(median "${sweep_first[@]}")"; af="$(median "${aws_first[@]}")"
sa="$(median "${sweep_again[@]}")"; aa="$(median "${aws_again[@]}")"
sr="$(median "${sweep_rss[@]}")"; ar="$(median "${aws_rss[@]}")"
mbs() { awk -v b="$total_bytes" -v t="$1" 'BEGIN {printf "%.0f", b/1048576/t}'; }

mkdir -p results/bench
cat > results/bench/s3.md <<MD
# S3 sync: sweep against aws s3 sync

Made by \`scripts/bench-s3.sh $rounds\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -sr), Java
$(java -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/'), $("$aws_cli" --version 2>&1 | cut -d' ' -f1-2).
Server: Adobe S3Mock 5.2.0 on loopback (files on the same disk). Data: a checkpoint directory of $files files,
$(mb "$total_bytes") MiB in all (440 MiB weights, 880 MiB optimizer moments, small JSON files), random bytes.
Each round syncs to a fresh prefix, then again with nothing changed; medians of $rounds rounds, JVM start
included for sweep, Python start included for awscli. Peak RSS is the first sync's.

| | sweep sync | aws s3 sync | sweep / aws |
|---|---:|---:|---:|
| first sync, s | $sf | $af | $(ratio "$sf" "$af") |
| throughput, MiB/s | $(mbs "$sf") | $(mbs "$af") | $(ratio "$af" "$sf") x faster |
| resync, nothing changed, s | $sa | $aa | $(ratio "$sa" "$aa") |
| peak RSS, MiB | $(mb $((sr * 1024))) | $(mb $((ar * 1024))) | $(ratio "$sr" "$ar") |

Rounds, s (sweep first / aws first / sweep resync / aws resync): $(for i in $(seq 0 $((rounds - 1))); do
  printf '%s/%s/%s/%s; ' "${sweep_first[$i]}" "${aws_first[$i]}" "${sweep_again[$i]}" "${aws_again[$i]}"; done)

Settings: sweep uploads 8 files at once, files of 16 MiB or more as multipart uploads in 16 MiB parts sent in
parallel (AWS SDK for Java 2.56, Netty client) with a CRC32 checksum per part that S3 verifies (single-part
uploads carry the file's SHA-256), hashes each file for the manifest while it uploads, and writes
\`manifest.json\` (sizes, SHA-256) last; a resync lists the prefix, reads the manifest and hashes nothing whose
size and modification time are unchanged. awscli runs with its defaults (10 concurrent requests, 8 MiB parts;
a resync compares size and modification time). awscli needs a small plugin to drop its \`Expect: 100-continue\`
header against S3Mock (see the script); it changes nothing else. Over plain http both clients also hash every
payload for the request signature (SigV4 signs payloads when there is no TLS); against S3 over https the SDK sends
unsigned payloads with a trailing CRC32, so this setup charges sweep, whose manifest needs its own SHA-256 pass,
one more pass over the data than production does.
After the runs the script checks that both copies hold every byte (sizes per key).
MD
cat results/bench/s3.md
