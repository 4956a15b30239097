"""Write a PNG of every page of the running app into docs/screenshots/.

    python scripts/screenshots.py [--url http://localhost:8501] [--out docs/screenshots]
                                  [--width 1440] [--width 390]

Starts the app on the demo store itself when no --url is given. Each --width (1440 by
default; 390 is a phone) gives every page's PNG, named ``<page>.png`` at 1440 px and
``<page>-<width>.png`` at any other width. Uses Debian's
Chromium at /usr/bin/chromium (or CHROMIUM_PATH) through Playwright.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from restock_ui.navigation import OVERVIEW, SECTIONS  # noqa: E402
from tests.browser.harness import launch_browser, running_app, wait_for_page  # noqa: E402


def page_urls(base: str) -> list[tuple[str, str]]:
    """(file stem, URL) for the Overview (the app's home) and every page file that exists."""
    found = [(Path(OVERVIEW[0]).stem, base)]
    for entries in SECTIONS.values():
        for path, _title, _icon in entries:
            if (ROOT / path).exists():
                stem = Path(path).stem
                found.append((stem, f"{base}/{stem}"))
    return found


DESKTOP = 1440


def png_name(stem: str, width: int) -> str:
    """The file a page's screenshot at ``width`` pixels goes to."""
    return f"{stem}.png" if width == DESKTOP else f"{stem}-{width}.png"


def capture(base: str, out: Path, widths: tuple[int, ...] = (DESKTOP,)) -> list[Path]:
    """Screenshot every page at ``base`` into ``out`` at each of ``widths``; returns the
    files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with launch_browser() as browser:
        for width in widths:
            page = browser.new_page(viewport={"width": width, "height": 1000})
            page.goto(base)  # through the entry page first, as a visitor arrives
            wait_for_page(page, timeout=120_000)
            written += [shoot(page, url, out / png_name(stem, width), width)
                        for stem, url in page_urls(base)]
            page.close()
    return written


def shoot(page, url: str, target: Path, width: int) -> Path:
    """One page at ``url``, its whole height, ``width`` pixels wide, into ``target``."""
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=300_000)
    wait_for_page(page, timeout=120_000)
    page.wait_for_timeout(1500)  # charts draw after the run ends
    height = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(height, 1000), 6000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(target), full_page=True)
    return target


def main() -> None:
    """Parse the arguments and write the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--width", type=int, action="append",
                        help="viewport width in pixels (repeat for several; default 1440)")
    args = parser.parse_args()
    widths = tuple(args.width or [DESKTOP])
    if args.url:
        files = capture(args.url.rstrip("/"), Path(args.out), widths)
    else:
        with running_app() as base:
            files = capture(base, Path(args.out), widths)
    for file in files:
        print(file)


if __name__ == "__main__":
    main()
