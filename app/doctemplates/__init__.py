"""The office's own Word templates: checking an upload, keeping its versions, rendering through the one in force.

``checks`` refuses what must never be activated; ``store`` holds the operations (upload, activate)
and ``render``, which every document goes through so that a broken template never stops issuing.
"""
