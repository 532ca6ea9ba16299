"""The GitHub Actions workflow is valid and rebuilds on the inputs that matter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[1] / ".github" / "workflows" / "site.yml"


def test_workflow_matches_the_github_schema_offline():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_triggers_on_site_inputs_and_deploys_pages():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    paths = workflow[True]["push"]["paths"]  # YAML 1.1 reads the key "on" as True
    for needed in ("corpus/**", "docs_templates/**", "src/**", "mkdocs.yml", "pyproject.toml"):
        assert needed in paths
    steps = workflow["jobs"]["deploy"]["steps"]
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in steps)
