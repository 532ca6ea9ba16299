"""The GitHub Actions workflow: valid, audited by zizmor, least privilege, pinned actions,
tests and a preview for pull requests, deployment only from main. All offline."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
SITE_INPUTS = (
    "corpus/**",
    "docs_templates/**",
    "src/**",
    "mkdocs.yml",
    "mkdocs.tr.yml",
    "overrides/**",
    "pyproject.toml",
)
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
VERSION_COMMENT = re.compile(r"^\s+# v\d+\.\d+\.\d+$")


def _workflow(text: str | None = None) -> dict:
    return yaml.safe_load(text if text is not None else WORKFLOW.read_text(encoding="utf-8"))


def _triggers(workflow: dict) -> dict:
    return workflow[True]  # YAML 1.1 reads the key "on" as True


def _steps(workflow: dict) -> list[tuple[str, dict]]:
    return [(job, step) for job, spec in workflow["jobs"].items() for step in spec["steps"]]


def _step(workflow: dict, action: str) -> dict:
    found = [step for _, step in _steps(workflow) if step.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"{action}: {len(found)} steps use it"
    return found[0]


def _zizmor(path: Path) -> tuple[int, list[dict], str]:
    """zizmor's regular audit of ``path``, offline, with no config or ignore comments."""
    zizmor = shutil.which("zizmor", path=sysconfig.get_path("scripts")) or shutil.which("zizmor")
    assert zizmor, "zizmor is not installed: pip install -e '.[test]'"
    result = subprocess.run(
        [zizmor, "--offline", "--no-config", "--no-ignores", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    findings = json.loads(result.stdout) if result.stdout.strip() else []
    return result.returncode, findings, result.stderr


# A GitHub Actions `if:` as this workflow writes them: comparisons of github.* with quoted
# strings, joined by && alone or by || alone. Anything else fails the tests below.
_COMPARISON = re.compile(r"^github\.(\w+)\s*(==|!=)\s*'([^']*)'$")


def _runs(condition: str | None, github: dict[str, str]) -> bool:
    if condition is None:
        return True
    condition = condition.strip().removeprefix("${{").removesuffix("}}").strip()
    if "&&" in condition and "||" in condition:
        raise AssertionError(f"mixed && and ||: {condition}")
    joiner, combine = ("||", any) if "||" in condition else ("&&", all)
    results = []
    for part in condition.split(joiner):
        match = _COMPARISON.match(part.strip())
        assert match, f"condition not understood by this test: {part!r}"
        name, operator, value = match.groups()
        results.append((github[name] == value) == (operator == "=="))
    return combine(results)


EVENTS = {
    "pull request": {"event_name": "pull_request", "ref": "refs/pull/7/merge"},
    "push to main": {"event_name": "push", "ref": "refs/heads/main"},
    "manual run on main": {"event_name": "workflow_dispatch", "ref": "refs/heads/main"},
    "manual run on a branch": {"event_name": "workflow_dispatch", "ref": "refs/heads/try"},
}


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


def test_zizmor_finds_nothing_in_the_workflow():
    status, findings, stderr = _zizmor(WORKFLOW)
    summary = [(f["ident"], f["locations"][0]["concrete"]["feature"]) for f in findings]
    assert findings == [], summary
    assert status == 0, stderr


def test_zizmor_still_reports_a_moving_tag_and_persisted_credentials(tmp_path):
    """The audit above really audits: the same workflow made worse is reported."""
    text = WORKFLOW.read_text(encoding="utf-8")
    checkout = _step(_workflow(), "actions/checkout")["uses"]
    worse = re.sub(r"\n\s*with:\n\s*persist-credentials: false", "", text, count=1)
    worse = worse.replace(checkout, "actions/checkout@v7")
    assert worse.count("actions/checkout@v7") == 1 and "persist-credentials" not in worse
    (tmp_path / "site.yml").write_text(worse, encoding="utf-8")
    status, findings, _ = _zizmor(tmp_path / "site.yml")
    assert status != 0
    assert {f["ident"] for f in findings} == {"unpinned-uses", "artipacked"}


def test_only_the_deploy_job_may_write():
    workflow = _workflow()
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    for name, job in jobs.items():
        assert isinstance(job.get("permissions"), dict), f"{name} must list its permissions"
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        if name == "deploy":
            assert job["permissions"] == {"pages": "write", "id-token": "write"}
        else:
            assert not writes, f"{name} writes {writes}"
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment():
    lines = [m for m in map(USES_LINE.match, WORKFLOW.read_text("utf-8").splitlines()) if m]
    uses = [step["uses"] for _, step in _steps(_workflow()) if "uses" in step]
    assert [m["ref"] for m in lines] == uses and len(uses) >= 6
    for match in lines:
        assert PINNED.match(match["ref"]), f"not pinned to a full commit hash: {match['ref']}"
        assert VERSION_COMMENT.match(match["rest"]), f"no '# vX.Y.Z' after {match['ref']}"
    hashes: dict[str, set[str]] = {}
    for ref in uses:
        action, commit = ref.split("@")
        hashes.setdefault(action, set()).add(commit)
    assert all(len(commits) == 1 for commits in hashes.values()), hashes


def test_checkout_leaves_no_credentials_behind():
    workflow = _workflow()
    checkouts = [s for _, s in _steps(workflow) if s.get("uses", "").startswith("actions/checkout")]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False


def test_pushes_and_pull_requests_on_site_inputs_run_the_workflow():
    triggers = _triggers(_workflow())
    assert set(triggers) == {"push", "pull_request", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]
    for event in ("push", "pull_request"):
        for needed in (*SITE_INPUTS, "tests/**", ".github/workflows/site.yml"):
            assert needed in triggers[event]["paths"], f"{event} misses {needed}"


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_only_main_deploys_and_everything_else_gets_a_preview(event):
    workflow = _workflow()
    github = EVENTS[event]
    deploying = github["ref"] == "refs/heads/main" and github["event_name"] != "pull_request"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert _runs(deploy.get("if"), github) is deploying
    assert _runs(_step(workflow, "actions/configure-pages").get("if"), github) is deploying
    assert _runs(_step(workflow, "actions/upload-pages-artifact").get("if"), github) is deploying
    preview = _step(workflow, "actions/upload-artifact")
    assert _runs(preview.get("if"), github) is not deploying
    site_dir = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_dir"]
    assert (
        preview["with"]["path"]
        == _step(workflow, "actions/upload-pages-artifact")["with"]["path"]
        == site_dir
    )


def test_pages_steps_live_in_the_right_jobs():
    workflow = _workflow()
    where = {step["uses"].split("@")[0]: job for job, step in _steps(workflow) if "uses" in step}
    assert where["actions/deploy-pages"] == "deploy"
    assert where["actions/upload-pages-artifact"] == "build"
    assert [s["uses"].split("@")[0] for s in workflow["jobs"]["deploy"]["steps"]] == [
        "actions/deploy-pages"
    ], "the job holding write permissions runs no code from the repository"
    assert "pull_request_target" not in _triggers(workflow)


def test_the_build_tests_in_the_runners_chrome_and_caches_pip_on_pyproject():
    workflow = _workflow()
    python = _step(workflow, "actions/setup-python")["with"]
    assert python["cache"] == "pip" and python["cache-dependency-path"] == "pyproject.toml"
    runs = {step["name"]: step for _, step in _steps(workflow) if "run" in step}
    test = next(step for name, step in runs.items() if name.startswith("Test"))
    assert "make test" in test["run"]
    # Ubuntu's chromium package is a snap shim; the image's Google Chrome is used instead.
    assert test["env"]["CHROME_BIN"] == "/usr/bin/google-chrome"
    assert 'CHROMEDRIVER_BIN="$CHROMEWEBDRIVER/chromedriver"' in test["run"]
    assert not any("apt-get" in step["run"] for step in runs.values())


def test_the_build_takes_site_url_from_pages_and_mkdocs_reads_it(monkeypatch):
    workflow = _workflow()
    build = next(step for _, step in _steps(workflow) if "make site" in step.get("run", ""))
    assert build["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert 'export SITE_URL="$PAGES_URL"' in build["run"]
    assert _step(workflow, "actions/configure-pages")["id"] == "pages"

    from mkdocs.config import load_config

    monkeypatch.setenv("SITE_URL", "https://octo.github.io/natokorea-kb")
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config["site_url"] == "https://octo.github.io/natokorea-kb/"


def test_site_url_defaults_to_the_address_make_serve_prints(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    site_url = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    assert site_url == "http://127.0.0.1:8000/"
    address = urlsplit(site_url).netloc
    assert f"--dev-addr {address}" in (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`make serve` previews the site on <http://{address}>" in readme


def test_readme_says_what_runs_when_and_how_a_fork_enables_pages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Continuous integration and publishing\n", 1)[1].split("\n## ")[0]
    for said in (
        "| push to `main` |",
        "| pull request |",
        "| manual run",
        "Never deploys",
        "site-preview",
        "**Enabling Pages for a fork**",
        '"GitHub Actions"',
        "CHROME_BIN",
        "CHROMEDRIVER_BIN",
        "zizmor --offline",
    ):
        assert said in section, f"the README's CI section should say {said!r}"
