"""Partner files from a data·inclusion export (``invoke import-partners FILE``): the names used elsewhere.

``export_reader`` reads and checks the export, ``values`` turns its records into our fields' values,
``partner_file`` edits a partner file line by line, ``report`` is what the import tells, and ``importer``
runs the import.
"""

from .import_state import STATE_FILE
from .importer import import_partners, run_import_partners
from .partner_file import PartnerFile

__all__ = ["STATE_FILE", "PartnerFile", "import_partners", "run_import_partners"]
