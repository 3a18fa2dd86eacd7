"""Settings declared once: create_app, `vankien serve`, the README and request parameters agree with them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from vankien.graph import __version__, formats
from vankien.web.app import create_app
from vankien.web.cli import main
from vankien.web.settings import SETTING, SETTINGS

ROOT = Path(__file__).resolve().parent.parent


def _readme_rows() -> dict[str, list[str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Deployment", 1)[1]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"[A-Z_]+", cells[2]):
            rows[cells[2]] = cells
    return rows


def test_every_setting_is_in_the_readme_table_with_its_option_environment_and_default():
    rows = _readme_rows()
    assert set(rows) == {s.name for s in SETTINGS}
    for setting in SETTINGS:
        option, env, _, default, _ = rows[setting.name]
        assert env == setting.env and option == (setting.option or "—")
        if setting.default is not None:
            assert default.split("`")[0].strip() == str(setting.default)


def test_every_option_setting_is_in_serve_help_with_its_default_and_environment():
    shown = " ".join(CliRunner().invoke(main, ["serve", "--help"]).output.split())
    for setting in SETTINGS:
        if setting.option is None:
            continue
        start = re.search(rf" {re.escape(setting.option)} [A-Z]", shown).start()  # the option, not a mention
        entry = shown[start:shown.index("]", start)]
        if setting.default is None:  # no default to show: the help says what happens without one
            assert f"env var: {setting.env}" in entry and "default:" in setting.help
        else:
            assert f"env var: {setting.env};" in entry and f"default: {setting.default}" in entry


def test_create_app_takes_defaults_then_environment_then_keywords(tmp_path, monkeypatch):
    monkeypatch.delenv("VANKIEN_SPARQL_ROW_CAP", raising=False)
    assert create_app(tmp_path).config["SPARQL_ROW_CAP"] == SETTING["SPARQL_ROW_CAP"].default
    monkeypatch.setenv("VANKIEN_SPARQL_ROW_CAP", "25")
    monkeypatch.setenv("VANKIEN_SPARQL_TIMEOUT", "2.5")
    app = create_app(tmp_path, SPARQL_ROW_CAP=7)
    assert app.config["SPARQL_ROW_CAP"] == 7 and app.config["SPARQL_TIMEOUT"] == 2.5
    assert app.config["DATA_DIR"] == str(tmp_path)


def test_data_folder_comes_from_the_environment_when_not_given(tmp_path, monkeypatch):
    monkeypatch.setenv("VANKIEN_DATA", str(tmp_path / "elsewhere"))
    assert create_app().config["DATA_DIR"] == str(tmp_path / "elsewhere")


@pytest.mark.parametrize("source", ["environment", "keyword"])
def test_a_bad_setting_is_refused_naming_it(tmp_path, monkeypatch, source):
    if source == "environment":
        monkeypatch.setenv("VANKIEN_SPARQL_MAX_QUERIES", "lots")
        with pytest.raises(ValueError, match="VANKIEN_SPARQL_MAX_QUERIES: "):
            create_app(tmp_path)
    else:
        with pytest.raises(ValueError, match="SPARQL_MAX_QUERIES: "):
            create_app(tmp_path, SPARQL_MAX_QUERIES=0)


def test_serve_passes_every_setting_to_the_application(tmp_path, monkeypatch):
    import vankien.web.serve

    seen = {}
    monkeypatch.setattr(vankien.web.serve, "serve", lambda data_dir, **kwargs: seen.update(kwargs, data_dir=data_dir))
    monkeypatch.setattr("vankien.search.sync.needs_catch_up", lambda data_dir: False)
    (tmp_path / "oxigraph").mkdir()
    monkeypatch.setenv("VANKIEN_SPARQL_SLOW_AFTER", "0.5")
    result = CliRunner().invoke(main, ["serve", "--data", str(tmp_path), "--row-cap", "12", "--port", "8123"])
    assert result.exit_code == 0, result.output
    config = seen["app_config"]
    assert config["SPARQL_ROW_CAP"] == 12 and config["SPARQL_SLOW_AFTER"] == 0.5 and seen["port"] == 8123
    assert {s.name for s in SETTINGS if s.option} <= set(config) and seen["data_dir"] == str(tmp_path)


@pytest.mark.parametrize("url,message", [
    ("/search.json?q=x&page=0", "page: must be a whole number from 1 to 10000"),
    ("/search.json?q=x&limit=abc", "limit: must be a whole number from 1 to 100"),
    ("/browse.json?kind=robots", "kind: must be one of"),
    ("/search.json?q=x&sort=random", "sort: must be one of relevance, date"),
])
def test_bad_request_parameters_say_which_and_why(tmp_path, url, message):
    response = create_app(tmp_path, TESTING=True).test_client().get(url)
    assert response.status_code == 400 and response.get_json()["error"].startswith(message)


def test_one_table_of_formats_serves_exports_and_entity_twins():
    from vankien.web.render import RENDERERS
    from vankien.web.views.export import EXPORTS

    # every RDF format of the table, and N3 written as the Turtle it includes
    assert {ext: f.media_type for ext, f in EXPORTS.items()} == {f.extension: f.media_type
                                                                 for f in formats.RDF.values()} | {"n3": "text/n3"}
    assert EXPORTS["n3"].oxigraph == formats.RDF["turtle"].oxigraph
    assert all(RENDERERS[formats.RDF[name].extension].media_type == formats.RDF[name].media_type
               for name in formats.GRAPH_NAMES)


def test_the_query_library_defaults_are_the_served_ones():
    """Direct callers of graph.sparql (below the web layer, which cannot import it) get the same limits."""
    from vankien.graph import sparql

    assert sparql.DEFAULT_TIMEOUT == SETTING["SPARQL_TIMEOUT"].default
    assert sparql.DEFAULT_MEMORY_MB == SETTING["SPARQL_MEMORY_MB"].default


def test_the_version_is_declared_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert CliRunner().invoke(main, ["--version"]).output.strip().endswith(__version__)
