"""Hearback: a follow-up coach for the days after a job interview."""
