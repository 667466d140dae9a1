"""The ballot box: a small process of its own that holds the keys of secret polls.

It never imports Django and never reads the database (see README, "Secret ballots").
"""
