#!/usr/bin/env bash
# Makes the archives an officer downloads (issue 18):
#   dist/prongsai-<version>-windows-x64.zip     prongsai.exe, README.txt, licences/
#   dist/prongsai-<version>-linux-x64.tar.gz    prongsai,     README.txt, licences/
# README.txt is the quick-start (Thai, then English) of scripts/release/; licences/ holds the
# licence texts of the data compiled into the binary (the CC0 word list, the OFL fonts).
# The Windows binary is cross-built with mingw-w64 (Debian: gcc-mingw-w64-x86-64; rustup target
# x86_64-pc-windows-gnu; .ci/run installs both) with warnings as errors.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || { echo "release.sh: no version in Cargo.toml" >&2; exit 1; }

cargo build --release --locked
# --target keeps RUSTFLAGS off the host's build scripts, so the Linux cache stays warm.
RUSTFLAGS="-D warnings" cargo build --release --locked --target x86_64-pc-windows-gnu

rm -rf dist/stage
mkdir -p dist/stage
trap 'rm -rf dist/stage' EXIT
stage() { # stage <folder> <binary> <readme>
  local dir="dist/stage/$1"
  mkdir -p "$dir/licences"
  cp "$2" "$dir/"
  cp "$3" "$dir/README.txt"
  cp scripts/release/LICENCES.txt "$dir/licences/README.txt"
  cp data/CC0-1.0.txt "$dir/licences/words_th-CC0-1.0.txt"
  cp data/README.md "$dir/licences/words_th-README.md"
  cp themes/default/static/assets/fonts/OFL.txt "$dir/licences/Sarabun-OFL.txt"
}
win="prongsai-$version-windows-x64"
linux="prongsai-$version-linux-x64"
stage "$win" target/x86_64-pc-windows-gnu/release/prongsai.exe scripts/release/README-windows.txt
stage "$linux" target/release/prongsai scripts/release/README-linux.txt

# Windows: text files with CRLF and a UTF-8 byte-order mark, so that any Notepad shows the Thai;
# ASCII names inside the zip (Explorer's unzip of old Windows mangles non-ASCII names).
python3 - "dist/stage" "$win" "dist/$win.zip" <<'PY'
import os, sys, zipfile
stage, top, dest = sys.argv[1], sys.argv[2], sys.argv[3]
with zipfile.ZipFile(dest + ".part", "w", zipfile.ZIP_DEFLATED) as z:
    for folder, _, files in sorted(os.walk(os.path.join(stage, top))):
        for name in sorted(files):
            path = os.path.join(folder, name)
            arc = os.path.relpath(path, stage).replace(os.sep, "/")
            data = open(path, "rb").read()
            if name.endswith((".txt", ".md")):
                data = b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            z.writestr(zipfile.ZipInfo(arc, date_time=(2026, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
os.replace(dest + ".part", dest)
PY
chmod 755 "dist/stage/$linux/prongsai"
tar -C dist/stage --owner=0 --group=0 --sort=name -czf "dist/$linux.tar.gz.part" "$linux"
mv "dist/$linux.tar.gz.part" "dist/$linux.tar.gz"
ls -l "dist/$win.zip" "dist/$linux.tar.gz"
