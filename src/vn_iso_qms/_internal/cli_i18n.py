"""One language per run of `vn-iso-qms`: Vietnamese by default, English on request.

The language of a run is `--lang` wherever it appears on the command line, else the
`VN_ISO_QMS_LANG` environment variable (`vi` or `en`), else Vietnamese: the people who run the
analyst's commands are officers of a Sở KH&CN and of the agencies, and the operating system's
locale says little about them (servers run `C.UTF-8` or `en_US`, Vietnamese Windows reports no
POSIX locale at all). It is decided before the command line is parsed, so that the parser's own
messages (a missing option, a wrong value) come in the same language as the command's results.

Everything the user reads follows it:

- the help texts of commands and options: `bilingual(en, vi)` registers the Vietnamese text of
  an English help string where it is written; `COMMANDS_VI` holds the Vietnamese description of
  each command by name. Help that is already written in Vietnamese (a command added in its own
  module) is shown as written.
- the chrome of typer and click: "Usage:", "Try … for help.", the "Error", "Options",
  "Arguments" and "Commands" panels, "[default: …]", "[required]", "Show this message and exit."
  and the parser's error messages ("Invalid value for …", "Missing option …", "No such
  option …", "Got unexpected extra argument(s)"). `install()` applies to the whole typer app, so
  a command added later gets the same frame without any work.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from vn_iso_qms._internal.vocab_base import Language

LANG_ENV = "VN_ISO_QMS_LANG"
"""Environment variable naming the default language of the command line (`vi` or `en`)."""
DEFAULT_LANG: Language = "vi"

_current: list[Language] = [DEFAULT_LANG]

HELP_VI: dict[str, str] = {}
"""The Vietnamese text of each English help string (whitespace-normalised), from `bilingual`."""

COMMANDS_VI: dict[str, str] = {}
"""The Vietnamese description of each command, by command name (set by the command module)."""

_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")


def _key(text: str) -> str:
    return " ".join(text.split())


def bilingual(en: str, vi: str) -> str:
    """Register `vi` as the Vietnamese of the help text `en`; return `en` (typer's argument)."""
    HELP_VI[_key(en)] = vi
    return en


def is_vietnamese(text: str) -> bool:
    """Whether `text` is written in Vietnamese (it has a letter only Vietnamese uses)."""
    return bool(_VI_LETTERS.search(text))


def help_text(text: str | None, lang: Language | None = None) -> str | None:
    """`text` in the run's language: its registered Vietnamese, or `text` itself."""
    if text is None or (lang or _current[0]) == "en":
        return text
    return HELP_VI.get(_key(text), text)


def language_of(args: Sequence[str], environ: dict[str, str] | None = None) -> Language:
    """The run's language: `--lang` in `args` (before `--`), else `VN_ISO_QMS_LANG`, else vi."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in ("vi", "en"):
            return "vi" if value == "vi" else "en"
    env = (environ if environ is not None else os.environ).get(LANG_ENV, "").strip().lower()
    return "en" if env.startswith("en") else DEFAULT_LANG


def current() -> Language:
    """The language of the run in progress."""
    return _current[0]


# --- typer and click's own words ----------------------------------------------------------------

CHROME: dict[str, tuple[str, str]] = {
    "ARGUMENTS_PANEL_TITLE": ("Arguments", "Đối số"),
    "OPTIONS_PANEL_TITLE": ("Options", "Tùy chọn"),
    "COMMANDS_PANEL_TITLE": ("Commands", "Lệnh"),
    "ERRORS_PANEL_TITLE": ("Error", "Lỗi"),
    "ABORTED_TEXT": ("Aborted.", "Đã dừng."),
    "RICH_HELP": (
        "Try [blue]'{command_path} {help_option}'[/] for help.",
        "Xem hướng dẫn: [blue]'{command_path} {help_option}'[/]",
    ),
    "DEFAULT_STRING": ("[default: {}]", "[mặc định: {}]"),
    "REQUIRED_LONG_STRING": ("[required]", "[bắt buộc]"),
    "ENVVAR_STRING": ("[env var: {}]", "[biến môi trường: {}]"),
    "DEPRECATED_STRING": ("(deprecated) ", "(không dùng nữa) "),
}
"""typer.rich_utils's words, in English and Vietnamese."""

USAGE_PREFIX: dict[Language, str] = {"en": "Usage: ", "vi": "Cách dùng: "}
USAGE_WORDS_VI = (("[OPTIONS]", "[TÙY_CHỌN]"), ("COMMAND [ARGS]...", "LỆNH [ĐỐI_SỐ]..."))
HELP_OPTION: tuple[str, str] = ("Show this message and exit.", "Hiện hướng dẫn này rồi thoát.")

_TYPES_VI = {
    "integer": "số nguyên",
    "int": "số nguyên",
    "float": "số",
    "number": "số",
    "boolean": "đúng/sai",
    "bool": "đúng/sai",
    "str": "chuỗi ký tự",
    "Path": "đường dẫn",
}

_MESSAGES_VI: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"^Invalid value for (?P<hint>.+?): (?P<rest>.*)$", re.S),
        r"Giá trị không hợp lệ cho \g<hint>: \g<rest>",
    ),
    (re.compile(r"^Invalid value: (?P<rest>.*)$", re.S), r"Giá trị không hợp lệ: \g<rest>"),
    (
        re.compile(r"^Missing option (?P<name>.+?)\.(?P<rest>.*)$", re.S),
        r"Thiếu tùy chọn \g<name>.\g<rest>",
    ),
    (
        re.compile(r"^Missing argument (?P<name>.+?)\.(?P<rest>.*)$", re.S),
        r"Thiếu đối số \g<name>.\g<rest>",
    ),
    (re.compile(r"^Missing parameter: (?P<name>.*)$", re.S), r"Thiếu tham số: \g<name>"),
    (re.compile(r"^Missing command\.$"), "Thiếu lệnh."),
    (re.compile(r"^No such option: (?P<rest>.*)$", re.S), r"Không có tùy chọn \g<rest>"),
    (re.compile(r"^No such command (?P<rest>.*)$", re.S), r"Không có lệnh \g<rest>"),
    (
        re.compile(r"^Got unexpected extra arguments? \((?P<rest>.*)\)$", re.S),
        r"Thừa đối số (\g<rest>)",
    ),
    (
        re.compile(r"^Option (?P<name>'[^']*') requires (?P<rest>.*)$", re.S),
        r"Tùy chọn \g<name> cần \g<rest>",
    ),
    (
        re.compile(r"^Option (?P<name>'[^']*') does not take a value\.$"),
        r"Tùy chọn \g<name> không nhận giá trị.",
    ),
    (
        re.compile(r"^Argument (?P<name>'[^']*') takes (?P<n>\d+) values\.$"),
        r"Đối số \g<name> cần \g<n> giá trị.",
    ),
)
"""Click's error messages and their Vietnamese; applied to the start of a message."""

_INNER_VI: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"\. Did you mean (?P<what>.+?)\?"), r". Có phải ý bạn là \g<what>?"),
    (re.compile(r"\(Possible options: (?P<what>.+?)\)"), r"(các tùy chọn gần giống: \g<what>)"),
    (re.compile(r"requires an argument\."), "cần một giá trị."),
    (
        re.compile(r"\bInput should be a valid (?P<t>\w+)(?:, unable to parse string as an? \w+)?"),
        lambda m: f"phải là {_TYPES_VI.get(m['t'], m['t'])}",
    ),
    (
        re.compile(r"Value (?P<v>.+?) is not a valid (?P<t>\w+)\."),
        lambda m: f"{m['v']} không phải là {_TYPES_VI.get(m['t'], m['t'])} hợp lệ.",
    ),
)
"""Phrases inside click's and pydantic's messages."""


def error_message(message: str, lang: Language | None = None) -> str:
    """A click error message in the run's language."""
    if (lang or _current[0]) == "en":
        return message
    for pattern, repl in _MESSAGES_VI:
        message, n = pattern.subn(repl, message, count=1)
        if n:
            break
    for pattern, repl in _INNER_VI:
        message = pattern.sub(repl, message)
    return message


def _params(command: Any, ctx: Any) -> Iterator[Any]:
    yield from command.params
    if ctx is not None:
        option = command.get_help_option(ctx)
        if option is not None:
            yield option


def localize_command(command: Any, lang: Language, ctx: Any = None) -> None:
    """Put `command`'s help, its parameters' help and its sub-commands' help in `lang`.

    Idempotent: the English text is kept aside (`_vn_help_en`) on each object the first time.
    """
    for obj in (command, *_params(command, ctx)):
        if not hasattr(obj, "_vn_help_en"):
            obj._vn_help_en = getattr(obj, "help", None)
        english = obj._vn_help_en
        if obj is command:
            vi = COMMANDS_VI.get(getattr(command, "name", "") or "")
            text = vi if (vi and lang == "vi") else help_text(english, lang)
        elif english == HELP_OPTION[0] and lang == "vi":
            text = HELP_OPTION[1]
        else:
            text = help_text(english, lang)
        obj.help = text
        if obj is command and hasattr(command, "short_help") and lang == "vi" and text != english:
            command.short_help = None
    for sub in getattr(command, "commands", {}).values():
        localize_command(sub, lang)


_installed: list[bool] = []


def use(lang: Language) -> None:
    """Make `lang` the language of the run: typer's panels, click's usage line and errors."""
    _current[0] = lang
    _install()
    from typer import rich_utils

    for name, (en, vi) in CHROME.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, vi if lang == "vi" else en)


def _install() -> None:
    """Wrap typer's help and error printers once; they read the current language each time."""
    if _installed:
        return
    _installed.append(True)
    from typer import rich_utils

    formatting: Any
    try:  # recent typer ships its own copy of click
        formatting = importlib.import_module("typer._click.formatting")
    except ImportError:  # pragma: no cover - older typer on click
        formatting = importlib.import_module("click.formatting")

    write_usage = formatting.HelpFormatter.write_usage

    def localized_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        if _current[0] == "vi":
            for en, vi in USAGE_WORDS_VI:
                args = args.replace(en, vi)
        write_usage(self, prog, args, USAGE_PREFIX[_current[0]] if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = localized_usage
    highlighter = rich_utils.OptionHighlighter
    highlighter.highlights = [*highlighter.highlights, r"(?P<usage>Cách dùng: )"]

    format_help = rich_utils.rich_format_help

    def localized_help(*, obj: Any, ctx: Any, markup_mode: Any) -> None:
        localize_command(obj, _current[0], ctx)
        format_help(obj=obj, ctx=ctx, markup_mode=markup_mode)

    rich_utils.rich_format_help = localized_help

    format_error = rich_utils.rich_format_error

    def localized_error(self: Any) -> None:
        original = self.format_message
        self.format_message = lambda: error_message(original())
        try:
            format_error(self)
        finally:
            del self.format_message

    rich_utils.rich_format_error = localized_error
