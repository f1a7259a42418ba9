"""Benchmarks behind `make bench` (`python -m tests.perf.run`); not collected by pytest.

Every benchmark runs in its own child process with a time limit, talks only to 127.0.0.1,
and removes its servers and temporary folders when it ends, fails or is interrupted.
"""
