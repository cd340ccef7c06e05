#!/usr/bin/env bash
# Builds the container image's file system apart from the application (Jib adds that), for an image
# FROM scratch (no base image can be pulled: the build reaches only Maven Central):
#   - /opt/callstream/jre: a Java runtime made by jlink from the JDK running the build;
#   - the shared libraries that runtime and the JNI libraries in the jars (RocksDB, zstd, snappy, lz4)
#     link against, copied from this machine (glibc, libstdc++, libgcc_s, libz, ...), at their paths;
#   - /etc/passwd and /etc/group with the user callstream (10001:10001), /tmp (1777) and
#     /var/lib/callstream (the processor state.dir's parent; Jib makes both writable by all).
# Usage: rootfs.sh <java home> <libs folder (jars)> <output folder>
set -euo pipefail
java_home="$1"
libs="$2"
out="$3"
modules="java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,\
java.sql,java.xml,java.instrument,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.unsupported,\
jdk.naming.dns,jdk.zipfs"

rm -rf "$out"
mkdir -p "$out/opt/callstream" "$out/etc" "$out/tmp" "$out/proc" "$out/var/lib/callstream"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$out/opt/callstream/jre"

# JNI libraries shipped inside the jars, for Linux x86-64: only to learn what they link against.
jni="$(mktemp -d)"
trap 'rm -rf "$jni"' EXIT
for jar in "$libs"/*.jar; do
  grep -aqE '\.so' "$jar" || continue # names in a zip's directory are stored uncompressed
  while read -r entry; do
    (cd "$jni" && "$java_home/bin/jar" xf "$jar" "$entry")
  done < <("$java_home/bin/jar" tf "$jar" | grep -E '\.so$' | grep -Ei 'linux.?(64|/amd64|/x86_64)|linux64' | grep -vi musl || true)
done

# Every library ldd resolves for the runtime and the JNI libraries, plus the dynamic loader.
copy() {
  local src="$1"
  [[ "$src" == "$out"/* || -e "$out$src" ]] && return 0 # the runtime's own, or copied already
  mkdir -p "$out$(dirname "$src")"
  cp -L "$src" "$out$src"
}
while read -r lib; do
  copy "$lib"
done < <(find "$out/opt/callstream/jre" "$jni" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(0x/ { print $1 }' | sort -u)
if find "$out/opt/callstream/jre" "$jni" -type f -name '*.so' -print0 | xargs -0 ldd 2>/dev/null | grep -q 'not found'; then
  echo "rootfs: a library is missing on this machine:" >&2
  find "$out/opt/callstream/jre" "$jni" -type f -name '*.so' -print0 | xargs -0 ldd 2>/dev/null | grep 'not found' >&2
  exit 1
fi

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
callstream:x:10001:10001:callstream:/var/lib/callstream:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
callstream:x:10001:
GROUP
echo "rootfs: $(du -sh "$out" | cut -f1) in $out ($(find "$out" -name '*.so*' -path '*/lib*/x86_64*' | wc -l) system libraries)"
