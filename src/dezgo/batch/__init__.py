"""``dezgo batch``: many jobs from a manifest, concurrent, resumable, budgeted, never paying twice.

One module a job: ``manifest`` (reading and checking rows), ``journal`` (the
durable record that makes re-runs safe), ``runner`` (sending the jobs) and
``cli`` (the command line). ``dezgo.batch.run(manifest, out_dir, ...)`` is the
Python face of ``dezgo batch``.
"""

from dezgo.batch.manifest import Job, ManifestError, load_manifest
from dezgo.batch.runner import Summary, run

__all__ = ["Job", "ManifestError", "Summary", "load_manifest", "run"]
