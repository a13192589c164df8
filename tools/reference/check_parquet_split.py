"""Checks that the rotten_tomatoes split rule used by the other scripts (rt-polarity.{pos,neg}; per polarity, lines
[0,4265) train / [4265,4798) validation / [4798,5331) test; positives first; lines stripped) reproduces the texts and
labels of /work/shared/data/rotten_tomatoes/{train,validation,test}.parquet exactly — without pyarrow, via a minimal
Parquet reader (Thrift compact footer and page headers, Snappy, PLAIN encoding: enough for these Parquet.Net files).

Produces: nothing (prints one line per split; exits non-zero on a mismatch).
Run:      /usr/bin/python3 tools/reference/check_parquet_split.py
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert_tokenize import load_split_texts  # noqa: E402

DATA = "/work/shared/data/rotten_tomatoes"


def _varint(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if not x & 0x80:
            return r, i


def _zigzag(n):
    return (n >> 1) ^ -(n & 1)


def _value(b, i, t):
    if t in (1, 2):
        return t == 1, i
    if t == 3:
        return b[i], i + 1
    if t in (4, 5, 6):
        v, i = _varint(b, i)
        return _zigzag(v), i
    if t == 7:
        return struct.unpack("<d", b[i:i + 8])[0], i + 8
    if t == 8:
        n, i = _varint(b, i)
        return bytes(b[i:i + n]), i + n
    if t in (9, 10):
        h = b[i]
        i += 1
        n, et = h >> 4, h & 15
        if n == 15:
            n, i = _varint(b, i)
        out = []
        for _ in range(n):
            if et in (1, 2):
                out.append(b[i] == 1)
                i += 1
            else:
                v, i = _value(b, i, et)
                out.append(v)
        return out, i
    if t == 12:
        return _struct(b, i)
    raise ValueError(f"thrift type {t}")


def _struct(b, i):
    d, fid = {}, 0
    while True:
        h = b[i]
        i += 1
        if h == 0:
            return d, i
        t, delta = h & 15, h >> 4
        if delta:
            fid += delta
        else:
            v, i = _varint(b, i)
            fid = _zigzag(v)
        d[fid], i = _value(b, i, t)


def _snappy(b):
    n, i = _varint(b, 0)
    out = bytearray()
    while i < len(b):
        tag = b[i]
        i += 1
        kind = tag & 3
        if kind == 0:
            ln = tag >> 2
            if ln >= 60:
                nb = ln - 59
                ln = int.from_bytes(b[i:i + nb], "little")
                i += nb
            ln += 1
            out += b[i:i + ln]
            i += ln
            continue
        if kind == 1:
            ln, off = ((tag >> 2) & 7) + 4, ((tag >> 5) << 8) | b[i]
            i += 1
        elif kind == 2:
            ln, off = (tag >> 2) + 1, int.from_bytes(b[i:i + 2], "little")
            i += 2
        else:
            ln, off = (tag >> 2) + 1, int.from_bytes(b[i:i + 4], "little")
            i += 4
        for _ in range(ln):
            out.append(out[-off])
    assert len(out) == n
    return bytes(out)


def _plain(data, typ, n):
    out, j = [], 0
    for _ in range(n):
        if typ == 6:  # BYTE_ARRAY (UTF-8 string)
            ln = struct.unpack("<I", data[j:j + 4])[0]
            out.append(data[j + 4:j + 4 + ln].decode("utf-8"))
            j += 4 + ln
        elif typ == 2:  # INT64
            out.append(struct.unpack("<q", data[j:j + 8])[0])
            j += 8
        elif typ == 1:  # INT32
            out.append(struct.unpack("<i", data[j:j + 4])[0])
            j += 4
        else:
            raise ValueError(f"parquet type {typ}")
    return out


def read_parquet(path):
    b = open(path, "rb").read()
    assert b[:4] == b"PAR1" and b[-4:] == b"PAR1"
    flen = struct.unpack("<I", b[-8:-4])[0]
    meta, _ = _struct(b, len(b) - 8 - flen)
    optional = {e[4].decode(): e.get(3) == 1 for e in meta[2][1:]}  # schema: repetition_type 1 = OPTIONAL
    cols = {}
    for rg in meta[4]:
        for cc in rg[1]:
            md = cc[3]
            name, codec, nvals, typ = md[3][0].decode(), md[4], md[5], md[1]
            i, vals = md[9], []
            while len(vals) < nvals:
                ph, i = _struct(b, i)
                raw = b[i:i + ph[3]]
                i += ph[3]
                data = _snappy(raw) if codec == 1 else raw
                assert ph[1] == 0, "only DATA_PAGE v1 supported"
                dp = ph[5]
                assert dp[2] == 0, "only PLAIN encoding supported"
                j = 0
                if optional[name]:  # length-prefixed RLE definition levels; assume no nulls
                    j = 4 + struct.unpack("<I", data[:4])[0]
                vals.extend(_plain(data[j:], typ, dp[1]))
            cols.setdefault(name, []).extend(vals)
    return cols


def main():
    ok = True
    for split in ("train", "validation", "test"):
        cols = read_parquet(os.path.join(DATA, f"{split}.parquet"))
        texts, labels = load_split_texts(split)
        same = cols["text"] == texts and cols["label"] == labels
        ok &= same
        print(f"{split}: {len(cols['text'])} rows, split rule reproduces parquet texts+labels: {same}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
