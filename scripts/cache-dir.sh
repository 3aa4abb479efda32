#!/bin/sh
# Print (and create) the cache directory shared by the build and test
# scripts. It lives outside the checkout so clones and 'git clean' keep it.
set -eu
dir=${LVSS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lvss}
mkdir -p "$dir"
echo "$dir"
