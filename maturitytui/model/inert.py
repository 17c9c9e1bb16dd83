"""Text that came from a file, a plugin or a person, made inert before it is shown.

A terminal runs the control characters it is sent: ``ESC [2J`` in a partnership's name would clear the
screen, ``ESC ]0;…BEL`` set the window's title, and an OSC 52 sequence in a plugin's strand title write the
clipboard. Every screen, command and report passes such text through ``inert`` on its way out; the files
themselves keep exactly what was typed.
"""

from __future__ import annotations

import re

STAND_IN = "\ufffd"
"""What a control character is shown as: the replacement character, so nothing vanishes unseen."""

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""C0 controls but a tab and a line break, DEL, C1 controls, the bidirectional embeddings, overrides and isolates
(which reorder the text after them on screen, so a name can be made to read as another), and lone surrogates:
a file name's undecodable bytes arrive as these, and no terminal encoding can write one."""


def inert(text: str, stand_in: str = STAND_IN) -> str:
    """``text`` safe to send to a terminal: line breaks kept (a Windows CRLF as one), a tab as a space, every
    other control character, bidirectional override and lone surrogate as U+FFFD (or ``stand_in``)."""
    return _CONTROL.sub(stand_in, text.replace("\r\n", "\n").replace("\t", " "))
