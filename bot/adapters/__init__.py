"""Adapters turn platform events into Incoming and Replies into platform messages."""
