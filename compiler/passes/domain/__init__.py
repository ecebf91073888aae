"""Domain checks, run in this order by `check_domain`."""
DOMAIN_CHECKS = ()
