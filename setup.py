"""The build compiles the message catalogs: each ``coop/locale/*/LC_MESSAGES/coop.po``
becomes its ``coop.mo`` (what ``pybabel compile`` does), for wheels and editable installs
alike. Everything else about the package is in ``pyproject.toml``."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


def compile_catalogs(root: Path) -> list[Path]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted((root / "coop" / "locale").glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fp:
            catalog = read_po(fp)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as fp:
            write_mo(fp, catalog)
        written.append(mo)
    return written


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        compile_catalogs(HERE)  # beside the .po: an editable install reads them there
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogs})
