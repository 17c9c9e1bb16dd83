"""What the reviews say: the walkthrough's steps, history and comparison, the alliance view, tool summaries."""
