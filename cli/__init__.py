"""The `liealg` command line (installed as ``liealg.cli``): click commands only."""
