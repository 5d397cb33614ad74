"""The release workflow (.github/workflows/release.yml) cannot run here; this keeps it honest:
a tag push builds build.spec on the three systems, self-checks each bundle, and attaches the
archives to the release."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def test_release_workflow_builds_checks_and_publishes_on_three_systems() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "\t" not in text  # YAML forbids tabs
    assert 'tags: ["v*"]' in text
    for runner in ("ubuntu-latest", "windows-latest", "macos-latest"):
        assert f"os: {runner}" in text
    assert "PyInstaller --noconfirm --clean build.spec" in text
    assert "--require-hashes --no-deps -r requirements-lock.txt" in text  # as make dist
    assert '--self-check --data-dir "$RUNNER_TEMP/selfcheck"' in text
    assert "QT_QPA_PLATFORM: offscreen" in text
    assert "softprops/action-gh-release@v2" in text and "contents: write" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ".github/workflows/release.yml" in readme
