#!/usr/bin/env bash
# CI gate: fails when a change to proto/ would break consumers of the events already on main
# (buf breaking with the FILE rules of buf.yaml): a consumer built from main's contracts must
# still read every event published with this branch's. Passes, saying why, while main has no
# contracts yet (before the first commit, or before proto/ reached main).
#
# Compares with the local branch main, else origin/main (fetched when the clone lacks it, as in
# a shallow CI checkout). BREAKING_AGAINST_BRANCH compares with another branch.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

branch="${BREAKING_AGAINST_BRANCH:-main}"
skip() {
  echo "contracts: $1, so no published contract can break; skipping buf breaking."
  exit 0
}

if git rev-parse --verify --quiet "refs/heads/${branch}^{commit}" >/dev/null; then
  ref="refs/heads/${branch}"
  against=".git#branch=${branch},subdir=proto"
else
  ref="refs/remotes/origin/${branch}"
  against=".git#ref=${ref},subdir=proto"
  if ! git rev-parse --verify --quiet "${ref}^{commit}" >/dev/null; then
    git remote get-url origin >/dev/null 2>&1 || skip "${branch} has no commits yet"
    git ls-remote --exit-code --heads origin "${branch}" >/dev/null || skip "origin has no branch ${branch} yet"
    git fetch --quiet --no-tags origin "+refs/heads/${branch}:${ref}"
  fi
fi

git ls-tree -r --name-only "${ref}" -- proto | grep -q '\.proto$' || skip "${branch} has no .proto files under proto/ yet"

echo "contracts: checking proto/ against ${branch} for breaking changes (buf breaking, FILE rules)"
node_modules/.bin/buf breaking proto --against "${against}"
echo "contracts: no breaking changes against ${branch}."
