"""Nominees as records and the award registry (sổ khen thưởng): finding or creating the person or
collective a dossier proposes, and entering awards in the registry (``records.py``). Models are in
``app/models/registry.py``; the eligibility engine's facts are read from these tables by
``app/eligibility/registry_facts.py``."""
