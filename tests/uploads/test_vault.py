"""The vault format: round trips, and every kind of tampering fails."""

import io
import uuid

import pytest

from uploads import vault


def seal(data: bytes, doc_id=None):
    doc_id = doc_id or uuid.uuid4()
    out = io.BytesIO()
    w = vault.Writer(out, doc_id)
    for i in range(0, len(data), 10_000):
        w.write(data[i : i + 10_000])
    sealed = w.close()
    return out.getvalue(), sealed, doc_id


def open_all(blob: bytes, sealed, doc_id) -> bytes:
    return b"".join(
        vault.decrypt(
            io.BytesIO(blob),
            document_id=doc_id,
            key_id=sealed.key_id,
            wrapped_key=sealed.wrapped_key,
        )
    )


@pytest.mark.parametrize(
    "size", [1, vault.SEGMENT - 1, vault.SEGMENT, vault.SEGMENT + 1, 3 * vault.SEGMENT, 500_000]
)
def test_round_trip_at_segment_edges(size):
    data = bytes((i * 7) % 251 for i in range(size))
    blob, sealed, doc_id = seal(data)
    assert open_all(blob, sealed, doc_id) == data
    assert sealed.size == size
    f = vault.VaultFile(
        io.BytesIO(blob),
        len(blob),
        document_id=doc_id,
        key_id=sealed.key_id,
        wrapped_key=sealed.wrapped_key,
    )
    assert f.size == size
    f.seek(size // 2)
    assert f.read(1000) == data[size // 2 : size // 2 + 1000]


def test_no_plaintext_window_in_the_blob():
    text = ("The quick brown fox files form I-130 for his spouse. " * 4000).encode()
    blob, _, _ = seal(text)
    windows = {text[i : i + 16] for i in range(0, len(text) - 16)}
    assert not any(blob[i : i + 16] in windows for i in range(len(blob) - 16))


def _fails(blob, sealed, doc_id):
    with pytest.raises(vault.VaultError):
        open_all(blob, sealed, doc_id)


def test_bit_flip_fails():
    data = b"x" * 200_000
    blob, sealed, doc_id = seal(data)
    for pos in (0, 10, vault.HEADER_LEN + 5, len(blob) // 2, len(blob) - 1):
        flipped = bytearray(blob)
        flipped[pos] ^= 0x01
        _fails(bytes(flipped), sealed, doc_id)


def test_truncation_fails_even_at_a_segment_boundary():
    blob, sealed, doc_id = seal(b"y" * (3 * vault.SEGMENT + 100))
    boundary = vault.HEADER_LEN + 2 * (vault.SEGMENT + vault.TAG)
    _fails(blob[:boundary], sealed, doc_id)
    _fails(blob[:-1], sealed, doc_id)
    _fails(blob[: vault.HEADER_LEN], sealed, doc_id)


def test_reordering_segments_fails():
    blob, sealed, doc_id = seal(bytes(range(256)) * 1000)
    h, s = vault.HEADER_LEN, vault.SEGMENT + vault.TAG
    swapped = blob[:h] + blob[h + s : h + 2 * s] + blob[h : h + s] + blob[h + 2 * s :]
    _fails(swapped, sealed, doc_id)


def test_segments_or_blobs_swapped_between_documents_fail():
    a, sa, ida = seal(b"a" * 200_000)
    b, sb, _idb = seal(b"b" * 200_000)
    h, s = vault.HEADER_LEN, vault.SEGMENT + vault.TAG
    mixed = a[: h + s] + b[h + s : h + 2 * s] + a[h + 2 * s :]
    _fails(mixed, sa, ida)
    _fails(b, sa, ida)  # another document's blob under this row
    with pytest.raises(vault.VaultError):
        open_all(a, sb, ida)  # another row's key


def test_missing_key_fails_closed(settings):
    blob, sealed, doc_id = seal(b"z" * 1000)
    settings.PORTAL_KEYS = {"other": b"\x00" * 32}
    with pytest.raises(vault.VaultError, match="not in the key ring"):
        open_all(blob, sealed, doc_id)
