"""Anonymous answers to questionnaires and exercises: one file each, named by chance and linked to no one."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.toml_io import read_toml
from maturitytui.room.layout import room_folder
from maturitytui.store.atomic import atomic_write


def responses_folder(session_path: Path) -> Path:
    return room_folder(session_path) / "responses"


def send_response(session_path: Path, tool_id: str, answers: dict[str, str]) -> None:
    """One person's answers to a questionnaire or exercise, in a file named by chance and linked to no one."""
    import tomli_w

    data = {"tool": tool_id, "answers": {str(k): str(v) for k, v in answers.items()}}
    try:
        atomic_write(
            responses_folder(session_path) / f"{secrets.token_hex(8)}.toml", tomli_w.dumps(data).encode("utf-8")
        )
    except OSError as exc:
        raise SessionError(
            [
                Problem(
                    str(responses_folder(session_path)),
                    tool_id,
                    f"could not send the answers ({exc.strerror or exc})",
                    "try again; nothing was sent",
                )
            ]
        ) from None


@dataclass
class Responses:
    """Answers taken from the room: by tool id, one dict per person, in no particular order."""

    by_tool: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    """The files taken: deleted with ``discard()`` once the review holding their answers is saved."""
    tool_of: dict[Path, str] = field(default_factory=dict)

    def keep_only(self, tool_ids: set[str]) -> None:
        """Leave the answers to other tools in the room (a rubric without them cannot count them)."""
        self.by_tool = {t: answers for t, answers in self.by_tool.items() if t in tool_ids}
        self.paths = [p for p in self.paths if self.tool_of.get(p) in tool_ids]

    def discard(self) -> None:
        for path in self.paths:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)


def take_responses(session_path: Path, skip: Collection[Path] = frozenset()) -> Responses:
    """Every anonymous answer waiting in the room (the review's tally keeps only the counts).

    Only the facilitator's program calls this; it adds the answers to the review, saves it, and then
    discards the files, so a failed save loses nothing; ``skip`` holds files already counted but not yet
    discarded (their review is not saved yet), so nothing is counted twice. A file that cannot be read is
    left and named.
    """
    taken = Responses()
    folder = responses_folder(session_path)
    if not folder.is_dir():
        return taken
    # Shuffled, so the order answers reach the tally says nothing about who sent them first.
    paths = [p for p in folder.glob("*.toml") if p not in skip]
    secrets.SystemRandom().shuffle(paths)
    for path in paths:
        try:
            data = read_toml(path, SessionError)
            answers = data["answers"]
            tool = data.get("tool")
            if not isinstance(answers, dict) or not isinstance(tool, str):
                raise KeyError
        except SessionError as exc:
            taken.problems.extend(exc.problems)
            continue
        except KeyError:
            taken.problems.append(
                Problem(
                    str(path), "answers", "is not a set of answers", "delete the file; whoever sent it can answer again"
                )
            )
            continue
        taken.by_tool.setdefault(tool, []).append({str(k): str(v) for k, v in answers.items()})
        taken.paths.append(path)
        taken.tool_of[path] = tool
    return taken
