"""The rubric engine: the hooks, the plugin host that assembles a rubric, change operations, and the tools
for plugin authors (validate, diff, show, scaffold). The built-in model comes through the same hooks.
"""
