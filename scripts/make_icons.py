"""Render the one SVG app icon into every platform's format (PNG sizes, .ico, .icns).

Run by `make icons` and by build.spec; outputs go to resources/icons/generated/ (not committed),
or to the folder given with ``--out DIR`` (the launcher installer and the tests use a temp one).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "smmdesk.svg"
OUT = ROOT / "resources" / "icons" / "generated"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def write(image: QImage, path: Path, fmt: bytes) -> None:
    writer = QImageWriter(str(path), fmt)
    if not writer.write(image):
        raise SystemExit(f"could not write {path}: {writer.errorString()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, metavar="DIR",
                        help="where to write them (default: resources/icons/generated)")
    out: Path = parser.parse_args(argv).out.resolve()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"invalid SVG: {SVG}")
    out.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        write(render(renderer, size), out / f"smmdesk-{size}.png", b"png")
    write(render(renderer, 256), out / "smmdesk.ico", b"ico")
    write(render(renderer, 512), out / "smmdesk.icns", b"icns")
    print(f"icons written to {out}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
