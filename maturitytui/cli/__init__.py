"""The command line: `maturitytui [options] [command]`, and `serve`, which hands the program to browsers."""

from maturitytui.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
