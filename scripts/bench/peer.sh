# Sourced by the training benchmarks (bench-train.sh, bench-detr.sh) from the repository root, with $threads set:
# checks that Debian's python3-torch is there, builds the jar if the sources are newer, and sets
#   py             the Python that has Debian's torch
#   blas           the BLAS library Debian's torch runs on (warns if it is the slow reference BLAS)
#   jar            sweep's jar
#   torch_version  Debian's torch, djl_version the DJL sweep is built with
#   run_djl CLASS ARGS...  runs a class of the jar with $threads PyTorch threads (one inter-op thread), prints its
#                  last line of output (and the end of its log when it fails)
# and exports the offline settings, OMP_NUM_THREADS and oneDNN's instruction-set cap.
py=/usr/bin/python3
"$py" -c "import torch" 2>/dev/null || { echo "needs Debian's python3-torch: apt-get install python3-torch libopenblas0-pthread" >&2; exit 2; }
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)
case "$blas" in
  *openblas*) ;;
  *) echo "warning: Debian's torch uses $blas, the reference BLAS; install libopenblas0-pthread for a fair peer" >&2 ;;
esac
./sweep --version >/dev/null
jar="$(readlink -f target/current)/sweep.jar"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true OMP_NUM_THREADS="$threads"
# both sides' oneDNN held to AVX2, as sweep holds its trials (sweep.train.djl.NativeEnvironment)
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"
torch_version=$("$py" -c "import torch; print(torch.__version__)")
djl_version=$(unzip -p "$jar" sweep-build.properties | sed -n 's/^djl=//p')

run_djl() {
  local err status=0
  err=$(mktemp)
  SWEEP_CPU_THREADS="$threads" java -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$jar" "$@" 2>"$err" </dev/null | tail -1 || status=$?
  [ "$status" = 0 ] || { echo "failed ($status): java $1" >&2; tail -20 "$err" >&2; }
  rm -f "$err"
  return "$status"
}
