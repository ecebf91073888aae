"""Maps the top-level folders onto one import namespace: compiler/ -> recipec.compiler, etc.

pyproject.toml holds all metadata; only the package list is computed here, because setuptools
cannot find sub-packages of a renamed folder from pyproject alone.
"""
from setuptools import find_packages, setup

ROOTS = {"recipec.compiler": "compiler", "recipec.runtime": "runtime", "recipec.stdlib": "stdlib"}

packages = []
for package, folder in ROOTS.items():
    packages.append(package)
    packages += [f"{package}.{sub}" for sub in find_packages(folder)]

setup(packages=packages, package_dir=ROOTS)
