#!/usr/bin/env bash
# Regenerates the golden LayoutLM files the model tests compare against: a random tiny checkpoint and inputs
# written by sweep (Java), and the logits the PyTorch transcription of Hugging Face's LayoutLM computes for them.
# Needs Debian's python3-torch (/usr/bin/python3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/src/test/resources/layoutlm/golden"
cd "$root"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/test.classpath >/dev/null
cp=$(cat target/test.classpath)
DJL_OFFLINE=true OPT_OUT_TRACKING=true java -cp "target/classes:target/test-classes:$cp" \
  sweep.train.layoutlm.GoldenFiles "$out"
/usr/bin/python3 scripts/reference/layoutlm_reference.py "$out" "$out/inputs.json" "$out/expected_logits.json"
echo "golden files written to $out"
