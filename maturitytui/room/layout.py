"""Where a room's files are: a hidden folder beside the review, a file per participant, the facilitator's two,
the web server's one.

Everything lives in a hidden folder beside the review (``.<review id>.room/``),
owner-only, every file written atomically and by one program only:

- ``room.toml``: written by the facilitator's program alone — the join code,
  the step the room is on, who may join, the timer; ``seen.toml`` beside it,
  what that program last took in from each participant's file, so that after
  a restart it takes only what changed since;
- ``<participant>.toml``: each participant's own file, which the web server
  (``maturitytui serve``) writes for them: their ratings, and salted digests
  of the PIN they were shown once and of the tokens their devices keep, so
  only they come back to the seat. Two participants answering at once never
  touch the same file, a reader only ever sees whole files, and a participant
  who drops and rejoins finds their ratings where they left them;
- ``online.toml``: written by the web server alone — who is connected now;
- ``responses/<random>.toml``: one anonymous questionnaire or exercise
  answer each, named by chance and linked to no one, taken into the review's
  tally and deleted by the facilitator's program.

The facilitator's program merges the participants' files into the review.
"""

from __future__ import annotations

from pathlib import Path

from maturitytui.model.file_reading import FileStamp as FileStamp

ID_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")

ROOM_FILE = "room.toml"
SEEN_FILE = "seen.toml"
ONLINE_FILE = "online.toml"
FACILITATORS_FILES = {ROOM_FILE, SEEN_FILE, ONLINE_FILE}
"""Files that are no participant's (the first two the facilitator's program writes, the last the web server):
no participant can be named so as to overwrite them."""


def room_folder(session_path: Path) -> Path:
    return session_path.parent / f".{session_path.stem}.room"


def participant_file(session_path: Path, participant_id: str) -> Path:
    if not participant_id or set(participant_id) - ID_CHARS or f"{participant_id}.toml" in FACILITATORS_FILES:
        raise ValueError(f"'{participant_id}' cannot name a participant's file")
    return room_folder(session_path) / f"{participant_id}.toml"
