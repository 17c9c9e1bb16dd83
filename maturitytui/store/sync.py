"""Sharing a session store through git: ``maturitytui sync``.

The store is already one TOML file per review, which is what git is made to share; an alliance's remote
(on the hosting its trusts already run) holds the shared record and each laptop a clone. A sync:

1. commits the reviews and partnership files that changed here (one commit, a message naming them, the
   author from git's own settings), except what must not leave the laptop yet: a review with a
   questionnaire round still open (its answers are below the round's minimum) or one that cannot be read;
2. fetches the alliance's copy and merges it in a temporary index, never with conflict markers: where a
   review was changed both here and there, the version shared first stays the review and this laptop's is
   kept beside it as a copy (``CopyNote``) for someone to resolve on the start screen;
3. writes what came in into the store, each file atomically and owner-only, holding each review's lock as
   the app does, so a review open in the app is never changed under it: the merge then waits, and says so;
4. pushes. Offline, the commit stays here and the next sync pushes it.

Only ``*.toml`` reviews and each folder's ``.partnership`` are ever committed, listed one by one, whatever
``.gitignore`` says; the ``.gitignore`` written here keeps everything hidden out of a hand-made commit too:
the summary index, locks, a save's temporary files and each room's folder with its participants' files and
anonymous answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from maturitytui import clock
from maturitytui.model.errors import Problem, SessionError
from maturitytui.model.file_reading import SMALL_LIMIT, read_regular
from maturitytui.model.words import counted, day
from maturitytui.store.atomic import atomic_write
from maturitytui.store.git import GitError, Repo, git_command, quoted, said, unreachable
from maturitytui.store.locks import SessionLock, SessionLocked
from maturitytui.store.portable import make_private, portable_name
from maturitytui.store.session_store import MARKER, SessionStore

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
"""git's id for a tree with nothing in it: the common ancestor of a store and an alliance copy made apart."""

IGNORE_MARK = "# maturitytui:"
GITIGNORE = f"""{IGNORE_MARK} what never leaves this laptop. Only the reviews (*.toml) and each partnership
# folder's .partnership are shared. Everything hidden stays here: the summary index, the locks of open
# reviews, the temporary files of a save in progress, and each live room's folder (.<review>.room/) with
# its participants' files and anonymous answers.
.*
!.gitignore
!.partnership
"""

STATE_FILE = "maturitytui-sync.json"
"""In the repository's own folder (never shared): when this laptop last synced in full."""

_REVIEW = re.compile(r"(?:[^./][^/]*/)?[^./][^/]*\.toml")
_MARKER = re.compile(r"[^./][^/]*/\.partnership")
ATTEMPTS = 3
"""Times a sync fetches again when someone pushed between its fetch and its push."""


def shared(path: str) -> bool:
    """Whether a path below the store (``/``-separated) is one sync shares."""
    return path == ".gitignore" or bool(_REVIEW.fullmatch(path) or _MARKER.fullmatch(path))


def is_review(path: str) -> bool:
    return bool(_REVIEW.fullmatch(path))


@dataclass(frozen=True)
class SyncState:
    """Where a store that is a git working tree stands against the alliance's copy, as of the last fetch."""

    ahead: int
    """Commits here that the alliance's copy does not have yet."""
    behind: int
    """Commits in the alliance's copy (as last fetched) not here yet."""
    unshared: int
    """Reviews and partnership files changed here since the last commit."""
    last_synced: datetime | None
    """When a sync last both fetched and pushed, or None if never from this machine."""
    remote: str
    """Where the alliance's copy is (the remote's URL)."""

    def words(self) -> str:
        parts = []
        if self.unshared:
            parts.append(f"{counted(self.unshared, 'file')} changed here")
        if self.ahead:
            parts.append(f"{counted(self.ahead, 'change')} to send")
        if self.behind:
            parts.append(f"{self.behind} to bring in")
        status = ", ".join(parts) or "up to date"
        if self.last_synced is None:
            when = "never synced from here"
        else:
            local = self.last_synced.astimezone()
            when = f"last synced {day(local.date())} {local:%H:%M}"
        return f"Shared through git: {status}; {when}"


@dataclass
class SyncReport:
    """What a sync did, in words for the user."""

    committed: list[str] = field(default_factory=list)
    """The reviews and partnerships this laptop shared, as words."""
    brought: list[str] = field(default_factory=list)
    """The reviews that came in from the alliance's copy, as words."""
    copies: list[str] = field(default_factory=list)
    """Reviews changed on two machines: which copy was kept beside which review."""
    held: list[str] = field(default_factory=list)
    """What was not shared or not brought in this time, and why."""
    pushed: bool = False
    sent_earlier: int = 0
    """Commits made here by earlier syncs (offline, or waiting) that this one sent."""
    waited: bool = False
    """The merge waited (a review it would change is open here, or has changes not yet shareable)."""
    problem: Problem | None = None
    remote: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.waited

    def brief(self) -> list[str]:
        """What the sync did in a few words, for a notice on the start screen (``lines`` names every review)."""
        done = []
        if self.committed:
            done.append(f"shared {counted(len(self.committed), 'review')}")
        if self.sent_earlier:
            done.append(f"sent {counted(self.sent_earlier, 'earlier sync')}")
        if self.brought:
            done.append(f"brought in {counted(len(self.brought), 'review')}")
        lines = [_sentence(f"{'; '.join(done)}.")] if done else []
        if self.copies:
            n = len(self.copies)
            lines.append(
                f"{counted(n, 'review')} changed on another laptop too: this laptop's "
                f"{'version is' if n == 1 else 'versions are'} kept beside {'it' if n == 1 else 'them'} as "
                f"{'a copy' if n == 1 else 'copies'} to resolve (Enter on a copy)."
            )
        lines += self.held
        if self.problem is not None:
            lines.append(_sentence(f"{self.problem.message}: {self.problem.fix}."))
        elif not self.waited:
            lines.append("Up to date." if done or self.copies else "Already up to date: nothing new here or there.")
        return lines

    def lines(self) -> list[str]:
        lines = []
        if self.committed:
            lines.append(f"Shared from here: {_some(self.committed)}.")
        if self.sent_earlier:
            n = self.sent_earlier
            lines.append(f"Sent {counted(n, 'sync')} committed here earlier.")
        if self.brought:
            lines.append(f"Brought in from the alliance: {_some(self.brought)}.")
        lines += self.copies + self.held
        if self.problem is not None:
            lines.append(_sentence(f"{self.problem.message}: {self.problem.fix}."))
        elif not self.waited:
            nothing = not (self.committed or self.brought or self.copies or self.sent_earlier)
            lines.append(f"{'Already up to date' if nothing else 'Up to date'} with {self.remote}.")
        return lines


SHOWN = 6
"""Reviews named in a report's line; the rest are counted."""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _some(items: list[str], shown: int = SHOWN) -> str:
    """A count of reviews, and the first few by name."""
    listed = "; ".join(items[:shown]) + (f"; and {len(items) - shown} more" if len(items) > shown else "")
    return f"{counted(len(items), 'review')} ({listed})"


@dataclass
class _Change:
    """A shareable file changed here since the last commit."""

    path: str
    words: str
    """Its partnership and review, as words for the commit message and the report."""
    partnership: str = ""
    held: str = ""
    """Why it is not shared this time (empty if it is)."""


def _now_utc() -> datetime:
    return clock.now().astimezone(UTC)


class _Sync:
    def __init__(self, repo: Repo):
        self.repo = repo
        self.root = repo.root
        self.report = SyncReport()
        self.store = SessionStore(self.root)
        self._locks: list[SessionLock] = []
        self.copy_paths: set[str] = set()
        """Copies this sync made of this laptop's versions: written here, not brought in."""
        self._pending_touched: tuple[str | None, list[tuple[str, str]]] = (None, [])
        """The tree the next move writes, and the files it changes."""
        self.gitdir = Path(repo.run("rev-parse", "--absolute-git-dir").text)

    # -- the store, checked before anything is changed ----------------------------------------------------------

    def check(self) -> None:
        root = self.root
        busy = [
            n for n in ("MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD") if (self.gitdir / n).exists()
        ]
        if busy:
            raise _problem(
                root,
                "a git merge or rebase begun by hand is not finished in the store",
                "finish it (or git merge --abort / git rebase --abort), then sync again; nothing has been changed",
            )
        self.branch = self.repo.value("symbolic-ref", "-q", "--short", "HEAD")
        if not self.branch:
            raise _problem(
                root,
                "the store is not on a branch (git's HEAD is detached)",
                "go back to the shared branch (git switch main), then sync again; nothing has been changed",
            )
        remote = self.repo.value("config", f"branch.{self.branch}.remote")
        merge = self.repo.value("config", f"branch.{self.branch}.merge")
        self.set_upstream = False
        if not remote:
            remotes = self.repo.run("remote").text.split()
            if len(remotes) != 1:
                raise _problem(
                    root,
                    "the store has no alliance copy to share with (no upstream branch)"
                    if not remotes
                    else f"the store has {len(remotes)} remotes and none is set as where it shares",
                    "maturitytui sync --init URL shares it with the alliance's repository at URL"
                    if not remotes
                    else f"choose one: git branch --set-upstream-to={remotes[0]}/{self.branch}",
                )
            remote, self.set_upstream = remotes[0], True
        self.remote: str = remote
        self.merge_ref = merge or f"refs/heads/{self.branch}"
        self.tracking = f"refs/remotes/{self.remote}/{self.merge_ref.removeprefix('refs/heads/')}"
        self.report.remote = self.repo.value("remote", "get-url", self.remote) or self.remote
        ident = self.repo.run("var", "GIT_AUTHOR_IDENT").text  # fails, saying how to fix it, if git has no name
        name = ident.split(" <", 1)[0].strip() or "this laptop"
        self.who = f"{name}'s laptop"

    # -- what changed here -------------------------------------------------------------------------------------

    def changes(self) -> list[_Change]:
        records = self.repo.lines("status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames")
        found = []
        for record in records:
            path = record[3:]
            if shared(path):
                found.append(self._change(path))
        return found

    def _change(self, path: str) -> _Change:
        full = self.root / path
        if path == ".gitignore":
            return _Change(path, "what is never shared (.gitignore)")
        if not is_review(path):
            if os.path.lexists(full) and not self.store.holds(full):
                return _Change(path, path, held=f"{path}: not shared, it is a link to a place outside the store")
            return _Change(path, f"the partnership folder {path.split('/')[0]}")
        if not os.path.lexists(full):
            folder, _, name = path.rpartition("/")
            partnership = _marked(self.root / folder) or folder or "the store"
            return _Change(path, f"{partnership} ({name.removesuffix('.toml')}, removed)", partnership)
        if not self.store.holds(full):
            return _Change(path, path, held=f"{path}: not shared, it is a link to a place outside the store")
        from maturitytui.store.session_files import session_from_toml

        try:
            session = session_from_toml(read_regular(full), str(full))
        except (OSError, ValueError, SessionError) as exc:
            reason = exc.problems[0].message if isinstance(exc, SessionError) else str(exc)
            return _Change(path, path, held=f"{path}: not shared, it could not be read ({reason}); mend it, then sync")
        words = f"{session.partnership} {session.review_date.isoformat()} ({session.id})"
        if any(answer.pending.people for answer in session.tools.values()):
            return _Change(
                path,
                words,
                session.partnership,
                f"{words}: not shared yet, a questionnaire round is still open and its answers never leave this "
                "laptop until the round is full or closed; close it (c on the questionnaire), then sync",
            )
        return _Change(path, words, session.partnership)

    # -- trees and commits -------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def index(self) -> Iterator[Path]:
        fd, name = tempfile.mkstemp(prefix="maturitytui-", suffix=".index", dir=self.gitdir)
        os.close(fd)
        os.unlink(name)  # git makes the index itself: an empty file is not one
        try:
            yield Path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)

    def tree_with(self, head: str | None, paths: list[str]) -> str:
        """The tree of ``head`` with ``paths`` as they are in the store now (the real index is left alone)."""
        with self.index() as index:
            self.repo.run("read-tree", head or EMPTY_TREE, index=index)
            if paths:
                # Listed one by one and forced: only these are shared, whatever a .gitignore says.
                self.repo.run(
                    "add", "-A", "-f", "--pathspec-from-file=-", "--pathspec-file-nul", input=quoted(paths), index=index
                )
            return self.repo.run("write-tree", index=index).text

    def tree_of(self, commit: str | None) -> str:
        return self.repo.run("rev-parse", f"{commit}^{{tree}}").text if commit else EMPTY_TREE

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.repo.run("merge-base", "--is-ancestor", older, newer, check=False).code == 0

    def merged(self, base: str, ours: str, theirs: str) -> str:
        """The three-way merge of trees, every conflict settled without markers (see ``settle``)."""
        with self.index() as index:
            self.repo.run("read-tree", "-m", "--aggressive", base, ours, theirs, index=index)
            unmerged: dict[str, dict[int, tuple[str, str]]] = {}
            for record in self.repo.lines("ls-files", "-u", "-z", index=index):
                info, path = record.split("\t", 1)
                mode, sha, stage = info.split()
                unmerged.setdefault(path, {})[int(stage)] = (mode, sha)
            if unmerged:
                lines = [self.settle(path, stages) for path, stages in sorted(unmerged.items())]
                self.repo.run(
                    "update-index", "--index-info", input="".join(lines).encode("utf-8", "surrogateescape"), index=index
                )
            return self.repo.run("write-tree", index=index).text

    def settle(self, path: str, stages: dict[int, tuple[str, str]]) -> str:
        """Index lines settling one path changed on both sides: the alliance's version stays at the path; a
        review changed here too is kept beside it as a copy; a file changed on one side and removed on the other
        is kept as changed (nothing is lost to a removal)."""
        lines = f"0 {'0' * 40}\t{path}\n"  # drops the path's three stages
        ours, theirs = stages.get(2), stages.get(3)
        if ours and theirs:
            keep = theirs
            if path == ".gitignore":
                keep = (theirs[0], self.blob(_union(self.read_blob(theirs[1]), self.read_blob(ours[1]))))
            elif is_review(path):
                copy_path, data, words = self.copy_of(path, self.read_blob(ours[1]), ours[1])
                lines += f"{ours[0]} {self.blob(data)} 0\t{copy_path}\n"
                self.copy_paths.add(copy_path)
                self.report.copies.append(words)
        else:
            keep = ours or theirs  # type: ignore[assignment]  # one of them: a path in no tree is never unmerged
        return lines + f"{keep[0]} {keep[1]} 0\t{path}\n"

    def copy_of(self, path: str, data: bytes, sha: str) -> tuple[str, bytes, str]:
        """This laptop's version of a review changed on both sides, as a copy with an id of its own."""
        from maturitytui.model.session import CopyNote
        from maturitytui.store.copies import as_copy
        from maturitytui.store.session_files import data_to_toml, session_from_toml, session_to_data

        folder, _, name = path.rpartition("/")
        try:
            session = session_from_toml(data, path)
        except SessionError:  # kept as it was, under its own name: nothing is lost
            copy_name = f"{name.removesuffix('.toml')[:70]}-copy-{sha[:6]}.toml"
            copy_path = f"{folder}/{copy_name}" if folder else copy_name
            return copy_path, data, f"{path}: changed on another laptop too; this laptop's version is {copy_path}"
        copy = as_copy(session_to_data(session), self.who, clock.today(), sha[:6])
        copy_name = f"{portable_name(str(copy['id']))}.toml"
        copy_path = f"{folder}/{copy_name}" if folder else copy_name
        note = CopyNote.model_validate(copy["copy_of"])
        words = (
            f"{session.partnership} {session.review_date.isoformat()}: changed on another laptop too. The version "
            f"shared first stays the review; the one from here is kept beside it ({note.words()}): resolve the two "
            "on the start screen"
        )
        return copy_path, data_to_toml(copy), words

    def blob(self, data: bytes) -> str:
        return self.repo.run("hash-object", "-w", "--stdin", input=data).text

    def read_blob(self, sha: str) -> bytes:
        return self.repo.run("cat-file", "blob", sha).out

    def commit(self, tree: str, parents: list[str], message: str) -> str:
        args = ["commit-tree", tree]
        for parent in parents:
            args += ["-p", parent]
        when = clock.now().isoformat()  # the program's clock, as every date it writes
        return self.repo.run(
            *args, input=message.encode("utf-8"), env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        ).text

    # -- the store's files -------------------------------------------------------------------------------------

    def touched(self, old_tree: str, new_tree: str) -> list[tuple[str, str]]:
        """(status, path) of each file that differs between two trees."""
        if old_tree == new_tree:
            return []
        records = self.repo.lines("diff-tree", "-r", "-z", "--no-renames", "--name-status", old_tree, new_tree)
        return list(zip(records[::2], records[1::2], strict=True))

    def write_files(self, new_tree: str, touched: list[tuple[str, str]]) -> dict[str, bytes]:
        """Bring the store's files to ``new_tree``, each written atomically and owner-only; what was written."""
        # Only what sync shares is written: a file someone committed by hand elsewhere in the repository (or a
        # path no store would have) is never placed in the store by a sync.
        touched = [(status, path) for status, path in touched if shared(path)]
        wanted = [path for status, path in touched if status != "D"]
        contents = self.read_blobs(new_tree, wanted)
        for status, path in touched:
            target = self.root / path
            if status == "D":
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)
            else:
                atomic_write(target, contents[path])
        return contents

    def read_blobs(self, tree: str, paths: list[str]) -> dict[str, bytes]:
        """The contents of ``paths`` in ``tree``, read by one git process (a first sync may bring thousands)."""
        if not paths:
            return {}
        request = "".join(f"{tree}:{path}\n" for path in paths).encode("utf-8", "surrogateescape")
        out = self.repo.run("cat-file", "--batch", input=request).out
        contents, at = {}, 0
        for path in paths:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            if len(header) != 3:
                raise _problem(self.root, f"git could not give {path} ({header!r})", "run git fsck in the store")
            size = int(header[2])
            contents[path] = out[end + 1 : end + 1 + size]
            at = end + 1 + size + 1
        return contents

    # -- the whole of it ---------------------------------------------------------------------------------------

    def fetch(self) -> str | None:
        """The alliance's branch as fetched now (None if it has none yet); offline, raises ``_Offline``."""
        ran = self.repo.run(
            "fetch", "--quiet", "--no-tags", self.remote, f"+{self.merge_ref}:{self.tracking}", check=False
        )
        if ran.code != 0:
            if "couldn't find remote ref" in ran.err.casefold():
                return None  # a new, empty alliance repository: the first push makes the branch
            if unreachable(ran.err):
                raise _Offline(ran.err)
            raise GitError([Problem(str(self.root), "git fetch", said(ran.err), "check the remote with git fetch")])
        return self.repo.value("rev-parse", "-q", "--verify", f"{self.tracking}^{{commit}}")

    def run(self) -> SyncReport:
        self.check()
        _ensure_gitignore(self.root)
        changes = self.changes()
        sharing = [c for c in changes if not c.held]
        held = {c.path for c in changes if c.held}
        self.report.held += [c.held for c in changes if c.held]
        head = self.repo.value("rev-parse", "-q", "--verify", "HEAD^{commit}")
        unsent = self._unsent(head)
        ours = self.tree_with(head, [c.path for c in sharing])
        local = sharing
        offline: _Offline | None = None
        for _attempt in range(ATTEMPTS):
            try:
                upstream = self.fetch()
            except _Offline as exc:
                offline, upstream = exc, None
            new, brought = self.combine(head, ours, upstream if offline is None else None, local, held)
            if new != head:
                contents = self.move_to(head, new)
                self.report.committed += [c.words for c in local if is_review(c.path)]
                # Only the first few are named (``_some``): a first sync can bring thousands.
                self.report.brought += [
                    _came(self.root, status, path, contents.get(path)) if n < SHOWN else f"{path} ({status})"
                    for n, (status, path) in enumerate(brought, len(self.report.brought))
                ]
                head, ours, local = new, self.tree_of(new), []
            if offline is not None or self.report.waited:
                break
            if head is None or head == upstream:
                self.report.pushed = head is not None
                break
            pushed = self.push(head)
            if pushed is True:
                self.report.sent_earlier = unsent
                break
            if isinstance(pushed, _Offline):
                offline = pushed
                break
            # Someone pushed between the fetch and the push: fetch again and merge that too.
        if offline is not None:
            self.report.problem = Problem(
                str(self.root),
                "",
                f"could not reach the alliance's copy at {self.report.remote} ({said(offline.err)})",
                "check the network (or the sign-in) and sync again: what changed here is committed on this laptop "
                "and the next sync shares it",
            )
        elif not self.report.waited:
            _write_state(self.gitdir)
        return self.report

    def _unsent(self, head: str | None) -> int:
        """Commits of earlier syncs not yet in the alliance's copy, as last fetched."""
        if head is None:
            return 0
        known = self.repo.value("rev-parse", "-q", "--verify", self.tracking)
        counted = self.repo.value("rev-list", "--count", "--no-merges", head, *([f"^{known}"] if known else []))
        return int(counted or 0)

    def combine(
        self, head: str | None, ours: str, upstream: str | None, local: list[_Change], held: set[str]
    ) -> tuple[str | None, list[tuple[str, str]]]:
        """The commit the store moves to, and what it brings in. One commit at most: this laptop's changes,
        merged with the alliance's where it has something new."""
        head_tree = self.tree_of(head)
        self._pending_touched = (None, [])
        message = _message(self.who, local)
        if upstream is None or (head is not None and self.is_ancestor(upstream, head)):
            if ours == head_tree:
                return head, []
            return self.commit(ours, [head] if head else [], message), []
        if ours == head_tree and (head is None or self.is_ancestor(head, upstream)):
            new, parents = upstream, []  # a fast-forward: nothing here to add
            tree = self.tree_of(upstream)
        else:
            base = self.repo.value("merge-base", head, upstream) if head else None
            tree = self.merged(self.tree_of(base), ours, self.tree_of(upstream))
            # Nothing of ours unsent: the new commit follows the alliance's alone, and history stays a line.
            parents = [upstream] if head is None or self.is_ancestor(head, upstream) else [head, upstream]
            new = ""
        touched = self.touched(ours, tree)
        waiting = self.blocked(touched, held)
        if waiting:
            self.report.waited = True
            self.report.held += waiting
            self.report.copies.clear()
            if ours == head_tree:
                return head, []
            return self.commit(ours, [head] if head else [], message), []
        if not new:
            brought = len([p for _, p in touched if is_review(p) and p not in self.copy_paths])
            new = self.commit(tree, parents, _message(self.who, local, brought))
        self._pending_touched = (tree, touched)
        return new, [(s, p) for s, p in touched if is_review(p) and p not in self.copy_paths]

    def blocked(self, touched: list[tuple[str, str]], held: set[str]) -> list[str]:
        """Why the alliance's changes cannot be written now: a review they change is open in the app here, or
        has changes here that are not shared yet (a round still open). Empty if they can."""
        reasons = []
        for _, path in touched:
            if not shared(path):
                continue  # never written here (see write_files)
            if not self.store.holds(self.root / path):
                reasons.append(
                    f"{path}: changed in the alliance's copy, but its folder here is a link to a place outside the "
                    "store, where nothing is written; nothing was brought in this time: replace the link with a "
                    "folder, then sync again"
                )
                continue
            if path in held:
                reasons.append(
                    f"{path}: changed in the alliance's copy while it has changes here not yet shared; nothing was "
                    "brought in this time: share it first (see above), then sync again"
                )
                continue
            target = self.root / path
            if is_review(path) and target.exists():
                lock = SessionLock(target, remove_on_release=True)
                try:
                    lock.acquire()
                except SessionError:
                    reasons.append(
                        f"{path}: changed in the alliance's copy and open in maturitytui here; nothing was brought "
                        "in this time, so nothing changes under it: close it, then sync again (what changed here "
                        "is committed and will be shared then)"
                    )
                    continue
                self._locks.append(lock)
        if reasons:
            self._release()
        return reasons

    def _release(self) -> None:
        for lock in self._locks:
            lock.release()
        self._locks = []

    def move_to(self, head: str | None, new: str | None) -> dict[str, bytes]:
        """Write the files that change, then move the branch: a crash between the two leaves the store's files
        ahead of git, which the next sync sees as changes of its own and merges cleanly, never the reverse."""
        assert new is not None
        tree, touched = self._pending_touched
        contents: dict[str, bytes] = {}
        try:
            if tree is not None:
                contents = self.write_files(tree, touched)
        finally:
            self._release()
            self._pending_touched = (None, [])
        self.repo.run("update-ref", "-m", "maturitytui sync", "HEAD", new, head or "0" * 40)
        self.repo.run("reset", "-q")  # the index follows; files with changes not shared stay as they are
        return contents

    def push(self, head: str) -> bool | _Offline:
        """True once pushed; False if the alliance's copy moved on meanwhile; ``_Offline`` if unreachable."""
        ran = self.repo.run("push", "--quiet", self.remote, f"{head}:{self.merge_ref}", check=False)
        if ran.code == 0:
            self.report.pushed = True
            if self.set_upstream:
                self.repo.run("config", f"branch.{self.branch}.remote", self.remote)
                self.repo.run("config", f"branch.{self.branch}.merge", self.merge_ref)
            return True
        text = ran.err.casefold()
        if "rejected" in text or "fetch first" in text or "non-fast-forward" in text:
            return False
        if unreachable(ran.err):
            return _Offline(ran.err)
        raise GitError([Problem(str(self.root), "git push", said(ran.err), "check the remote with git push")])


class _Offline(Exception):
    def __init__(self, err: str):
        super().__init__(err)
        self.err = err


def _problem(root: Path, message: str, fix: str) -> GitError:
    return GitError([Problem(str(root), "", message, fix)])


def _union(theirs: bytes, ours: bytes) -> bytes:
    lines = theirs.decode("utf-8", "replace").splitlines()
    lines += [line for line in ours.decode("utf-8", "replace").splitlines() if line not in lines]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _message(who: str, local: list[_Change], brought: int = 0) -> str:
    """The commit's message: how many reviews of how many partnerships, then each by name."""
    reviews = [c for c in local if is_review(c.path)]
    partnerships = {c.partnership or c.path.split("/")[0] for c in reviews}
    subject = f"Sync from {who}: "
    if reviews:
        subject += f"{counted(len(reviews), 'review')} of {counted(len(partnerships), 'partnership')}"
    else:
        subject += "the store's own files" if local else "no reviews"
    if brought:
        subject += f", with {brought} from the alliance"
    body = "\n".join(sorted(c.words for c in local))
    return f"{subject}\n\n{body}\n" if body else f"{subject}\n"


def _came(root: Path, status: str, path: str, data: bytes | None) -> str:
    """A review that came in, as words: its partnership and date where its file gives them."""
    what = {"A": "new", "D": "removed"}.get(status, "changed")
    with contextlib.suppress(ValueError, AttributeError, KeyError, TypeError):
        found = tomllib.loads((data or b"").decode("utf-8"))
        return f"{found['partnership']} {found['review_date'].isoformat()} ({what})"
    folder, _, name = path.rpartition("/")
    return f"{_marked(root / folder) or folder or 'the store'} ({name.removesuffix('.toml')}, {what})"


def _marked(folder: Path) -> str | None:
    """The partnership a folder's marker names, if it can be read."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        name = json.loads(read_regular(folder / MARKER, SMALL_LIMIT).decode("utf-8"))["partnership"]
        return name if isinstance(name, str) else None
    return None


def _ensure_gitignore(root: Path) -> None:
    """Add the lines that keep private files out of git, once (an alliance's own lines stay)."""
    path = root / ".gitignore"
    try:
        text = read_regular(path).decode("utf-8")
    except FileNotFoundError:
        text = ""
    if IGNORE_MARK in text:
        return
    atomic_write(path, (text + ("\n" if text and not text.endswith("\n") else "") + GITIGNORE).encode("utf-8"))


def _write_state(gitdir: Path) -> None:
    with contextlib.suppress(OSError):
        atomic_write(gitdir / STATE_FILE, json.dumps({"synced": _now_utc().isoformat()}).encode("utf-8"))


def _read_state(gitdir: Path) -> datetime | None:
    try:
        return datetime.fromisoformat(json.loads(read_regular(gitdir / STATE_FILE).decode("utf-8"))["synced"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def open_repo(root: Path, *, interactive: bool = False) -> Repo:
    """The store as a git working tree of its own; ``GitError`` saying what to do if it is not one."""
    repo = Repo(root, interactive=interactive)
    if repo.git is None:
        from maturitytui.store.git import missing_git

        raise missing_git(root)
    if not root.is_dir():
        raise _problem(root, "there is no such folder", "give the store's folder with --sessions")
    top = repo.run("rev-parse", "--show-toplevel", check=False)
    clone = (
        "clone the alliance's repository (git clone URL FOLDER) and use that folder as the store "
        "(--sessions FOLDER), or share this store with: maturitytui sync --init URL"
    )
    if top.code != 0:
        raise _problem(root, "the store is not a git working tree, so there is nothing to sync with", clone)
    if os.path.realpath(top.text) != os.path.realpath(root):
        raise _problem(
            root,
            f"the store is inside the git working tree at {top.text}, not a repository of its own",
            "share the store as a repository of its own: maturitytui sync --init URL",
        )
    return repo


def sync(root: Path, *, interactive: bool = False) -> SyncReport:
    """Commit what changed, bring in what others shared, push. ``interactive`` lets git ask for a password.

    Raises ``GitError`` when nothing could be done (no git, not a working tree, no upstream, git has no name
    for the author); an unreachable remote is not an error but the report's ``problem``: the commit stays.
    """
    root = Path(root)
    repo = open_repo(root, interactive=interactive)
    _private(root)
    syncing = _Sync(repo)
    # One sync of a store at a time (the app's s and the command line at once): each would move the branch.
    try:
        with SessionLock(syncing.gitdir / "maturitytui-sync", remove_on_release=True):
            return syncing.run()
    except SessionLocked:
        raise _problem(
            root, "another sync of this store is running", "wait for it to finish; nothing has been changed"
        ) from None


def share(root: Path, url: str, *, interactive: bool = False) -> SyncReport:
    """Make ``root`` a repository of its own sharing with the alliance's repository at ``url``, then sync."""
    root = Path(root)
    repo = Repo(root, interactive=interactive)
    if repo.git is None:
        from maturitytui.store.git import missing_git

        raise missing_git(root)
    from maturitytui.store.atomic import ensure_private_dir

    ensure_private_dir(root)
    top = repo.run("rev-parse", "--show-toplevel", check=False)
    if top.code != 0 or os.path.realpath(top.text) != os.path.realpath(root):
        repo.run("init", "-q", "-b", "main")
    existing = repo.value("remote", "get-url", "origin")
    if existing is None:
        repo.run("remote", "add", "origin", url)
    elif existing != url:
        raise _problem(
            root,
            f"the store already shares with {existing}",
            f"to move it, run git remote set-url origin {url} in the store; nothing has been changed",
        )
    branch = repo.value("symbolic-ref", "-q", "--short", "HEAD") or "main"
    if repo.value("config", f"branch.{branch}.merge") is None:
        # The alliance's own default branch, where it has one already.
        listed = repo.run("ls-remote", "--symref", "origin", "HEAD", check=False)
        match = re.search(r"ref: refs/heads/(\S+)\s+HEAD", listed.text) if listed.code == 0 else None
        repo.run("config", f"branch.{branch}.remote", "origin")
        repo.run("config", f"branch.{branch}.merge", f"refs/heads/{match.group(1) if match else branch}")
    _ensure_gitignore(root)
    return sync(root, interactive=interactive)


def _private(root: Path) -> None:
    # A clone is made with the user's umask; the store's folder being owner-only keeps every review (and git's
    # own copies of them) to its owner, as a store made by the program is.
    with contextlib.suppress(OSError):
        if os.stat(root).st_mode & 0o077:
            make_private(root)


def sync_state(root: Path) -> SyncState | None:
    """The store's sync state, or None when it is not a git working tree (or git is not installed). Never fetches."""
    if git_command() is None:
        return None
    try:
        repo = open_repo(Path(root))
        gitdir = Path(repo.run("rev-parse", "--absolute-git-dir").text)
        branch = repo.value("symbolic-ref", "-q", "--short", "HEAD") or ""
        remote = repo.value("config", f"branch.{branch}.remote") or ""
        merge = (repo.value("config", f"branch.{branch}.merge") or f"refs/heads/{branch}").removeprefix("refs/heads/")
        ahead = behind = 0
        counted = repo.run("rev-list", "--left-right", "--count", f"HEAD...refs/remotes/{remote}/{merge}", check=False)
        if counted.code == 0:
            ahead, behind = (int(n) for n in counted.text.split())
        elif repo.value("rev-parse", "-q", "--verify", "HEAD") is not None:
            ahead = int(repo.run("rev-list", "--count", "HEAD").text)
        records = repo.lines("status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames")
        unshared = sum(1 for record in records if shared(record[3:]))
        url = (repo.value("remote", "get-url", remote) if remote else None) or "no remote"
        return SyncState(ahead, behind, unshared, _read_state(gitdir), url)
    except (GitError, OSError, ValueError):
        return None
