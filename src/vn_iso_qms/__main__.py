"""`python -m vn_iso_qms` runs the command line."""

from vn_iso_qms._internal.cli import main

main()
