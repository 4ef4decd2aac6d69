# Shared by the scripts: source it after `cd` to the repository root.
#   need_debian_packages PKG...   install the missing ones (apt-get; sudo when not root)
#   mock_binary [release]         build the server, print the binary's path
#   python_env                    the test tools' venv (.venv), made or refreshed on demand

need_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

mock_binary() {
  local config=debug out
  [ "${1:-}" = release ] && config=release
  if ! out=$(swift build -c "$config" --product activitysmith-mock 2>&1); then
    echo "$out" | grep -E "error" >&2 || echo "$out" >&2
    return 1
  fi
  echo "$(swift build -c "$config" --show-bin-path)/activitysmith-mock"
}

python_env() {
  scripts/python-env
}
