"""The SandboxFusion-compatible HTTP server (`recipec sandbox serve`)."""
