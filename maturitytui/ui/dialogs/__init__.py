"""Modal dialogs: what screens and steps ask of the user (new reviews, next steps, reasons, reports, the room).

They import no screen or step, so both may open them.
"""
