#!/usr/bin/env bash
# Trains and tabulates the MNIST results of docs/results/mnist.md: every loss of the paper's
# MNIST table under symmetric 0.0, 0.4, 0.8 and asymmetric 0.4 noise, then writes the table,
# an HTML report and the charts. Stopping it (Ctrl-C) and running it again continues the
# sweep where it stopped.
#
# The protocol is set by environment variables (defaults: the fast protocol of
# docs/results/README.md):
#   EPOCHS   epochs per run                      SUBSET  training images per run ("" = all)
#   SEEDS    comma-separated seeds               JOBS    runs at once (default 2)
#   NOISE    --noise flags                       OUT     sweep folder
#   TRAIN_FLAGS  further apl train flags, e.g. "--backend wasm"
#   LOSSES   comma-separated losses              RESULTS folder for the table and charts
# The full protocol of the paper: EPOCHS=50 SUBSET= SEEDS=1,2,3 and all nine settings:
#   NOISE="--noise symmetric:0,0.2,0.4,0.6,0.8 --noise asymmetric:0.1,0.2,0.3,0.4"
set -euo pipefail
cd "$(dirname "$0")/.."

EPOCHS=${EPOCHS-8}
SUBSET=${SUBSET-4000}
SEEDS=${SEEDS-1}
JOBS=${JOBS-2}
NOISE=${NOISE-"--noise symmetric:0,0.4,0.8 --noise asymmetric:0.4"}
OUT=${OUT-runs/mnist-table}
TRAIN_FLAGS=${TRAIN_FLAGS---test-subset 2000}
LOSSES=${LOSSES-ce,fl,gce,sce,nlnl,mae,rce,nce,nfl,ngce,nce+rce,nce+mae,nfl+rce,nfl+mae,ngce+rce,ngce+mae,nce+agce,nce+aul,anl-ce}
RESULTS=${RESULTS-docs/results}

sweep_command="apl sweep --dataset mnist --losses $LOSSES $NOISE --seeds $SEEDS"
sweep_command+=" --epochs $EPOCHS${SUBSET:+ --subset $SUBSET} --jobs $JOBS --out $OUT"
[ -n "$TRAIN_FLAGS" ] && sweep_command+=" -- $TRAIN_FLAGS"
report_options="--per-class nce+rce/asymmetric-0.4/seed-${SEEDS%%,*}"
report_options+=" --curves symmetric:0.8 --curves asymmetric:0.4"
report_command="apl report $OUT $report_options --charts $RESULTS/mnist --out $RESULTS/mnist.md"
html_command="apl report $OUT $report_options --out $RESULTS/mnist.html"

apl() { node --import tsx src/cli/main.ts "$@"; }

started=$(date -u +%FT%TZ)
# shellcheck disable=SC2086 # the commands are word-split on purpose
apl ${sweep_command#apl }
# shellcheck disable=SC2086
apl ${report_command#apl }
# shellcheck disable=SC2086
apl ${html_command#apl }

cat >> "$RESULTS/mnist.md" <<NOTE

## How this table was made

Protocol: $EPOCHS epochs per run, ${SUBSET:-all 60000} training images, seeds $SEEDS, the
reference's MNIST presets otherwise (\`configs/mnist/\`), further train flags:
${TRAIN_FLAGS:-none}; test accuracy on the clean test set (all 10,000 images unless those
flags choose a subset). Sweep finished $(date -u +%FT%TZ) (this call started $started), on $(nproc) cores,
Node $(node --version). Commands, from the repository root (\`apl\` is
\`node --import tsx src/cli/main.ts\` or the installed binary):

\`\`\`console
$sweep_command
$report_command
$html_command
\`\`\`

The HTML report with the same charts is \`mnist.html\`.
NOTE
echo "wrote $RESULTS/mnist.md, $RESULTS/mnist.html and $RESULTS/mnist/*.svg"
