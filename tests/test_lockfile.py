"""The lock files: every dependency pinned with hashes, the same versions for the image and for
CI, and this very environment installed from them (so what CI tested is what is locked).

After changing a dependency in pyproject.toml, run `make lock` (README, "Development").
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)
HINT = "run `make lock` after changing pyproject.toml's dependencies"


def read_lock(name: str) -> dict[str, tuple[str, str | None, int]]:
    """Package -> (version, marker, number of hashes)."""
    pins: dict[str, tuple[str, str | None, int]] = {}
    current = None
    for line in (ROOT / name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match["name"])
            assert current not in pins or pins[current][1], f"{name}: {current} pinned twice"
            pins[current] = (match["version"], match["marker"], 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, marker, hashes = pins[current]
            pins[current] = (version, marker, hashes + 1)
        elif line and not line.startswith((" ", "#")):
            raise AssertionError(f"{name}: not a pinned requirement: {line!r}")
    return pins


def applies(marker: str | None) -> bool:
    return marker is None or Marker(marker).evaluate()


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    return [Requirement(r) for r in wanted]


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", ()), ("requirements-test.lock", ("test",))]
)
def test_every_declared_dependency_is_pinned_with_hashes(lock, extras):
    pins = read_lock(lock)
    assert pins, lock
    for requirement in declared(*extras):
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock}: {HINT}"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, outside {requirement.specifier}: {HINT}"
        )
    unhashed = [name for name, (_v, _m, hashes) in pins.items() if not hashes]
    assert not unhashed, f"pins without hashes in {lock}: {unhashed}"


def test_the_image_and_ci_use_the_same_versions():
    test_pins = read_lock("requirements-test.lock")
    for name, (version, _marker, _h) in read_lock("requirements.lock").items():
        assert test_pins[name][0] == version, f"{name}: {HINT}"


def test_this_environment_was_installed_from_the_lock():
    wrong = {}
    for name, (version, marker, _h) in read_lock("requirements-test.lock").items():
        if not applies(marker):
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong[name] = (version, None)
            continue
        if canonicalize_name(installed) != canonicalize_name(version):
            wrong[name] = (version, installed)
    assert not wrong, f"locked vs installed: {wrong} (make install installs the lock)"
