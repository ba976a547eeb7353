"""``dezgo batch``: many jobs from a manifest, concurrent, resumable, budgeted, never paying twice.

One module a job: ``manifest`` and ``outputs`` (reading and checking rows and
output names), ``journal`` (the durable record that makes re-runs safe), ``disk``
(where every byte goes), ``budget`` (the batch's own budget), ``outcomes`` (what an
error means for a job), ``runner`` (sending the jobs), ``summary`` (what a run did)
and ``cli`` (the command line). ``dezgo.batch.run(manifest, out_dir, ...)`` is the
Python face of ``dezgo batch``; docs/batch.md is the user's documentation.
"""

from dezgo.batch.journal import JournalBusyError
from dezgo.batch.manifest import Job, ManifestError, load_manifest
from dezgo.batch.runner import Summary, run

__all__ = ["Job", "JournalBusyError", "ManifestError", "Summary", "load_manifest", "run"]
