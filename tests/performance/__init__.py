"""The benchmark behind `make bench`, and its smoke test that `make test` runs."""
