#!/usr/bin/env bash
# Builds the root filesystem of a Java image from this machine alone (no registry: decision 0022):
#   /opt/java        a jlink'd runtime of the JDK that runs the build, with only the modules given
#   /lib*, /usr/lib* the shared libraries that runtime loads (found with ldd), and the dynamic loader
#   /etc/passwd, /etc/group   root and nonroot (65532), as in distroless
#   /tmp             for the JVM and JGit
# Usage: java-runtime.sh OUT_DIR MODULES
# The result is cached in ${RENKU_CACHE:-~/.cache/renku}/java-runtime/<hash>, the hash taken over
# the JDK's release file and the libraries it links against, the module list and this script; OUT_DIR
# gets a copy.
set -euo pipefail

out="$1"
modules="$2"
jdk="${JAVA_HOME:?JAVA_HOME must point at the JDK}"
cache_root="${RENKU_CACHE:-$HOME/.cache/renku}/java-runtime"

libs_of() {
  ldd "$@" 2>/dev/null | awk '/=> \// { print $3 } /^\s*\/.*ld-linux/ { print $1 }' | sort -u
}

key="$( {
  cat "$jdk/release"
  echo "$modules"
  cat "$0"
  libs_of "$jdk/bin/java" "$jdk"/lib/*.so | xargs sha256sum
} | sha256sum | cut -c1-16)"
cached="$cache_root/$key"

if [[ ! -f "$cached/.complete" ]]; then
  mkdir -p "$cache_root"
  exec 9>"$cache_root/.lock"
  flock 9
  if [[ ! -f "$cached/.complete" ]]; then
    tmp="$(mktemp -d "$cache_root/.build-XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    root="$tmp/root"
    mkdir -p "$root/opt" "$root/etc" "$root/tmp"
    "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
      --compress=zip-6 --output "$root/opt/java"
    for lib in $(libs_of "$root/opt/java/bin/java" "$root"/opt/java/lib/*.so "$root"/opt/java/lib/server/*.so); do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
    # The loader as the ELF headers name it.
    interp=""
    command -v readelf >/dev/null && interp="$(readelf -l "$root/opt/java/bin/java" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')"
    if [[ -n "$interp" && ! -e "$root$interp" ]]; then
      mkdir -p "$root$(dirname "$interp")"
      cp -L "$interp" "$root$interp"
    fi
    printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
    touch "$root/tmp/.keep"
    mv "$root" "$cached.tmp.$$"
    rm -rf "$cached"
    mkdir -p "$cached"
    mv "$cached.tmp.$$" "$cached/root"
    touch "$cached/.complete"
  fi
  flock -u 9
fi

rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -a "$cached/root" "$out"
echo "java runtime $key ($(du -sh "$out" | cut -f1)) in $out"
