"""The rooms web pages for participants phones and the projector (``maturitytui serve``)."""
