"""A review with a room: the files participants and facilitator share, the host's side, the spread of ratings and
the countdown.
"""
