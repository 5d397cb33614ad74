#!/usr/bin/env bash
# The suite N times in a row, COPIES copies at once, each copy in its own clone (issue 29's
# proof: "the whole suite passes ten times in a row on a loaded machine, two copies at once").
#
#   scripts/soak.sh [N]            N rounds (default 10; SOAK_RUNS too)
#   SOAK_COPIES=2                  copies run at the same time in each round
#   PYTEST_ARGS="tests/core -x"    what each run passes to pytest (default: the whole suite)
#   SOAK_DIR=/tmp/somewhere        where the clones and logs go (default: a new temp folder)
#
# The clones are of HEAD (commit first: uncommitted changes are not soaked). They share this
# checkout's venv (.venv, a symlink); each run goes through scripts/run-tests.sh (its own D-Bus
# session and keyring), with CI=true unless CI is set, so a skip fails as in CI. One line per
# run says pass or FAIL; the failures' names follow; the exit status is 0 only if every run
# passed. The machine is shared: start with a small PYTEST_ARGS and N=1.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${1:-${SOAK_RUNS:-10}}
COPIES=${SOAK_COPIES:-2}
ARGS=${PYTEST_ARGS:-}
WORK=${SOAK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/smmdesk-soak.XXXXXX")}
export CI=${CI:-true}

[[ -x .venv/bin/python ]] || { echo "soak: no .venv here; run 'make .venv/.installed'" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ && $COPIES =~ ^[1-9][0-9]*$ ]] || {
  echo "soak: N and SOAK_COPIES are whole numbers from 1" >&2; exit 2; }
head=$(git rev-parse --short HEAD)
[[ -z $(git status --porcelain --untracked-files=no) ]] ||
  echo "soak: note: uncommitted changes are not in the clones (they hold $head)" >&2

mkdir -p "$WORK"
for ((c = 1; c <= COPIES; c++)); do
  clone="$WORK/copy$c"
  if [[ ! -d $clone/.git ]]; then
    git clone --quiet --no-hardlinks "$ROOT" "$clone" || exit 2
  fi
  git -C "$clone" fetch --quiet "$ROOT" HEAD && git -C "$clone" checkout --quiet --detach FETCH_HEAD ||
    exit 2
  ln -sfn "$ROOT/.venv" "$clone/.venv"
  (cd "$clone" && .venv/bin/python scripts/build_i18n.py >/dev/null) || exit 2
  where=$(cd "$clone" && .venv/bin/python -c "import smmdesk, pathlib; print(pathlib.Path(smmdesk.__file__).resolve().parents[1])")
  [[ $where == "$(cd "$clone" && pwd -P)" ]] || {
    echo "soak: copy $c imports smmdesk from $where, not from its clone" >&2; exit 2; }
done
echo "soak: $RUNS round(s) x $COPIES copies of $head, pytest ${ARGS:-(the whole suite)}; logs in $WORK"

failed=0
for ((r = 1; r <= RUNS; r++)); do
  pids=()
  for ((c = 1; c <= COPIES; c++)); do
    log="$WORK/round$r-copy$c.log"
    # shellcheck disable=SC2086  # PYTEST_ARGS is split into pytest's arguments on purpose
    (cd "$WORK/copy$c" && bash scripts/run-tests.sh -p no:cacheprovider -q -rfE $ARGS) \
      >"$log" 2>&1 &
    pids+=($!)
  done
  for ((c = 1; c <= COPIES; c++)); do
    log="$WORK/round$r-copy$c.log"
    if wait "${pids[$((c - 1))]}"; then status=pass; else status=FAIL; failed=$((failed + 1)); fi
    summary=$(grep -E '[0-9]+ (passed|failed|errors?)\b.* in [0-9.]+s' "$log" | tail -1 | tr -d '=')
    echo "round $r copy $c: $status — ${summary:-no pytest summary (see $log)}"
    if [[ $status == FAIL ]]; then
      grep -E '^(FAILED|ERROR) ' "$log" | sed 's/^/    /'
    fi
  done
done
echo "soak: $((RUNS * COPIES - failed)) of $((RUNS * COPIES)) runs passed"
[[ $failed -eq 0 ]]
