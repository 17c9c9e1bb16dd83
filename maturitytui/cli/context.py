"""What every command needs (plugin folders, the store, the rubric), built once from the options."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from maturitytui.engine.plugin_paths import folders_from_env
from maturitytui.model.inert import inert
from maturitytui.store.session_store import SessionStore, default_store_path

if TYPE_CHECKING:  # the plugin engine and the models load when a command needs them: start-up stays quick
    from maturitytui.engine.host import Assembly
    from maturitytui.model.rubric import Rubric
    from maturitytui.store.index import Listing


class Context:
    """What every command needs, built from the options once."""

    def __init__(self, args: argparse.Namespace):
        self.folders = folders_from_env() + list(getattr(args, "plugins", []))
        self.store = SessionStore(getattr(args, "sessions", None) or default_store_path())
        self.rubric_id = getattr(args, "rubric", None)
        self._assembly: Assembly | None = None
        self._listing: Listing | None = None
        self._warned = False

    def assembly(self) -> Assembly:
        if self._assembly is None:
            from maturitytui.engine.host import PluginHost

            self._assembly = PluginHost(self.folders).assemble(self.rubric_id)
        return self._assembly

    def rubric(self) -> Rubric:
        assembly = self.assembly()
        if not self._warned:
            self._warned = True
            for record in assembly.errors:
                warning = f"warning: plugin '{record.name}' ({record.origin}) left out: {record.error}"
                print(inert(warning), file=sys.stderr)  # a plugin's own words
        return assembly.rubric

    def listed(self) -> Listing:
        """The store's listing, made once for the command (deep: a command about one review checks every file)."""
        if self._listing is None:
            self._listing = self.listing()
        return self._listing

    def listing(self, *, deep: bool = True) -> Listing:
        """The store as its index holds it, read page by page (memory stays the same for a store of any size);
        not ``deep``: trusting folders whose times have not changed (see ``index.listing``)."""
        return self.store.listing(StderrProgress(), deep=deep)


class StderrProgress:
    """How far a long first read of the store has got, on stderr: a line that counts up on a terminal, one line
    (and no more) when stderr is a file or a pipe. Quiet for a read too short to wait for."""

    SHOWN_FROM = 1000

    def __init__(self) -> None:
        self.said = False
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if total < self.SHOWN_FROM:
            return
        if self.live:
            end = "\n" if done >= total else ""
            print(
                f"\rReading {done:,} of {total:,} reviews into the store's index…", end=end, file=sys.stderr, flush=True
            )
        elif not self.said:
            print(
                f"Reading {total:,} reviews into the store's index: only the first time takes this long.",
                file=sys.stderr,
            )
        self.said = True
