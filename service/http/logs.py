"""Every line the service writes is one JSON object on stderr, rendered by structlog.

Litestar's structlog plugin configures structlog and the standard library's
logging together (`structlog_plugin`); the worker and the uvicorn supervisor,
which have no Litestar app, apply the same configuration (`configure_logging`).
Two kinds of line go through one formatter:

- the service's own, from `structlog.get_logger(...)` (the access line), and
- the standard library's: uvicorn's, the jobs', the cache's, libraries' warnings.

Each line has `timestamp` (RFC 3339, UTC), `level`, `logger` and `event`, plus
`request_id` whenever it was written while a request was being handled: the
access middleware binds it in structlog's context variables for the request's
whole life. The libraries that could log a request's body or headers at DEBUG
(openai, httpx, httpcore) are held at WARNING whatever the level, and instructor,
whose errors quote the model's answer, at CRITICAL: no line holds article text.
"""

from __future__ import annotations

from typing import Any

import structlog
from litestar.logging.config import LoggingConfig, StructlogEventFilter, StructLoggingConfig
from litestar.plugins.structlog import StructlogConfig, StructlogPlugin
from structlog.typing import EventDict, Processor

from service.settings import LogLevel

# Their DEBUG lines carry request bodies (the article) or headers (keys).
_QUIET_LIBRARIES = ("openai", "httpx", "httpcore")
# Its ERROR lines quote the model's invalid answer (pydantic's input_value), and so the
# article the model copied: it is heard only at CRITICAL. The service logs every failed
# answer itself (service.errors, a warning per sentence) without the text.
_SILENCED_LIBRARIES = ("instructor",)
_LEADING = ("timestamp", "level", "logger", "event", "request_id")
_UVICORN = ("uvicorn", "uvicorn.error", "uvicorn.asgi")


def _context() -> list[Processor]:
    """What every line gets before rendering: request id, level, logger, time."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def _standard_keys_first(_: Any, __: str, event: EventDict) -> EventDict:
    """timestamp, level, logger and event lead every line, whatever else it carries."""
    ordered: EventDict = {key: event[key] for key in _LEADING if key in event}
    ordered.update(event)
    return ordered


def json_formatter() -> structlog.stdlib.ProcessorFormatter:
    """The formatter of the one handler: a standard-library record or a structlog event -> JSON."""
    return structlog.stdlib.ProcessorFormatter(
        # uvicorn adds a copy of its message with terminal colours: not for a JSON line.
        foreign_pre_chain=[
            *_context(),
            structlog.stdlib.ExtraAdder(),
            StructlogEventFilter(["color_message"]),
        ],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _standard_keys_first,
            structlog.processors.JSONRenderer(default=str),
        ],
    )


def _standard_library(level: LogLevel) -> LoggingConfig:
    """Root -> one stderr handler with the JSON formatter; uvicorn and Litestar propagate to it."""
    quiet = "WARNING" if level in ("DEBUG", "INFO") else level
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    loggers: dict[str, dict[str, Any]] = {
        "litestar": {"level": level, "handlers": [], "propagate": True},
        **{name: {"level": level, "handlers": [], "propagate": True} for name in _UVICORN},
        **{name: {"level": quiet, "handlers": [], "propagate": True} for name in _QUIET_LIBRARIES},
        **{
            name: {"level": "CRITICAL", "handlers": [], "propagate": True}
            for name in _SILENCED_LIBRARIES
        },
        # The access middleware writes the one access line, with the model's work.
        "uvicorn.access": {"handlers": [], "propagate": False},
    }
    return LoggingConfig(
        formatters={"json": {"()": json_formatter}},
        # Written where the line is logged, so the request's context is still there;
        # Litestar's default queue_listener would start a thread per configuration.
        handlers={"console": handler, "queue_listener": handler},
        root={"handlers": ["console"], "level": level},
        loggers=loggers,
        disable_existing_loggers=False,
    )


def logging_config(level: LogLevel) -> StructLoggingConfig:
    """structlog renders through the standard library's handler, so both share one format."""
    return StructLoggingConfig(
        processors=[
            structlog.stdlib.filter_by_level,
            *_context(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        standard_lib_logging_config=_standard_library(level),
        pretty_print_tty=False,
    )


def structlog_plugin(level: LogLevel) -> StructlogPlugin:
    """Litestar's structlog plugin with this configuration and without its request logging.

    Its logging middleware would log request bodies (the article) and a second line
    per request; the access middleware writes the one line, with the model's work.
    """
    return StructlogPlugin(
        StructlogConfig(
            structlog_logging_config=logging_config(level), enable_middleware_logging=False
        )
    )


def configure_logging(level: LogLevel = "INFO") -> None:
    """The same configuration where no Litestar app is built (worker, uvicorn's supervisor)."""
    config = logging_config(level)
    config.configure()
    if config.standard_lib_logging_config is not None:
        config.standard_lib_logging_config.configure()
