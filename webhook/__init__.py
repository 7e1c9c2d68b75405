"""railguard: Kubernetes admission guardrails with one review pipeline for the webhook and the CLI."""

__version__ = "0.1.0"
