"""Solving: one grounded program whose red lines are switched per call (solver), every
call bounded by a deadline (deadline) that one watchdog thread enforces (watchdog)."""
