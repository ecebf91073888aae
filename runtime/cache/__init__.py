"""The build cache (design.md section 6): run keys, manifests, the workdir and its lock."""
