"""The Textual user interface: it renders and edits the domain model, nothing more."""
