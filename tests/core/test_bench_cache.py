"""The benches' cached data sets (bench/fixtures.py ``cached_data_dir``) are rebuilt whenever
what they hold could differ: the sizes asked for, the bench's own build code, the panel
answers' parser (the ``smmdesk/api/`` package) — a stale set would measure an old schema."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from bench import fixtures


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv(fixtures.CACHE_ENV, str(root))
    return root


def test_a_set_is_built_again_for_other_sizes_and_reused_for_the_same(cache: Path) -> None:
    built: list[int] = []

    def build(path: Path, orders: int) -> None:
        path.mkdir(parents=True)
        (path / "n").write_text(str(orders))
        built.append(orders)

    first = fixtures.cached_data_dir("sized", build, orders=10)
    assert fixtures.cached_data_dir("sized", build, orders=10) == first
    other = fixtures.cached_data_dir("sized", build, orders=20)
    assert other != first and (other / "n").read_text() == "20"
    assert built == [10, 20]


def test_the_large_set_names_its_sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: dict[str, object] = {}
    monkeypatch.delenv("SMMDESK_BENCH_LARGE_DIR", raising=False)
    monkeypatch.setattr(fixtures, "cached_data_dir",
                        lambda name, build, **kw: asked.update(kw) or Path("x"))
    fixtures.large_data_dir()
    assert asked == {"panels": fixtures.LARGE_PANELS, "services": fixtures.LARGE_SERVICES,
                     "orders": fixtures.LARGE_ORDERS, "days": fixtures.LARGE_DAYS}


def test_the_key_follows_the_build_code_and_the_api_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a bench whose sizes live in its own file (as bench_watch.py's ORDERS)
    bench = tmp_path / "bench_sized.py"
    bench.write_text("ORDERS = 1000\ndef build(path):\n    pass\n")
    key = fixtures._code_key(_module(bench, "bench_sized_a").build)
    bench.write_text("ORDERS = 2000\ndef build(path):\n    pass\n")
    assert fixtures._code_key(_module(bench, "bench_sized_b").build) != key

    # the parser of the panels' answers is a package now (smmdesk/api/)
    root = tmp_path / "root"
    (root / "smmdesk" / "api").mkdir(parents=True)
    answers = root / "smmdesk" / "api" / "answers.py"
    answers.write_text("A = 1\n")
    monkeypatch.setattr(fixtures, "ROOT", root)
    before = fixtures._code_key()
    answers.write_text("A = 2\n")
    assert fixtures._code_key() != before
