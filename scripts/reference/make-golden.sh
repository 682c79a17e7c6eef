#!/usr/bin/env bash
# Regenerates the golden files the model tests compare against. Needs Debian's python3-torch (/usr/bin/python3).
#   make-golden.sh [all|layoutlm|detr]   (default all)
# layoutlm: a random tiny checkpoint and inputs written by sweep (Java), and the logits the PyTorch transcription of
#   Hugging Face's LayoutLM computes for them.
# detr: the seeded cases of the PyTorch transcription of Hugging Face's Deformable DETR
#   (scripts/reference/deformable_detr_reference.py): the deformable sampling core, the attention module, the
#   assignment solver, the loss, and the whole model (one-stage with shared heads, with box refinement, and
#   two-stage with box refinement and its loss), and denoising queries (DN-DETR) on a model with box refinement.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
what="${1:-all}"
cd "$root"
case "$what" in all|layoutlm|detr) ;; *) echo "usage: make-golden.sh [all|layoutlm|detr]" >&2; exit 2 ;; esac

if [[ "$what" == all || "$what" == layoutlm ]]; then
  out="$root/src/test/resources/layoutlm/golden"
  mvn -q -B test-compile
  mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/test.classpath >/dev/null
  cp=$(cat target/test.classpath)
  DJL_OFFLINE=true OPT_OUT_TRACKING=true java -cp "target/classes:target/test-classes:$cp" \
    sweep.train.layoutlm.GoldenFiles "$out"
  /usr/bin/python3 scripts/reference/layoutlm_reference.py "$out" "$out/inputs.json" "$out/expected_logits.json"
  echo "golden files written to $out"
fi

if [[ "$what" == all || "$what" == detr ]]; then
  out="$root/src/test/resources/detr/golden"
  for c in msda attention assignment loss; do
    /usr/bin/python3 scripts/reference/deformable_detr_reference.py "$c" "$out/$c.json"
  done
  /usr/bin/python3 scripts/reference/deformable_detr_reference.py model "$out/model"
  /usr/bin/python3 scripts/reference/deformable_detr_reference.py denoising "$out/denoising"
  echo "golden files written to $out"
fi
