"""Roles and routing: who takes part, in which stage, under which condition, with which
identity check."""
