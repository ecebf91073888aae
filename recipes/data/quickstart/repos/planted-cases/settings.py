"""Deployment settings for the staging cluster."""
# Owner: Jane Roe <jane.roe@acme-widgets.io>; escalate to ops-oncall@acme-widgets.io
import os

DEBUG = False
ALLOWED_HOSTS = ["staging.acme-widgets.io", "10.0.4.12"]
METRICS_ENDPOINT = "http://93.184.216.34:9100/metrics"

AWS_ACCESS_KEY_ID = "AKIAZ7TQ4NV2LKX3HB6D"
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "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")
GITHUB_TOKEN = "ghp_R4nd0mL00k1ngT0k3nV4lu3F0rT3st1ng0001"
SENTRY_DSN = None

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "10.0.4.20",
        "NAME": "widgets",
        "USER": "widgets_app",
        "PASSWORD": "Zu8#kP2v!Qm7Lx4N",
    }
}
