"""A session and the bytes of its TOML file, both ways: upgraded when old, validated, and nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maturitytui.model.errors import SessionError
from maturitytui.model.toml_io import parse_toml

if TYPE_CHECKING:  # the models load only when a file has to be read or written
    from maturitytui.model.session import Session


def session_to_toml(session: Session) -> bytes:
    """The bytes of a session file."""
    return data_to_toml(session_to_data(session))


def session_to_data(session: Session) -> dict[str, object]:
    """What a session file holds, as plain data: a copy that later changes to the session do not touch."""
    data = session.model_dump(mode="python", exclude_none=True)
    if not data.get("by_school"):
        data.pop("by_school", None)  # most reviews are by the whole partnership: their files stay as they were
    # A tool's record holds only what it uses (a tally, or checks, or …): the empty rest is left out.
    from maturitytui.model.session import ToolAnswer

    empty = ToolAnswer().model_dump(mode="python")
    data["tools"] = {
        tool_id: {k: v for k, v in fields.items() if v != empty[k]} for tool_id, fields in data.get("tools", {}).items()
    }
    return data


def data_to_toml(data: dict[str, object]) -> bytes:
    """The bytes of a session file from ``session_to_data``."""
    import tomli_w

    return tomli_w.dumps(data).encode("utf-8")


def session_from_toml(raw: bytes, source: str) -> Session:
    """A session from a file's bytes, upgraded if old; ``SessionError`` names every problem in ``source``."""
    return session_from_data(parse_toml(raw, source, SessionError), source)


def session_from_data(data: dict[str, object], source: str) -> Session:
    """A session from a file's parsed data, upgraded if old."""
    from pydantic import ValidationError

    from maturitytui.model.errors import validation_problems
    from maturitytui.model.session import Session
    from maturitytui.store.migrations import migrate

    data = migrate(data, source)
    try:
        return Session.model_validate(data)
    except ValidationError as exc:
        raise SessionError(validation_problems(source, exc, data)) from None
