"""Draw the Sillok icon: resources/icons/sillok.svg, PNGs, .ico (Windows), .icns (macOS).

A record book in the Korean five-hole binding, deep indigo, with a paper title slip and
a red seal whose white mark is a keyhole: the record is sealed. Run offscreen:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py

The files are committed; run this again only when the drawing changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# The drawing, on a 512 × 512 canvas. Colours: indigo cover #1f2f56 (darker spine
# #16223f), paper #f3ead6, thread #d9c9a3, seal vermilion #b3261e.
HOLES = "".join(
    f'<circle cx="120" cy="{y}" r="9" fill="#0e1730"/>'
    f'<path d="M 72 {y} H 112" stroke="#d9c9a3" stroke-width="7" stroke-linecap="round"/>'
    for y in (92, 174, 256, 338, 420)
)
SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <title>Sillok</title>
  <!-- page edges, seen below and right of the cover -->
  <rect x="92" y="44" width="368" height="440" rx="14" fill="#e4d8bd"/>
  <rect x="88" y="38" width="364" height="436" rx="14" fill="#f3ead6"/>
  <!-- the cover -->
  <rect x="72" y="28" width="368" height="440" rx="16" fill="#1f2f56"/>
  <rect x="72" y="28" width="68" height="440" rx="16" fill="#16223f"/>
  <rect x="124" y="28" width="16" height="440" fill="#16223f"/>
  <!-- five-hole binding: the thread runs along the spine -->
  <path d="M 96 60 V 452" stroke="#d9c9a3" stroke-width="7" stroke-linecap="round"/>
  {HOLES}
  <!-- title slip -->
  <rect x="176" y="70" width="74" height="250" rx="6" fill="#f3ead6"/>
  <rect x="186" y="82" width="54" height="226" rx="3" fill="none" stroke="#b9a983"
        stroke-width="4"/>
  <rect x="203" y="112" width="20" height="12" rx="3" fill="#8a7a56"/>
  <rect x="203" y="142" width="20" height="12" rx="3" fill="#8a7a56"/>
  <rect x="203" y="172" width="20" height="12" rx="3" fill="#8a7a56"/>
  <rect x="203" y="202" width="20" height="12" rx="3" fill="#8a7a56"/>
  <!-- the seal, with a keyhole -->
  <g transform="rotate(-4 350 372)">
    <rect x="280" y="302" width="140" height="140" rx="14" fill="#b3261e"/>
    <rect x="294" y="316" width="112" height="112" rx="8" fill="none" stroke="#f6e7df"
          stroke-width="7"/>
    <circle cx="350" cy="356" r="20" fill="#f6e7df"/>
    <path d="M 339 366 L 331 408 H 369 L 361 366 Z" fill="#f6e7df"/>
  </g>
</svg>
"""


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def write(image: QImage, path: Path, fmt: str) -> None:
    writer = QImageWriter(str(path), fmt.encode())
    if not writer.write(image):
        raise SystemExit(f"could not write {path}: {writer.errorString()}")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sillok.svg").write_text(SVG, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(SVG.encode()))
    if not renderer.isValid():
        raise SystemExit("the SVG does not parse")
    for size in SIZES:
        write(render(renderer, size), OUT / f"sillok-{size}.png", "png")
    write(render(renderer, 256), OUT / "sillok.ico", "ico")
    write(render(renderer, 512), OUT / "sillok.icns", "icns")
    del app
    print(f"wrote {OUT}: sillok.svg, {len(SIZES)} PNGs, sillok.ico, sillok.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
