"""Vendor the design system and the font into static/, from pinned npm packages. Run by hand to update.

    python3 scripts/vendor_frontend.py

Needs npm (only here: nothing runs at build or run time). It fetches the two packages with
`npm pack`, at the versions pinned below, and writes:

- static/govuk-frontend/govuk-frontend.min.css and .min.js, govuk-frontend's precompiled files.
  The CSS is changed in one way: its "GDS Transport" font (for government services only) becomes
  our open font, and its @font-face rules for that font are dropped, so nothing asks for it.
- static/fonts/: Source Sans 3, Latin subset, regular and bold (SIL Open Font Licence), with its
  licence. static/css/fonts.css (ours) declares them.

Bump a version below, rerun, look at the pages (`make screenshots`) and commit what changed.
"""

import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

GOVUK_FRONTEND = "govuk-frontend@6.6.0"
FONT = "@fontsource/source-sans-3@5.3.1"
FONT_FAMILY = "Source Sans 3"
FONT_FILES = ["source-sans-3-latin-400-normal.woff2", "source-sans-3-latin-700-normal.woff2"]

STATIC = Path(__file__).resolve().parent.parent / "static"
SOURCE_MAP_COMMENT = re.compile(r"/[*/]# sourceMappingURL=\S+(?: \*/)?\s*$")
GDS_FONT_FACE = re.compile(r"@font-face\{font-family:GDS Transport;[^}]*\}")


def unpack(package: str, into: Path) -> Path:
    """`npm pack` the package into a folder and return its unpacked root."""
    output = subprocess.run(
        ["npm", "pack", package, "--json", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    tarball = into / json.loads(output)[0]["filename"]
    target = into / tarball.stem
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def vendored_css(css: str) -> str:
    css, faces = GDS_FONT_FACE.subn("", css)
    if faces != 2 or "GDS Transport" not in css:
        sys.exit("govuk-frontend's CSS no longer has the two font faces this script expects")
    css = css.replace("GDS Transport", f'"{FONT_FAMILY}"')
    return SOURCE_MAP_COMMENT.sub("", css).rstrip() + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        frontend = unpack(GOVUK_FRONTEND, Path(temporary))
        font = unpack(FONT, Path(temporary))

        dist = frontend / "dist" / "govuk"
        target = STATIC / "govuk-frontend"
        target.mkdir(exist_ok=True)
        css = (dist / "govuk-frontend.min.css").read_text(encoding="utf-8")
        (target / "govuk-frontend.min.css").write_text(vendored_css(css), encoding="utf-8")
        js = (dist / "govuk-frontend.min.js").read_text(encoding="utf-8")
        (target / "govuk-frontend.min.js").write_text(
            SOURCE_MAP_COMMENT.sub("", js).rstrip() + "\n", encoding="utf-8"
        )
        version = json.loads((frontend / "package.json").read_text(encoding="utf-8"))["version"]
        (target / "VERSION").write_text(version + "\n", encoding="utf-8")

        fonts = STATIC / "fonts"
        fonts.mkdir(exist_ok=True)
        for name in FONT_FILES:
            shutil.copyfile(font / "files" / name, fonts / name)
        shutil.copyfile(font / "LICENSE", fonts / "LICENSE-source-sans-3.txt")
    print(f"Vendored {GOVUK_FRONTEND} and {FONT} into {STATIC.name}/")


if __name__ == "__main__":
    main()
