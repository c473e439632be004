# Sourced by ./mvnw before Maven starts (POSIX sh, `set -euf` is in force).
# The build compiles, tests and runs on JDK 25+, found by maven-toolchains-plugin's auto-discovery even when
# Maven itself runs on an older `java`. When there is no JDK 25 at all, that plugin's error does not say what
# to install; this check stops first with one clear line. It looks where the plugin looks.
# DRBD_PILOT_JDK_DIRS (space-separated JDK homes) replaces the search list, for testing this check.
drbd_pilot_jdk_min=25

drbd_pilot_jdk_major() { # $1 = JDK home; prints the feature version, or nothing
  [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
}

drbd_pilot_jdk_found() {
  if [ -n "${DRBD_PILOT_JDK_DIRS-}" ]; then
    set +f; set -- $DRBD_PILOT_JDK_DIRS; set -f
  else
    drbd_pilot_path_java=""
    if command -v java >/dev/null 2>&1 && command -v readlink >/dev/null 2>&1; then
      drbd_pilot_path_java=$(readlink -f "$(command -v java)" 2>/dev/null || true)
      drbd_pilot_path_java=${drbd_pilot_path_java%/bin/java}
    fi
    set +f
    set -- "${JAVA_HOME-}" "$drbd_pilot_path_java" $(env | sed -n 's/^JAVA[0-9]*_HOME=//p') \
      /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/* \
      "$HOME"/.m2/jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home
    set -f
  fi
  for drbd_pilot_home in "$@"; do
    [ -n "$drbd_pilot_home" ] && [ -d "$drbd_pilot_home" ] || continue
    drbd_pilot_v=$(drbd_pilot_jdk_major "$drbd_pilot_home")
    if [ -n "$drbd_pilot_v" ] && [ "$drbd_pilot_v" -ge "$drbd_pilot_jdk_min" ] \
        && { [ -x "$drbd_pilot_home/bin/javac" ] || [ -x "$drbd_pilot_home/bin/javac.exe" ]; }; then
      return 0
    fi
  done
  return 1
}

if [ -z "${DRBD_PILOT_SKIP_JDK_CHECK-}" ] && ! drbd_pilot_jdk_found; then
  echo "error: DRBD Pilot needs a JDK $drbd_pilot_jdk_min or newer and found none (looked in JAVA_HOME, PATH, /usr/lib/jvm, ~/.jdks, SDKMAN): install one, e.g. 'apt-get install temurin-25-jdk' or 'sdk install java 25-tem', or set JAVA_HOME to it." >&2
  exit 1
fi
