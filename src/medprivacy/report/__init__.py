"""The release report: one verdict (ready to release / blocked) with its reasons, a review page
for the steward (private/review.html, .json) and a README for the researcher (release/README.html,
release.json). See :func:`medprivacy.report.build.build_reports`."""

from medprivacy.report.build import build_reports, report_run
from medprivacy.report.verdict import Gates, Verdict

__all__ = ["Gates", "Verdict", "build_reports", "report_run"]
