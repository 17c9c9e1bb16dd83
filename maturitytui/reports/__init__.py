"""Reports on a partnership's reviews: Markdown for email, one self-contained HTML page, CSV and JSON.

``story.py`` builds the one :class:`~maturitytui.reports.story.Report` every format tells; ``formats.py``
lists the formats. Importing this package loads neither, so the command line can offer the formats cheaply.
"""
