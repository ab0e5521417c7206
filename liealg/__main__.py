"""`python -m liealg ...`: the command line, the same as the `liealg` command."""

from liealg.cli.main import main

if __name__ == "__main__":  # pragma: no cover - run as a module
    main()
