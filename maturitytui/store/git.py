"""Running the system ``git`` on a session store, with errors in words a head can act on.

The system command, not a library: credentials, SSH keys and the alliance's hosting then work as the user
already has them set up. Every run is owner-only (umask 077: git's own files hold the reviews too), asks
for nothing on a terminal it does not own, and speaks English so that its messages can be recognised.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from maturitytui.model.errors import Problem, SessionError


class GitError(SessionError):
    """git is missing, the store is not a working tree, or a git command failed: the problem says which."""


@dataclass(frozen=True)
class Ran:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "replace").strip()


def git_command() -> str | None:
    return shutil.which("git")


def _environment(interactive: bool, index: Path | None) -> dict[str, str]:
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_LITERAL_PATHSPECS": "1"}
    env.pop("GIT_DIR", None)  # the store's own repository, whatever a hook or a shell set
    env.pop("GIT_WORK_TREE", None)
    env.pop("GIT_INDEX_FILE", None)
    if index is not None:
        env["GIT_INDEX_FILE"] = str(index)
    if not interactive:
        # Inside the app a password prompt would write over the screen and wait for ever: fail and say so.
        env["GIT_TERMINAL_PROMPT"] = "0"
        env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


class Repo:
    """A store that is the top of a git working tree."""

    def __init__(self, root: Path, *, interactive: bool = False):
        self.root = Path(root)
        self.interactive = interactive
        self.git = git_command()

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        index: Path | None = None,
        check: bool = True,
        env: dict[str, str] | None = None,
    ) -> Ran:
        """Run ``git ARGS`` in the store; with ``check``, a failure raises GitError quoting git's first line."""
        if self.git is None:
            raise missing_git(self.root)
        done = subprocess.run(
            [self.git, *args],
            cwd=self.root,
            input=input,
            capture_output=True,
            env={**_environment(self.interactive, index), **(env or {})},
            umask=0o077,
            # Outside a terminal session of its own, ssh cannot open the terminal to ask for a passphrase.
            start_new_session=not self.interactive,
            check=False,
        )
        ran = Ran(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace").strip())
        if check and ran.code != 0:
            raise GitError([Problem(str(self.root), f"git {args[0]}", said(ran.err), fix_for(ran.err))])
        return ran

    def lines(self, *args: str, index: Path | None = None) -> list[str]:
        """The NUL-separated records a ``-z`` command prints."""
        out = self.run(*args, index=index).out
        return [item.decode("utf-8", "surrogateescape") for item in out.split(b"\0") if item]

    def value(self, *args: str) -> str | None:
        """What a query prints, or None if it fails (an unset setting, an unborn branch)."""
        ran = self.run(*args, check=False)
        return ran.text if ran.code == 0 else None


def missing_git(root: Path) -> GitError:
    return GitError(
        [
            Problem(
                str(root),
                "",
                "git is not installed, and sharing the store runs the system's git",
                "install git (Debian and Ubuntu: apt install git; macOS: xcode-select --install; "
                "Windows: git-scm.com), then sync again; nothing has been changed",
            )
        ]
    )


def said(err: str) -> str:
    """git's own message, short: its first line that says something."""
    for line in err.splitlines():
        line = line.strip().removeprefix("fatal: ").removeprefix("error: ")
        if line and not line.startswith(("hint:", "To ", "remote: ")):
            return f"git says: {line}"
    return "git failed without saying why"


_OFFLINE = (
    "could not resolve host",
    "could not read from remote repository",
    "unable to access",
    "connection refused",
    "connection timed out",
    "network is unreachable",
    "does not appear to be a git repository",
    "no such file or directory",
    "operation timed out",
    "host key verification failed",
    "permission denied",
    "authentication failed",
    "terminal prompts disabled",
)


def unreachable(err: str) -> bool:
    """Whether git failed because the alliance's copy could not be reached (network, address or sign-in)."""
    text = err.casefold()
    return any(words in text for words in _OFFLINE)


def fix_for(err: str) -> str:
    text = err.casefold()
    if "please tell me who you are" in text or "author identity unknown" in text or "empty ident" in text:
        return (
            'tell git who you are, once per laptop: git config --global user.name "Your Name" and '
            'git config --global user.email "you@school.example"; nothing has been changed'
        )
    if "terminal prompts disabled" in text or "authentication failed" in text or "permission denied" in text:
        return "git needs to sign in: run `maturitytui sync` in a terminal once, so it can ask"
    return "nothing has been changed; run the git command in the store to see more"


def quoted(paths: Sequence[str]) -> bytes:
    """Paths for ``--pathspec-from-file=- --pathspec-file-nul``."""
    return b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)
