"""The isolation layers: which exist here (probe), the per-run uid (identity), cgroups, the
bubblewrap command line, launching and supervising a process tree, and the opted-out fallback."""
