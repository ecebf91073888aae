"""Maps the top-level folders onto one import namespace: compiler/ -> recipec.compiler, etc.

pyproject.toml holds all metadata; only the package list is computed here, because setuptools
cannot find sub-packages of a renamed folder from pyproject alone.
"""
from setuptools import find_namespace_packages, setup

ROOTS = {"recipec.compiler": "compiler", "recipec.runtime": "runtime", "recipec.stdlib": "stdlib"}

packages = []
for package, folder in ROOTS.items():
    packages.append(package)
    # Namespace discovery also lists data-only folders (templates, grammars), so that their
    # files ship as package data.
    packages += [f"{package}.{sub}" for sub in find_namespace_packages(folder)
                 if "__pycache__" not in sub and not sub.startswith(("data", "tests"))]

setup(packages=packages, package_dir=ROOTS)
