#!/bin/sh
# Generates ./configure from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
missing=
for tool in autoreconf aclocal automake libtoolize pkg-config; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "autogen.sh: missing:$missing" >&2
	echo "autogen.sh: install them with: apt-get install autoconf automake libtool pkg-config" >&2
	exit 1
fi
mkdir -p m4
autoreconf --install --force
echo "Now run ./configure && make"
