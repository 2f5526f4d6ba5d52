#!/usr/bin/env bash
# Installs a terraform-provider-lakeplane executable into a local filesystem mirror (by default
# Terraform's implied one, ~/.terraform.d/plugins) and writes the examples' .terraform.lock.hcl.
#
#   install-provider.sh install EXECUTABLE VERSION [MIRROR_ROOT]   copy it there, then `lock`
#   install-provider.sh lock VERSION [MIRROR_ROOT]                 only (re)write the lock files for
#                                                                  the package the mirror holds now
#
# Why the lock files: on the first `terraform init` of a directory, a provider from a local mirror
# has no registry-signed checksums, so terraform warns "Incomplete lock file information for
# providers". A lock file already holding the package's h1: hash gives init nothing to add, so it
# does not warn. The hash is the build's own (a rebuilt provider has another), which is why the
# lock files are written here, on every install, and not committed. Your own configurations get
# theirs from `terraform providers lock -fs-mirror=$HOME/.terraform.d/plugins -platform=linux_amd64`.
set -euo pipefail
usage() { echo "usage: $0 install EXECUTABLE VERSION [MIRROR_ROOT] | lock VERSION [MIRROR_ROOT]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
command=$1; shift
case $command in
  install) [[ $# -ge 2 ]] || usage; executable=$1; shift ;;
  lock) [[ $# -ge 1 ]] || usage ;;
  *) usage ;;
esac
version=$1
mirror_root=${2:-$HOME/.terraform.d/plugins}
examples="$(cd "$(dirname "$0")" && pwd)"
package_dir="$mirror_root/registry.terraform.io/lakeplane/lakeplane/$version/linux_amd64"
file_name="terraform-provider-lakeplane_v$version"

if [[ $command == install ]]; then
  mkdir -p "$package_dir"
  rm -f "$package_dir"/terraform-provider-lakeplane*
  cp "$executable" "$package_dir/$file_name"
  chmod 755 "$package_dir/$file_name"
  echo "installed $package_dir/$file_name"
fi
[[ -f $package_dir/$file_name ]] || { echo "$package_dir/$file_name is not installed: run make install" >&2; exit 1; }

# Terraform's "h1:" hash of an unpacked package directory: the SHA-256 of the sorted lines
# "<sha256 of the file>  <file name>\n", in base64.
file_sum=$(sha256sum "$package_dir/$file_name" | cut -d' ' -f1)
summary_sum=$(printf '%s  %s\n' "$file_sum" "$file_name" | sha256sum | cut -d' ' -f1)
# shellcheck disable=SC2059 # the hex digest, as \x escapes, is the format on purpose
h1=$(printf "$(sed 's/../\\x&/g' <<<"$summary_sum")" | base64)

for directory in "$examples"/*/; do
  grep -qs 'source *= *"lakeplane/lakeplane"' "$directory"*.tf || continue
  cat > "$directory.terraform.lock.hcl" <<EOF
# Written by examples/install-provider.sh for the provider it installed in the local mirror.

provider "registry.terraform.io/lakeplane/lakeplane" {
  version = "$version"
  hashes = [
    "h1:$h1",
  ]
}
EOF
done
