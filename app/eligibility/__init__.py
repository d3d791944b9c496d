"""Award eligibility: does a nominee meet the standard of the award proposed?

- ``facts``: a nominee's history and the proposal as frozen values, independent of storage;
- ``rules``: the rule kinds, each implemented once (parameters check and evaluation);
- ``engine``: choosing the rules in force on the proposal's date and combining their verdicts;
- ``store``: the rules and catalogue read from the database; ``seed``: the seed rules of both decrees;
- ``case_file`` and ``cli``: ``flask eligibility check CASE.json``.

The engine imports only ``app.models`` (and ``app.extensions`` to read); it never imports views.
"""
