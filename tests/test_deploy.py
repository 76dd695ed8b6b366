"""The container files stay in step with what they run: the image installs with the README's own
command (the Makefile rule `make test` builds on, so CI exercises it), every worker in
compose.yaml is behind the proxy on the ports its settings name, and every setting the compose
file gives the workers is one Hearback reads and .env.example documents."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_the_image_installs_with_the_readmes_command_which_make_test_builds_on() -> None:
    runs = re.findall(r"^RUN (.+(?:\\\n.+)*)", _read("Dockerfile"), re.MULTILINE)
    assert "make install" in [r.strip() for r in runs]
    makefile = _read("Makefile")
    assert re.search(r"^install: \$\(STAMP\)$", makefile, re.MULTILINE)
    assert re.search(r"^test: \$\(STAMP\)$", makefile, re.MULTILINE)
    assert "make install" in _read("docs/scale.md")
    assert "make install" in _read("README.md")


def _worker_services(compose: str) -> list[str]:
    return re.findall(r"^  (worker-\d+):$", compose, re.MULTILINE)


def _environment(compose: str) -> dict[str, str]:
    block = compose.split("  environment:\n", 1)[1].split("\n  depends_on:", 1)[0]
    return dict(re.findall(r"^    ([A-Z_]+): \"?([^\"\n]*)\"?$", block, re.MULTILINE))


def test_every_worker_is_behind_the_proxy_on_the_ports_its_settings_name() -> None:
    compose, nginx = _read("compose.yaml"), _read("deploy/nginx.conf")
    env = _environment(compose)
    workers = _worker_services(compose)
    assert len(workers) >= 2
    for upstream, port in (("slack_http", env["SLACK_HTTP_PORT"]),
                           ("telegram_webhook", env["TELEGRAM_WEBHOOK_PORT"])):
        body = nginx.split(f"upstream {upstream} {{", 1)[1].split("}", 1)[0]
        assert sorted(re.findall(r"server ([\w-]+):(\d+)", body)) == \
            sorted((w, port) for w in workers)
    assert env["SLACK_HTTP_HOST"] == "0.0.0.0"  # reachable from the proxy's container


def test_the_workers_settings_are_read_by_hearback_and_documented() -> None:
    env = _environment(_read("compose.yaml"))
    config = _read("bot/config.py")
    example = _read(".env.example")
    assert env["HEARBACK_DATABASE_URL"].startswith("postgresql://")
    for name in env:
        assert f'"{name}"' in config, name
        assert re.search(rf"^{name}=", example, re.MULTILINE), name
    for name in re.findall(r"\$\{(\w+)", _read("compose.yaml")):
        assert re.search(rf"^{name}=", example, re.MULTILINE), name
