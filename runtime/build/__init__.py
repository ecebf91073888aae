"""Running a plan: which steps are out of date and why (`status`), and running them (`builder`)."""
