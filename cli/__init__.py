"""The ``coop`` command line: parse, call one service, render; errors become exit codes."""
