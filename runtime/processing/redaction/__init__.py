"""Redaction of personal data and secrets (e-mails, public IP addresses, keys and tokens)."""
from recipec.runtime.processing.redaction.formatter import PIIRedactor

__all__ = ["PIIRedactor"]
