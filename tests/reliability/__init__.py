"""Proof that reports survive load, faults and hostile input, and that staff see only what they may."""
