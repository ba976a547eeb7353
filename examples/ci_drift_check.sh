#!/usr/bin/env bash
# A CI step: compare a new Dezgo OpenAPI spec with the one the SDK pins, and fail on what breaks callers.
#
#   examples/ci_drift_check.sh openapi/dezgo.json new-spec.json
#
# `dezgo spec diff OLD NEW` exits 0 when nothing breaking changed, 1 when something did, and 2
# when it could not decide (a file missing, not JSON/YAML, not OpenAPI). The markdown report goes
# to the job summary on GitHub Actions ($GITHUB_STEP_SUMMARY), else to stdout.
set -uo pipefail

old="${1:?usage: ci_drift_check.sh OLD_SPEC NEW_SPEC}"
new="${2:?usage: ci_drift_check.sh OLD_SPEC NEW_SPEC}"
report="${GITHUB_STEP_SUMMARY:-/dev/stdout}"

dezgo spec diff "$old" "$new" --format markdown >>"$report"
status=$?
case "$status" in
    0) echo "spec drift: nothing breaking" ;;
    1) echo "spec drift: breaking changes for SDK callers (see the report)" >&2 ;;
    *) echo "spec drift: could not compare $old and $new" >&2 ;;
esac
exit "$status"
