"""The web service's settings, each declared once: name, default, type, help, environment variable, option.

:func:`web.app.create_app` starts from the defaults, then the environment
(``VANKIEN_…``), then its keyword arguments; ``vankien serve`` has one option
per setting, generated from :data:`SETTINGS` (``serve --help`` shows each
default), and passes them all to the application. The README's "Deployment"
table lists them. A value is checked by its type wherever it comes from: a bad
one is a :class:`ValueError` naming the setting.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import click

from vankien.graph import BASE_IRI_ENV, DEFAULT_BASE_IRI


@dataclass(frozen=True)
class Setting:
    """One knob: app config ``name``, its ``default``, a click ``type`` that checks a value, ``help``,
    the environment variable ``env`` and the ``vankien serve`` ``option`` (None: not an option)."""

    name: str
    default: object
    type: click.ParamType
    help: str
    env: str
    option: str | None

    def convert(self, value, source: str | None = None):
        """``value`` checked (and converted from text); ValueError ``"NAME: reason"`` when it does not fit."""
        if value is None:
            return None
        try:
            return self.type.convert(value, None, None)
        except click.BadParameter as error:
            raise ValueError(f"{source or self.name}: {error.message}") from None


def _setting(name: str, default, type_, help_: str, option: str | None, env: str | None = None) -> Setting:
    return Setting(name, default, type_, help_, env or f"VANKIEN_{name}", option)


SETTINGS: tuple[Setting, ...] = (
    _setting("DATA_DIR", "data", click.Path(file_okay=False, path_type=str),
             "Folder of the store and the search index.", "--data", env="VANKIEN_DATA"),
    _setting("STORE", None, click.STRING,
             "Query endpoint of a SPARQL 1.1 server holding the store (default: the embedded store in DATA; "
             "a data folder written through a server remembers it).", "--store", env="VANKIEN_STORE"),
    _setting("BASE_IRI", DEFAULT_BASE_IRI, click.STRING,
             "Base of the entities' IRIs; an IRI under it is served at its path.", "--base-iri", env=BASE_IRI_ENV),
    _setting("HOST", "127.0.0.1", click.STRING, "Address to listen on.", "--host"),
    _setting("PORT", 5000, click.IntRange(0, 65535), "Port to listen on.", "--port"),
    _setting("WORKERS", 2, click.IntRange(1, 64), "Worker processes (one per core).", "--workers"),
    _setting("THREADS", 8, click.IntRange(1, 256),
             "Threads per worker (requests waiting on SPARQL, downloads or slow clients).", "--threads"),
    _setting("MAX_CONTENT_LENGTH", 1 << 20, click.IntRange(1024, 1 << 30),
             "Largest request body in bytes (beyond: 413).", "--max-request-bytes",
             env="VANKIEN_MAX_REQUEST_BYTES"),
    _setting("SPARQL_TIMEOUT", 10.0, click.FloatRange(0.1, 3600), "Seconds a SPARQL query may run (beyond: 503).",
             "--query-timeout"),
    _setting("SPARQL_MEMORY_MB", 384, click.IntRange(64, 1 << 20),
             "MiB of memory one SPARQL query may allocate, beyond what its query process holds (beyond: 503).",
             "--query-memory"),
    _setting("SPARQL_ROW_CAP", 10_000, click.IntRange(0, 10_000_000),
             "SELECT rows a SPARQL answer holds at most (a cut answer says so).", "--row-cap"),
    _setting("SPARQL_MAX_QUERIES", 6, click.IntRange(1, 256),
             "SPARQL queries running at once, all workers together (beyond: wait, then 503).", "--max-queries"),
    _setting("SPARQL_MAX_LONG", 2, click.IntRange(0, 256),
             "Of those, queries past --slow-after seconds of CPU (another long one is stopped: 503).",
             "--max-long-queries"),
    _setting("SPARQL_SLOW_AFTER", 1.0, click.FloatRange(0.01, 3600),
             "Seconds of CPU after which a query is a long one (it goes on at the lowest priority).", "--slow-after"),
    _setting("SPARQL_QUEUE_WAIT", 2.0, click.FloatRange(0, 60),
             "Seconds a query waits for a free slot before a 503 with Retry-After.", "--queue-wait"),
    _setting("SPARQL_RUN_DIR", None, click.Path(file_okay=False, path_type=str),
             "Folder of the query slots shared by the workers, and by several servers given the same folder "
             "(default: a new temporary folder per run, removed at the end).", "--run-dir"),
)
SETTING: dict[str, Setting] = {s.name: s for s in SETTINGS}


# Settings a command passes on through the environment rather than as an argument: the store reads
# VANKIEN_STORE wherever it is opened (web workers, query and index processes alike).
EXPORTED = frozenset({"STORE"})


def _export(context: click.Context, parameter: click.Parameter, value) -> None:
    """Put an exported setting's value in the environment, checked first."""
    if not value:
        return
    setting = SETTING[parameter.name.upper()]
    try:
        export(setting.name, value)
    except ValueError as error:
        raise click.BadParameter(str(error).split(": ", 1)[-1], context, parameter) from None


def export(name: str, value) -> None:
    """Put the value of an exported setting (:data:`EXPORTED`) in the environment; ValueError if it is bad."""
    if name == "STORE":
        from vankien.graph.remote import location
        from vankien.graph.store_errors import StoreError

        try:
            location(str(value))
        except StoreError as error:
            raise ValueError(f"STORE: {error}") from None
    os.environ[SETTING[name].env] = str(value)


def defaults() -> dict:
    """Every setting's default."""
    return {s.name: s.default for s in SETTINGS}


def resolve(overrides: Mapping | None = None, environ: Mapping[str, str] | None = None) -> dict:
    """Every setting's value: its default, else the environment's, else the one in ``overrides`` (checked)."""
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    values = {}
    for setting in SETTINGS:
        if overrides.get(setting.name) is not None:
            values[setting.name] = setting.convert(overrides[setting.name])
        elif environ.get(setting.env):
            values[setting.name] = setting.convert(environ[setting.env], setting.env)
        else:
            values[setting.name] = setting.default
    return values


def click_options(names=None, renamed: Mapping[str, str] | None = None):
    """A decorator adding one option per setting (every ``vankien serve`` option, or those ``names``), each
    showing its default and environment variable; the parameter is the setting's name in lower case.
    ``renamed`` gives another command its own option name for a setting."""
    chosen = [SETTING[n] for n in names] if names else [s for s in SETTINGS if s.option]
    renamed = renamed or {}

    def decorate(command):
        for setting in reversed(chosen):
            option = renamed.get(setting.name, setting.option)
            extra = {}
            if setting.name in EXPORTED:  # read from the environment by the store itself, in every process
                extra = {"expose_value": False, "is_eager": True, "callback": _export}
            command = click.option(option, setting.name.lower(), type=setting.type, default=setting.default,
                                   envvar=setting.env, show_envvar=True,
                                   show_default=setting.default is not None, help=setting.help, **extra)(command)
        return command

    return decorate
