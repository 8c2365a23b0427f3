"""The packaged defaults: this repository's templates/, data/reference/ and lunr.js (with its licence)
copied into the wheel as generator/_defaults/, so `pip install gongkai` can build a site that has none of
them (generator/core/resources.py layers a site's own files over these). The top-level folders stay the
source; nothing is copied into the checkout, and an editable install reads them where they are."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DEFAULTS = ["templates", "data/reference", "node_modules/lunr/lunr.min.js", "node_modules/lunr/LICENSE"]


class BuildWithDefaults(build_py):
    def run(self):
        if not self.editable_mode:
            # build/lib/ outlives a build: a module deleted from generator/ would otherwise stay in the next wheel.
            shutil.rmtree(Path(self.build_lib) / "generator", ignore_errors=True)
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "generator" / "_defaults"
        for rel in DEFAULTS:
            source = HERE / rel
            if not source.exists():
                raise SystemExit(f"setup.py: {rel} is missing (templates/ and data/reference/ are the source of the "
                                 "packaged defaults; run `npm ci` for node_modules/lunr)")
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target / rel, ignore=shutil.ignore_patterns(".*", "__pycache__"))
            else:
                shutil.copyfile(source, target / rel)


setup(cmdclass={"build_py": BuildWithDefaults})
