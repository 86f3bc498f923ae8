#!/usr/bin/env bash
# Install the Sillok bundle for the current user (no root, no network):
#     bash install.sh            from inside the unpacked bundle folder
# Copies the bundle to ~/.local/opt/sillok, links ~/.local/bin/sillok, and adds the menu
# entry and icons. Running it again replaces the program; the data folder
# (~/.local/share/Sillok) is never touched. `bash install.sh --uninstall` removes the
# program, the link, the menu entry and the icons, and still leaves the data alone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$HOME/.local/opt/sillok"
bin="$HOME/.local/bin"

remove() {
    rm -rf "$target"
    rm -f "$bin/sillok" "$prefix/applications/sillok.desktop"
    for size in 16 24 32 48 64 128 256 512; do
        rm -f "$prefix/icons/hicolor/${size}x${size}/apps/sillok.png"
    done
    rm -f "$prefix/icons/hicolor/scalable/apps/sillok.svg"
}

if [ "${1:-}" = "--uninstall" ]; then
    remove
    echo "Sillok removed. Your data in $prefix/Sillok was left as it is."
    exit 0
fi
[ -x "$here/sillok" ] || { echo "install.sh: run it from the unpacked bundle folder" >&2; exit 2; }
remove
mkdir -p "$(dirname "$target")" "$bin" "$prefix/applications"
cp -a "$here" "$target"
ln -s "$target/sillok" "$bin/sillok"
icons="$target/_internal/resources/icons"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$prefix/icons/hicolor/${size}x${size}/apps"
    cp "$icons/sillok-$size.png" "$prefix/icons/hicolor/${size}x${size}/apps/sillok.png"
done
mkdir -p "$prefix/icons/hicolor/scalable/apps"
cp "$icons/sillok.svg" "$prefix/icons/hicolor/scalable/apps/sillok.svg"
sed "s|^Exec=sillok|Exec=$target/sillok|; s|^TryExec=sillok|TryExec=$target/sillok|" \
    "$here/sillok.desktop" > "$prefix/applications/sillok.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/applications" || true
echo "Sillok installed in $target; start it from the menu or with: $bin/sillok"
