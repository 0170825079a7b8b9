"""Self-hosted MathJax: fetched once from the npm registry, served from the site itself.

The pages make no request outside the site at view time, so the typesetter ships with it.
``tex-svg-full.js`` is one self-contained file (TeX input, every extension, SVG output with
the glyphs as paths): no web fonts and no lazy loading of further components.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

MATHJAX_VERSION = "3.2.2"
MATHJAX_MEMBER = "package/es5/tex-svg-full.js"
#: Where the generated tree (and so the site) holds it; mkdocs.yml's extra_javascript names it.
MATHJAX_TARGET = "assets/mathjax/tex-svg-full.js"


def mathjax_file(cache_dir: Path) -> Path:
    return Path(cache_dir) / "vendor" / f"mathjax-{MATHJAX_VERSION}" / "tex-svg-full.js"


def ensure_mathjax(cache_dir: Path) -> Path:
    """The cached MathJax bundle, fetched with ``npm pack`` on first use."""
    target = mathjax_file(cache_dir)
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "MathJax is fetched from the npm registry on the first build, but npm was not "
            "found: install Node.js and npm (Debian: apt-get install -y nodejs npm), or put "
            f"MathJax {MATHJAX_VERSION}'s es5/tex-svg-full.js at {target}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [npm, "pack", f"mathjax@{MATHJAX_VERSION}", "--pack-destination", tmp, "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
        tarballs = list(Path(tmp).glob("mathjax-*.tgz"))
        if proc.returncode != 0 or not tarballs:
            raise RuntimeError(
                f"npm pack mathjax@{MATHJAX_VERSION} failed: "
                f"{(proc.stderr or proc.stdout).strip()[-300:]}"
            )
        with tarfile.open(tarballs[0]) as tar:
            member = tar.extractfile(MATHJAX_MEMBER)
            if member is None:
                raise RuntimeError(f"{MATHJAX_MEMBER} missing from the MathJax package")
            data = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target
