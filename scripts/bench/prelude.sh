# Sourced by the search benchmarks (scripts/bench-hpo.sh, scripts/bench-warm.sh) from the repository root: builds
# sweep if needed and sets py (Debian's Python with Optuna), work (a temporary directory, removed on exit), cp
# (sweep's class path), optuna_version, and timed OUT CMD... (runs CMD, writes its wall time in seconds to OUT).
py=/usr/bin/python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

./sweep --version > /dev/null
jar="$(readlink -f target/current)/sweep.jar"
cp="$jar:$(readlink -f target/current)/lib/*"
optuna_version="$($py -c 'import optuna; print(optuna.__version__)')"

# The two sides run at once (one core each on a 2-core machine); each is timed on its own.
timed() { local out=$1 t0; shift; t0=$(date +%s); "$@"; echo $(( $(date +%s) - t0 )) > "$out"; }
