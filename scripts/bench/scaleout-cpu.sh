#!/usr/bin/env bash
# Step time of the exported train.py on CPU: one process with the global batch, and two processes (gloo,
# started with torchrun's environment contract) with half each. Prints history.csv of both and uptime's load.
#   scripts/bench/scaleout-cpu.sh [STEPS]      (needs /usr/bin/python3 with torch and numpy)
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS="${1:-200}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
npm run -s build:node
node dist-node/exportPytorch.cjs --out "$WORK" >/dev/null
export OMP_NUM_THREADS=1
uptime
/usr/bin/python3 "$WORK/train.py" --data spheres --batch 128 --steps "$STEPS" --eval-every 100 --out "$WORK/one" >/dev/null 2>&1
for r in 0 1; do
  MASTER_ADDR=127.0.0.1 MASTER_PORT=29533 RANK=$r LOCAL_RANK=$r WORLD_SIZE=2 LOCAL_WORLD_SIZE=2 \
    /usr/bin/python3 "$WORK/train.py" --data spheres --batch 64 --steps "$STEPS" --eval-every 100 --out "$WORK/two" >/dev/null 2>&1 &
done
wait
uptime
echo "== 1 process, batch 128"; cat "$WORK/one/history.csv"
echo "== 2 processes (gloo) × batch 64"; cat "$WORK/two/history.csv"
