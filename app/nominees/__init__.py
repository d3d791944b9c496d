"""Nominees as records, below the features that use them: finding or creating the person or collective a
dossier proposes and entering awards in the registry (``records.py``), and merging two records found to
be one person (``merging.py``). Operations only (no views): the dossier form, the workflow's decision and
the registry screens (``app/registry``) all call them."""
