"""The session store: one TOML file per review, written atomically, locked while edited, upgraded when old,
and listed through an index that is always safe to delete.
"""
