"""The vault's business operations, split by concern.

``storage`` keeps, reads, re-keys and destroys blobs; ``ocr_jobs`` reads their text;
``search`` finds documents by it; ``review`` lets staff confirm what was read and fill
the matter. Other apps call these through this package (``from uploads import
services``); modules of the uploads app import from the module that defines a name.
The ``search`` function is not re-exported: that name is the module's
(``services.search.search``).
"""

from uploads.services.ocr_jobs import (
    OCR_KINDS,
    claim_for_ocr,
    enqueue_ocr,
    give_back,
    ocr_kind,
    open_text,
    read_text,
    reindex_search,
    run_ocr,
    save_reading,
    sweep_ocr,
)
from uploads.services.review import (
    CONFIRM_KEYS,
    ICAO_SPECIAL,
    confirm_fields,
    fill_matter,
    proposals,
)
from uploads.services.search import search_tokens, snippet
from uploads.services.storage import (
    confirm_upload,
    destroy,
    finish_destroyed,
    read,
    rotate_keys,
    store_upload,
    verify_all,
    withdraw_upload,
)

__all__ = [
    "CONFIRM_KEYS",
    "ICAO_SPECIAL",
    "OCR_KINDS",
    "claim_for_ocr",
    "confirm_fields",
    "confirm_upload",
    "destroy",
    "enqueue_ocr",
    "fill_matter",
    "finish_destroyed",
    "give_back",
    "ocr_kind",
    "open_text",
    "proposals",
    "read",
    "read_text",
    "reindex_search",
    "rotate_keys",
    "run_ocr",
    "save_reading",
    "search_tokens",
    "snippet",
    "store_upload",
    "sweep_ocr",
    "verify_all",
    "withdraw_upload",
]
