"""What the program works on: the rubric, a review (session) and its answers, and the one error type.

Plain data and the rules that keep it valid; it imports nothing else of the program.
"""
