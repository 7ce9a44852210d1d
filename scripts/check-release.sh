#!/usr/bin/env bash
# Checks the archives of scripts/release.sh (run by .ci/run after it): each holds its binary,
# the quick-start and the licence texts, byte for byte from the source; the Windows binary is a
# Windows executable; the Linux one runs and names this commit.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check-release: $*" >&2; exit 1; }
win="prongsai-$version-windows-x64"
linux="prongsai-$version-linux-x64"
[ -f "dist/$win.zip" ] || fail "dist/$win.zip is missing"
[ -f "dist/$linux.tar.gz" ] || fail "dist/$linux.tar.gz is missing"
python3 -m zipfile -e "dist/$win.zip" "$tmp/win"
tar -C "$tmp" -xzf "dist/$linux.tar.gz"

# The text of a file as written in the source: CRLF and the byte-order mark of the zip undone.
plain() { python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.stdout.buffer.write(d.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n"))' "$1"; }
for dir in "$tmp/win/$win" "$tmp/$linux"; do
  case "$dir" in */"$win") readme=README-windows.txt ;; *) readme=README-linux.txt ;; esac
  while read -r inside source; do
    [ -f "$dir/$inside" ] || fail "$(basename "$dir"): no $inside"
    cmp -s <(plain "$dir/$inside") "$source" || fail "$(basename "$dir")/$inside differs from $source"
  done <<LIST
README.txt scripts/release/$readme
licences/README.txt scripts/release/LICENCES.txt
licences/words_th-CC0-1.0.txt data/CC0-1.0.txt
licences/words_th-README.md data/README.md
licences/Sarabun-OFL.txt themes/default/static/assets/fonts/OFL.txt
LIST
  grep -q "ติดตั้งและใช้งานครั้งแรก" "$dir/README.txt" || fail "no Thai quick-start in $dir"
  grep -q "prongsai init" "$dir/README.txt" || fail "the quick-start lacks prongsai init"
  grep -q "serve --root site --open" "$dir/README.txt" || fail "the quick-start lacks serve --open"
  grep -q "CC0 1.0 Universal" "$dir/licences/words_th-CC0-1.0.txt" || fail "no CC0 text"
  grep -q "SIL OPEN FONT LICENSE Version 1.1" "$dir/licences/Sarabun-OFL.txt" || fail "no OFL text"
done
[ "$(head -c 2 "$tmp/win/$win/prongsai.exe")" = "MZ" ] || fail "prongsai.exe is not a Windows executable"
head -c 4096 "$tmp/win/$win/prongsai.exe" | grep -aq "PE" || fail "prongsai.exe has no PE header"
[ -x "$tmp/$linux/prongsai" ] || fail "the Linux binary is not executable"
got=$("$tmp/$linux/prongsai" --version)
want="prongsai $version ($(git rev-parse --short=7 HEAD 2>/dev/null) $(git log -1 --format=%cs 2>/dev/null))"
git rev-parse HEAD >/dev/null 2>&1 || want="prongsai $version (unknown)"
[ "$got" = "$want" ] || fail "--version says \"$got\", expected \"$want\""
# The extracted Linux binary makes a site from nothing, as the quick-start says.
(cd "$tmp" && "./$linux/prongsai" init site >/dev/null && "./$linux/prongsai" build --root site >/dev/null) \
  || fail "init + build with the released binary failed"
[ -f "$tmp/site/public/index.html" ] || fail "the released binary built no index.html"
echo "check-release: $win.zip and $linux.tar.gz hold the binary, README.txt and licences/ ($got)"
